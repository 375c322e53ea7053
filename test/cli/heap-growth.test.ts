import { describe, expect, it } from '@jest/globals';
import { limitHeapGrowth } from '../../src/cli/heap-growth.js';

describe('limitHeapGrowth', () => {
  it("leaves V8's heap growth alone when the user chose one, in node's flags or NODE_OPTIONS, in either spelling", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=20'], '')).toBe(false);
    expect(limitHeapGrowth([], '--max-old-space-size=4096 --heap_growing_percent=0')).toBe(false);
  });

  it('sets it otherwise', () => {
    expect(limitHeapGrowth(['--experimental-vm-modules'], '--max-old-space-size=4096')).toBe(true);
  });
});
