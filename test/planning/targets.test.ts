import { describe, expect, it } from '@jest/globals';
import { resolveTargets } from '../../src/planning/targets.js';
import { orgSnapshot } from '../helpers/org-builder.js';

const none = { includeAccounts: [], excludeAccounts: [] };
/** Splits targets the way the config normaliser does. */
const ous = (...targets: string[]) => ({
  organizationalUnitIds: targets.filter((t) => !t.startsWith('/')),
  organizationalUnitPaths: targets.filter((t) => t.startsWith('/')),
});

describe('resolveTargets', () => {
  it('includes accounts of nested OUs under a targeted path', () => {
    const org = orgSnapshot()
      .account('222222222222', '/Root/Workloads/Prod')
      .account('333333333333', '/Root/Workloads/Dev/Team')
      .account('444444444444', '/Root/Sandbox')
      .build();
    const result = resolveTargets(org, { ...ous('/Root/Workloads'), ...none });
    expect(result.accounts.map((a) => a.id)).toEqual(['222222222222', '333333333333']);
    expect(result.unresolved).toEqual([]);
  });

  it('accepts OU ids as well as paths and does not duplicate an OU given twice', () => {
    const builder = orgSnapshot().account('222222222222', '/Root/Workloads');
    const ouId = builder.unitId('/Root/Workloads');
    const result = resolveTargets(builder.build(), { ...ous(ouId, '/Root/Workloads'), ...none });
    expect(result.ouIds).toEqual([ouId]);
    expect(result.accounts).toHaveLength(1);
  });

  it('skips the management account, excluded and non-ACTIVE accounts, each with a reason', () => {
    const org = orgSnapshot('111111111111')
      .account('111111111111', '/Root')
      .account('222222222222', '/Root', 'SUSPENDED')
      .account('333333333333', '/Root')
      .account('444444444444', '/Root')
      .build();
    const result = resolveTargets(org, { ...ous('/Root'), includeAccounts: [], excludeAccounts: ['333333333333'] });
    expect(result.accounts.map((a) => a.id)).toEqual(['444444444444']);
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.account.id, s.reason]));
    expect(reasons['111111111111']).toMatch(/management account/);
    expect(reasons['222222222222']).toMatch(/SUSPENDED/);
    expect(reasons['333333333333']).toMatch(/excluded/);
  });

  it('reports targets that name nothing in the organization', () => {
    const org = orgSnapshot().account('222222222222', '/Root/Workloads').build();
    const result = resolveTargets(org, {
      ...ous('/Root/Workload'),
      includeAccounts: ['999999999999'],
      excludeAccounts: [],
    });
    expect(result.unresolved).toEqual(['/Root/Workload', '999999999999']);
    expect(result.accounts).toEqual([]);
  });

  it('adds included accounts outside the targeted OUs', () => {
    const org = orgSnapshot()
      .account('222222222222', '/Root/Workloads')
      .account('333333333333', '/Root/Sandbox')
      .build();
    const result = resolveTargets(org, {
      ...ous('/Root/Workloads'),
      includeAccounts: ['333333333333'],
      excludeAccounts: [],
    });
    expect(result.accounts.map((a) => a.id)).toEqual(['222222222222', '333333333333']);
  });
});
