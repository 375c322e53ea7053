import type { Clock, Sleep } from '../../src/clock.js';

/** Time a test moves by hand: the simulator's ManualClock is one (so the simulator and cisfleet share it). */
export interface SettableTime {
  now(): number;
  advance(ms: number): void;
}

export interface FakeClockOptions {
  /** Called at each sleep before time moves: a test presses Ctrl-C here (aborting the sleep's signal). */
  readonly onSleep?: (ms: number) => void;
}

/**
 * A Clock whose sleeps return at once, moving time forward by what they asked for: a wait of hours runs in
 * milliseconds, and its timeouts still fire at the same checks. A sleep whose signal aborts (before or during
 * it) moves no time, as a real one ends early.
 */
export class FakeClock implements Clock {
  /** Every sleep asked for, in ms, in order. */
  readonly sleeps: number[] = [];

  constructor(
    private readonly time: SettableTime,
    private readonly options: FakeClockOptions = {},
  ) {}

  readonly now = (): number => this.time.now();

  readonly sleep: Sleep = (ms, signal) => {
    this.sleeps.push(ms);
    this.options.onSleep?.(ms);
    if (!signal?.aborted) this.time.advance(ms);
    return Promise.resolve();
  };

  /** Moves time without a sleep (something else took this long). */
  advance(ms: number): void {
    this.time.advance(ms);
  }
}

/** 2026-11-28 12:00 UTC: the simulator's default start too. */
const START = Date.UTC(2026, 10, 28, 12, 0, 0);

/**
 * A fake clock on `time` (the simulator's clock, so simulated AWS moves as cisfleet sleeps), or on time of its
 * own starting at `start` epoch ms.
 */
export function fakeClock(time: SettableTime | number = START, options: FakeClockOptions = {}): FakeClock {
  if (typeof time !== 'number') return new FakeClock(time, options);
  let current = time;
  return new FakeClock(
    {
      now: () => current,
      advance: (ms) => {
        current += ms;
      },
    },
    options,
  );
}
