import { describe, it, expect } from '@jest/globals';
import { ScopeResolver } from '../../src/planning/ou-scope.js';
import type { CurrentRolloutState, PlannedInstance } from '../../src/planning/rollout-plan.js';
import { buildRemovalPlan, removalOperations } from '../../src/planning/rollout-removal.js';
import { NO_MANAGEMENT, REGIONS, deployedSet, instance, setup } from './rollout-fixtures.js';
import { only } from '../helpers/elements.js';

const removed = (accountId: string, ouId: string): PlannedInstance[] =>
  REGIONS.map((region) => ({ accountId, region, ouId, reason: 'account no longer targeted' }));

describe('removalOperations', () => {
  it('removes an account that left the targets by INTERSECTION, never by deleting the whole OU it was recorded under', () => {
    const { org, targets, desired } = setup(
      { ...NO_MANAGEMENT, targets: { includeManagementAccount: false, includeAccounts: [] } },
      (b) => b.account('200000000009', '/Root'),
    );
    const workloads = only(targets.ouIds, 'target OU');

    const operations = removalOperations(
      removed('200000000009', org.rootId),
      deployedSet(desired, [workloads, org.rootId]),
      desired,
      targets,
      new ScopeResolver(org, targets, 'SERVICE_MANAGED'),
      false,
    );

    expect(operations).toEqual([
      expect.objectContaining({
        kind: 'delete-instances',
        targets: { organizationalUnitIds: [org.rootId], accounts: ['200000000009'], accountFilterType: 'INTERSECTION' },
        calls: 1,
      }),
    ]);
  });

  it('deletes a whole OU dropped from accounts.yaml when no targeted account lies below it', () => {
    const builder = (b: { account: (id: string, path: string) => unknown }) => b.account('200000000008', '/Root/Old');
    const { org, targets, desired } = setup(NO_MANAGEMENT, builder);
    const workloads = only(targets.ouIds, 'target OU');
    const old = org.accounts.find((a) => a.id === '200000000008')!.parentId;

    const operations = removalOperations(
      removed('200000000008', old),
      deployedSet(desired, [workloads, old]),
      desired,
      targets,
      new ScopeResolver(org, targets, 'SERVICE_MANAGED'),
      true,
    );

    expect(operations).toEqual([
      {
        kind: 'delete-instances',
        title: 'DeleteStackInstances (1 OU no longer targeted)',
        why: 'OUs removed from accounts.yaml: their instances go and auto-deployment stops there',
        targets: { organizationalUnitIds: [old] },
        regions: [...REGIONS].sort(),
        retainStacks: true,
        calls: 1,
      },
    ]);
  });
});

describe('buildRemovalPlan', () => {
  it('--remove deletes every instance, then the stack set, then the management account stacks', () => {
    const { org, targets, desired } = setup();
    const workloads = only(targets.ouIds, 'target OU');
    const state: CurrentRolloutState = {
      stackSet: deployedSet(desired, [workloads]),
      instances: ['200000000001'].flatMap((a) => REGIONS.map((r) => instance(a, r, workloads))),
      managementStacks: {
        'us-east-1': { exists: true, parameters: {} },
        'eu-west-1': { exists: false, parameters: {} },
      },
    };

    const plan = buildRemovalPlan(desired, state, targets, org, { remove: true, retainStacks: true });

    expect(plan.mode).toBe('remove');
    expect(plan.operations.map((o) => o.kind)).toEqual(['delete-instances', 'delete-stack-set', 'delete-stack']);
    expect(plan.operations[0]).toMatchObject({ retainStacks: true, targets: { organizationalUnitIds: [workloads] } });
    expect(plan.managementAccount).toMatchObject({ action: 'delete', regions: [{ region: 'us-east-1' }] });
  });

  it('has nothing to do when no stack set and no management stack exist', () => {
    const { org, targets, desired } = setup();

    const plan = buildRemovalPlan(desired, { instances: [], managementStacks: {} }, targets, org, { remove: true });

    expect(plan).toMatchObject({ upToDate: true, operations: [], stackSet: { action: 'none' } });
  });
});
