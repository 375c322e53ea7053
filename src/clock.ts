/**
 * Time as cisfleet sees it: the current time, and a sleep that Ctrl-C ends. One clock is built in the composition
 * root (cli/command-context.ts) and passed down to every wait (aws/poll-until.ts) and every timestamp; tests pass
 * one whose sleep moves simulated time instead of waiting (test/helpers/fake-clock.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`; may reject or resolve early once `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Clock {
  /** Epoch milliseconds. Whatever needs a Date (a report's generatedAt, a window's start) converts where it needs it. */
  readonly now: () => number;
  readonly sleep: Sleep;
}

/** Real time; an abort rejects the sleep at once and clears its timer. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
};
