import { describe, expect, it } from '@jest/globals';
import { HEAP_GROWING_ENV, HEAP_GROWING_PERCENT, limitHeapGrowth } from '../../src/cli/heap-growth.js';

describe('limitHeapGrowth', () => {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);

  it("sets cisfleet's growth by default, and the one CISFLEET_HEAP_GROWING_PERCENT names", () => {
    expect(limitHeapGrowth(['--experimental-vm-modules'], {}, warn)).toBe(HEAP_GROWING_PERCENT);
    expect(limitHeapGrowth([], { [HEAP_GROWING_ENV]: '100' }, warn)).toBe(100);
    expect(warnings).toEqual([]);
  });

  it("leaves V8's own when the variable says 0 or node was started with the flag, in either spelling", () => {
    expect(limitHeapGrowth([], { [HEAP_GROWING_ENV]: '0' }, warn)).toBeUndefined();
    expect(limitHeapGrowth(['--heap-growing-percent=20'], {}, warn)).toBeUndefined();
    expect(limitHeapGrowth(['--heap_growing_percent=20'], { [HEAP_GROWING_ENV]: '70' }, warn)).toBeUndefined();
  });

  it('warns about a value that is not a whole number and keeps the default', () => {
    expect(limitHeapGrowth([], { [HEAP_GROWING_ENV]: 'half' }, warn)).toBe(HEAP_GROWING_PERCENT);
    expect(warnings).toEqual([
      `${HEAP_GROWING_ENV}=half is not a whole number of percent (0 for V8's default); using ${HEAP_GROWING_PERCENT}.`,
    ]);
  });
});
