import { describe, it, expect } from '@jest/globals';
import { MAX_OUS_PER_CALL } from '../../src/model/stack-sets.js';
import { callsFor, callsNote, instanceOperations } from '../../src/planning/instance-operations.js';
import { ScopeResolver } from '../../src/planning/ou-scope.js';
import type { PlannedInstance } from '../../src/planning/rollout-plan.js';
import { NO_MANAGEMENT, REGIONS, deployedSet, setup, type CreateOperation } from './rollout-fixtures.js';
import { only } from '../helpers/elements.js';

const ous = (n: number) => Array.from({ length: n }, (_, i) => `ou-root-${String(i).padStart(8, '0')}`);

const planned = (accountId: string, overrides: Record<string, string> = {}): PlannedInstance[] =>
  REGIONS.map((region) => ({ accountId, region, overrides, reason: 'test' }));

describe('callsFor', () => {
  it('is one call per MAX_OUS_PER_CALL OUs, and one for targets by account only', () => {
    expect(MAX_OUS_PER_CALL).toBe(50);
    expect(callsFor({ organizationalUnitIds: ous(50) })).toBe(1);
    expect(callsFor({ organizationalUnitIds: ous(51) })).toBe(2);
    expect(callsFor({ organizationalUnitIds: ous(101) })).toBe(3);
    expect(callsFor({ accounts: ['200000000001'] })).toBe(1);
    expect(callsNote(1)).toBe('');
    expect(callsNote(3)).toBe(', 3 calls: more than 50 OUs');
  });
});

describe('instanceOperations', () => {
  it('splits more than 50 OUs into several calls and the plan says so', () => {
    const { org, targets } = setup(
      {
        targets: {
          includeManagementAccount: false,
          organizationalUnits: Array.from({ length: 60 }, (_, i) => `/Root/Fleet/U${i}`),
        },
      },
      (b) => {
        for (let i = 0; i < 60; i++) b.account(String(300_000_000_000 + i), `/Root/Fleet/U${i}`);
      },
    );
    const add = targets.accounts.flatMap((a) => planned(a.id));

    const create = only(
      instanceOperations('create-instances', add, new ScopeResolver(org, targets, 'SERVICE_MANAGED'), undefined),
      'operation',
    ) as CreateOperation;

    expect(create.calls).toBe(2);
    expect(create.targets.organizationalUnitIds).toHaveLength(60);
    expect(create.title).toBe('CreateStackInstances (60 OUs × 2 regions, 2 calls: more than 50 OUs)');
  });

  it('updates target their accounts inside their OUs (INTERSECTION), one call per set of overrides', () => {
    const { org, targets, desired } = setup(NO_MANAGEMENT);
    const workloads = only(targets.ouIds, 'target OU');
    const update = [...planned('200000000001', { AdminPortsMode: 'DETECT' }), ...planned('200000000002')];

    const operations = instanceOperations(
      'update-instances',
      update,
      new ScopeResolver(org, targets, 'SERVICE_MANAGED'),
      deployedSet(desired, [workloads]),
    ) as CreateOperation[];

    expect(operations.map((o) => [o.title, o.targets, o.overrides])).toEqual([
      [
        'UpdateStackInstances (1 account × 2 regions)',
        { organizationalUnitIds: [workloads], accounts: ['200000000002'], accountFilterType: 'INTERSECTION' },
        {},
      ],
      [
        'UpdateStackInstances (1 account × 2 regions)',
        { organizationalUnitIds: [workloads], accounts: ['200000000001'], accountFilterType: 'INTERSECTION' },
        { AdminPortsMode: 'DETECT' },
      ],
    ]);
    expect(operations[1]?.why).toMatch(/with overrides AdminPortsMode=DETECT: a call carries one set of overrides/);
  });

  it('self-managed stack sets target accounts, never OUs', () => {
    const { org, targets } = setup(NO_MANAGEMENT);

    const operations = instanceOperations(
      'create-instances',
      [...planned('200000000001'), ...planned('200000000002')],
      new ScopeResolver(org, targets, 'SELF_MANAGED'),
      undefined,
    ) as CreateOperation[];

    expect(operations.map((o) => [o.targets, o.calls])).toEqual([[{ accounts: ['200000000001', '200000000002'] }, 1]]);
  });
});
