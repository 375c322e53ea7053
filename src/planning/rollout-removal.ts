/**
 * Taking instances away: those a rollout no longer targets (by dropped OU where that is safe, else by account),
 * and `--remove`, which takes every instance, the stack set and the management account's stacks. Pure.
 */
import type { DeploymentTargets, StackSetState } from '../model/stack-sets.js';
import type { OrgSnapshot } from '../org/model.js';
import type { DesiredStackSet } from './desired-stackset.js';
import { skippedAccounts } from './instance-classification.js';
import { callsFor, callsNote } from './instance-operations.js';
import { managementRemoval } from './management-account.js';
import type { ScopeResolver } from './ou-scope.js';
import {
  ROLLOUT_PLAN_VERSION,
  type CurrentRolloutState,
  type PlannedInstance,
  type PlannedOperation,
  type RolloutPlan,
  type RolloutPlanOptions,
} from './rollout-plan-data.js';
import type { ResolvedTargets } from './targets.js';

export function removalOperations(
  remove: readonly PlannedInstance[],
  stackSet: StackSetState | undefined,
  desired: DesiredStackSet,
  targets: ResolvedTargets,
  scope: ScopeResolver,
  retainStacks: boolean,
): PlannedOperation[] {
  if (remove.length === 0 || !stackSet) return [];
  const operations: PlannedOperation[] = [];
  // A whole OU is deleted only when no targeted account lies below it: an OU-wide delete of the root (where
  // accounts included by id are recorded) would take every instance in the organization.
  const wanted = targets.accounts.map((a) => a.id);
  const droppedOus = stackSet.organizationalUnitIds.filter(
    (ou) => !targets.ouIds.includes(ou) && remove.some((r) => r.ouId === ou) && !scope.holdsAnyOf(ou, wanted),
  );
  const viaDroppedOu = (r: PlannedInstance) => r.ouId !== undefined && droppedOus.includes(r.ouId);
  if (scope.permissionModel === 'SERVICE_MANAGED' && droppedOus.length > 0) {
    const regions = [...new Set(remove.filter(viaDroppedOu).map((r) => r.region))].sort();
    operations.push({
      kind: 'delete-instances',
      title: `DeleteStackInstances (${droppedOus.length} OU${droppedOus.length === 1 ? '' : 's'} no longer targeted)`,
      why: 'OUs removed from accounts.yaml: their instances go and auto-deployment stops there',
      targets: { organizationalUnitIds: droppedOus },
      regions,
      retainStacks,
      calls: callsFor({ organizationalUnitIds: droppedOus }),
    });
  }
  const rest = scope.permissionModel === 'SERVICE_MANAGED' ? remove.filter((r) => !viaDroppedOu(r)) : remove;
  const byRegionSet = new Map<string, { accounts: Set<string>; ous: Set<string>; regions: string[] }>();
  const regionsOf = new Map<string, string[]>();
  for (const r of rest) regionsOf.set(r.accountId, [...(regionsOf.get(r.accountId) ?? []), r.region].sort());
  for (const r of rest) {
    const regions = regionsOf.get(r.accountId)!;
    const id = regions.join(',');
    const entry = byRegionSet.get(id) ?? { accounts: new Set(), ous: new Set(), regions };
    entry.accounts.add(r.accountId);
    if (r.ouId) entry.ous.add(r.ouId);
    byRegionSet.set(id, entry);
  }
  for (const { accounts, ous, regions } of byRegionSet.values()) {
    const targets: DeploymentTargets =
      scope.permissionModel === 'SELF_MANAGED'
        ? { accounts: [...accounts].sort() }
        : { organizationalUnitIds: [...ous].sort(), accounts: [...accounts].sort(), accountFilterType: 'INTERSECTION' };
    operations.push({
      kind: 'delete-instances',
      title: `DeleteStackInstances (${accounts.size} account${accounts.size === 1 ? '' : 's'} × ${regions.length} region${regions.length === 1 ? '' : 's'})`,
      why: regions.every((r) => !desired.regions.includes(r))
        ? 'regions removed from accounts.yaml'
        : 'accounts excluded or no longer in a targeted OU',
      targets,
      regions,
      retainStacks,
      calls: callsFor({ organizationalUnitIds: [...ous] }),
    });
  }
  return operations;
}

/** `--remove`: every instance, then the stack set, then the management account's plain stacks. */
export function buildRemovalPlan(
  desired: DesiredStackSet,
  current: CurrentRolloutState,
  targets: ResolvedTargets,
  org: OrgSnapshot,
  options: RolloutPlanOptions,
): RolloutPlan {
  const set = current.stackSet;
  const retainStacks = options.retainStacks ?? false;
  const remove = current.instances.map((i) => ({
    accountId: i.account ?? '?',
    region: i.region,
    ouId: i.ouId,
    reason: retainStacks ? 'removed from the stack set; the stack stays' : 'removed',
  }));
  const operations: PlannedOperation[] = [];
  if (set && current.instances.length > 0) {
    const regions = [...new Set(current.instances.map((i) => i.region))].sort();
    const targets: DeploymentTargets =
      set.permissionModel === 'SERVICE_MANAGED'
        ? {
            organizationalUnitIds: [
              ...new Set([
                ...set.organizationalUnitIds,
                ...current.instances.map((i) => i.ouId).filter((o): o is string => !!o),
              ]),
            ].sort(),
          }
        : { accounts: [...new Set(current.instances.map((i) => i.account).filter((a): a is string => !!a))].sort() };
    const calls = callsFor(targets);
    operations.push({
      kind: 'delete-instances',
      title: `DeleteStackInstances (${current.instances.length} instances${callsNote(calls)})`,
      why: retainStacks
        ? 'every instance leaves the stack set; RetainStacks keeps the stacks (and the controls) in the accounts'
        : 'every instance and its stack is deleted',
      targets,
      regions,
      retainStacks,
      calls,
    });
  }
  if (set)
    operations.push({
      kind: 'delete-stack-set',
      title: 'DeleteStackSet',
      why: 'a stack set can be deleted once it has no instances',
    });
  const management = managementRemoval(desired, current, org, options);
  operations.push(...management.operations);
  return {
    version: ROLLOUT_PLAN_VERSION,
    kind: 'rollout',
    mode: 'remove',
    stackSet: {
      name: desired.spec.name,
      region: desired.region,
      callAs: desired.callAs,
      permissionModel: set?.permissionModel ?? desired.spec.permissionModel,
      action: set ? 'delete' : 'none',
      templateSha256: desired.templateSha256,
      changes: { parameters: [], tags: [], other: [] },
    },
    instances: { add: [], update: [], remove, unchanged: 0 },
    operations,
    operationPreferences: desired.operationPreferences,
    unreachable: [],
    skipped: skippedAccounts(targets),
    managementAccount: management.plan,
    upToDate: operations.length === 0,
  };
}
