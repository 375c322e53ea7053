import { describe, expect, it } from '@jest/globals';
import { mapBounded } from '../src/bounded.js';

describe('mapBounded', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(peak).toBe(3);
    expect(results.map((r) => (r.ok ? r.value : undefined))).toEqual([50, 10, 40, 20, 30, 60, 70]);
  });

  it('keeps going past failures and reports each one in place', async () => {
    const results = await mapBounded(['a', 'b', 'c'], 2, (s) =>
      s === 'b' ? Promise.reject(new Error('b failed')) : Promise.resolve(s.toUpperCase()),
    );
    expect(results).toEqual([
      { ok: true, value: 'A', item: 'a' },
      { ok: false, error: new Error('b failed'), item: 'b' },
      { ok: true, value: 'C', item: 'c' },
    ]);
  });
});
