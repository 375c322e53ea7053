import { describe, it, expect } from '@jest/globals';
import { targetBatches } from '../../src/aws/stacksets-gateway.js';
import { MAX_OUS_PER_CALL } from '../../src/model/stack-sets.js';

const ous = (n: number) => Array.from({ length: n }, (_, i) => `ou-root-${String(i).padStart(8, '0')}`);

describe('targetBatches', () => {
  it('leaves 50 OUs or fewer as one call', () => {
    const targets = {
      organizationalUnitIds: ous(MAX_OUS_PER_CALL),
      accounts: ['222222222222'],
      accountFilterType: 'DIFFERENCE' as const,
    };
    expect(targetBatches(targets)).toEqual([targets]);
  });

  it('repeats INTERSECTION/DIFFERENCE accounts in every batch: they filter each batch’s OUs', () => {
    const batches = targetBatches({
      organizationalUnitIds: ous(120),
      accounts: ['222222222222'],
      accountFilterType: 'DIFFERENCE',
    });
    expect(batches.map((b) => b.organizationalUnitIds?.length)).toEqual([50, 50, 20]);
    expect(batches.every((b) => b.accountFilterType === 'DIFFERENCE' && b.accounts?.[0] === '222222222222')).toBe(true);
    expect(batches.flatMap((b) => b.organizationalUnitIds)).toEqual(ous(120));
  });

  it('sends UNION accounts (explicit or implied) with the first batch only: they are added, once is enough', () => {
    for (const accountFilterType of ['UNION', undefined] as const) {
      const batches = targetBatches({ organizationalUnitIds: ous(60), accounts: ['222222222222'], accountFilterType });
      expect(batches.map((b) => b.accounts ?? [])).toEqual([['222222222222'], []]);
      expect(batches[1]!.accountFilterType).toBeUndefined();
    }
  });
});
