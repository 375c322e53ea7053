import { describe, expect, it } from '@jest/globals';
import { figuresToJson, formatFigure, median } from '../../src/bench/figures.js';

describe('benchmark figures', () => {
  it('print as `name: value unit (target …)`, the note kept out of the line', () => {
    const figure = {
      name: 'rollout.preflight.ratio',
      value: 1.2345,
      unit: '×',
      target: '<= 1.25×',
      note: '984 accounts',
    };
    expect(formatFigure(figure)).toBe('rollout.preflight.ratio: 1.23 × (target <= 1.25×)');
    expect(formatFigure({ ...figure, value: 141, unit: 'calls' })).toBe(
      'rollout.preflight.ratio: 141 calls (target <= 1.25×)',
    );
  });

  it('write JSON keyed by name, with the note when there is one', () => {
    const json = figuresToJson([
      { name: 'a', value: 1, unit: 'ms', target: '< 2 ms' },
      { name: 'b', value: 2, unit: 's', target: 'n/a', note: 'why' },
    ]);
    expect(json).toEqual({
      a: { value: 1, unit: 'ms', target: '< 2 ms' },
      b: { value: 2, unit: 's', target: 'n/a', note: 'why' },
    });
  });

  it('take the median of odd and even samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
