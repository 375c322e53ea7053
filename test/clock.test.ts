import { describe, expect, it } from '@jest/globals';
import { systemClock } from '../src/clock.js';
import { every, pollUntil } from '../src/aws/poll-until.js';
import { fakeClock } from './helpers/fake-clock.js';

describe('systemClock', () => {
  it('ends a sleep at once when its signal aborts (Ctrl-C does not wait out a poll interval)', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toThrow(/abort/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('fakeClock (test/helpers/fake-clock.ts)', () => {
  it('moves time by each sleep instead of waiting, and records the sleeps', async () => {
    const clock = fakeClock(1_000);
    await clock.sleep(250);
    await clock.sleep(750);
    expect(clock.now()).toBe(2_000);
    expect(clock.sleeps).toEqual([250, 750]);
  });

  it('moves no time for a sleep whose signal aborts, as a real one ends early', async () => {
    const controller = new AbortController();
    const clock = fakeClock(0, { onSleep: () => controller.abort() });
    await clock.sleep(5_000, controller.signal);
    expect(clock.now()).toBe(0);
    expect(clock.sleeps).toEqual([5_000]);
  });

  it('shares time with a settable clock (the simulator’s), so both move together', async () => {
    let simulated = 10;
    const clock = fakeClock({ now: () => simulated, advance: (ms) => (simulated += ms) });
    await clock.sleep(5);
    expect(simulated).toBe(15);
    expect(clock.now()).toBe(15);
  });

  it('runs an hour-long pollUntil timeout in no real time, timing out at the same check as real time would', async () => {
    const clock = fakeClock(0);
    let checks = 0;
    const outcome = await pollUntil(
      () => Promise.resolve(++checks),
      () => false,
      { timeoutMs: 3_600_000, interval: every(60_000), clock },
    );
    expect(outcome).toEqual({ status: 'timed-out', value: 61, waitedMs: 3_600_000 });
    expect(clock.sleeps).toHaveLength(60);
  });
});
