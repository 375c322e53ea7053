/**
 * The one wait loop. Every wait in cisfleet (a stack set operation, account creation, a new account's member
 * role, stack instances, first Config results) is: check, stop when done, give up after a named timeout, sleep
 * between checks (backing off), stop at once on Ctrl-C. Each caller turns the outcome into its own message: what
 * was waited for, how long, and how to resume or check.
 */
import type { Clock, Sleep } from '../clock.js';
import { Backoff, sleepUnlessAborted, type PollPolicy } from './operation-poller.js';

/** A fixed delay between checks. */
export const every = (ms: number): PollPolicy => ({ initialMs: ms, maxMs: ms, factor: 1 });

export interface PollUntilOptions<T> {
  /** Gives up once this long has passed since the first check (0: one check only). */
  readonly timeoutMs: number;
  readonly interval: PollPolicy;
  readonly clock: Clock;
  /** Ctrl-C: ends the wait at once. */
  readonly signal?: AbortSignal;
  /** After each check that was not done (progress output); `check` counts from 1. */
  readonly onPending?: (value: T, check: number) => void | Promise<void>;
}

export type PollOutcome<T> =
  | { readonly status: 'done'; readonly value: T }
  | { readonly status: 'timed-out'; readonly value: T; readonly waitedMs: number }
  | { readonly status: 'aborted'; readonly value: T | undefined; readonly waitedMs: number };

/** Calls `check` until `done` holds, the timeout passes or the signal aborts; says which, with the last value. */
export async function pollUntil<T>(
  check: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollUntilOptions<T>,
): Promise<PollOutcome<T>> {
  const { clock, signal } = options;
  const backoff = new Backoff(options.interval);
  const started = clock.now();
  let last: T | undefined;
  for (let n = 1; ; n++) {
    if (signal?.aborted) return { status: 'aborted', value: last, waitedMs: clock.now() - started };
    const value = await check();
    last = value;
    if (done(value)) return { status: 'done', value };
    await options.onPending?.(value, n);
    const waitedMs = clock.now() - started;
    if (waitedMs >= options.timeoutMs) return { status: 'timed-out', value, waitedMs };
    if ((await sleepUnlessAborted(clock.sleep, backoff.next(), signal)) === 'aborted')
      return { status: 'aborted', value, waitedMs: clock.now() - started };
  }
}

/** A clock that counts only the time slept: waits bounded in polling time whatever the calls themselves take. */
export function sleepCountingClock(sleep: Sleep): Clock {
  let slept = 0;
  return {
    now: () => slept,
    sleep: async (ms, signal) => {
      slept += ms;
      await sleep(ms, signal);
    },
  };
}

/** A duration in words for messages: `45 s`, `12 min`, `4 h`. */
export function formatDuration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}
