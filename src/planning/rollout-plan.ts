/**
 * The rollout plan (docs/commands/rollout.md): what `cisfleet rollout` will do, computed from what accounts.yaml wants
 * and what AWS has, as versioned, JSON-serialisable data (rollout-plan-data.ts). Pure: every input is plain
 * data; no SDK, no UI. This module puts the plan together; each concern has its own module:
 * - instance-classification.ts: which instances are added, updated, removed or left alone, and which accounts
 *   are preflighted;
 * - stackset-changes.ts: what changes on the stack set itself, and CreateStackSet / UpdateStackSet;
 * - instance-operations.ts: instances grouped into as few calls as AWS allows, and OU batching;
 * - rollout-removal.ts: instances no longer targeted, and `--remove`;
 * - management-account.ts: the management account's plain stacks.
 *
 * One change, one operation where AWS allows: UpdateStackSet carries template, parameters and tags to every
 * instance at once; new instances need CreateStackInstances (a separate call), and instances that need their
 * own parameter overrides need a call per distinct set of overrides. Each split says why. An unreachable
 * account is listed with the reason, and the rollout exits 3.
 */
import type { CisfleetConfig } from '../config/schema.js';
import type { AccountPreflight } from '../model/account-preflight.js';
import type { OrgSnapshot } from '../org/model.js';
import type { DesiredStackSet } from './desired-stackset.js';
import { classifyInstances, skippedAccounts } from './instance-classification.js';
import { instanceOperations } from './instance-operations.js';
import { managementOperations, managementPlan } from './management-account.js';
import { ScopeResolver } from './ou-scope.js';
import {
  ROLLOUT_PLAN_VERSION,
  type CurrentRolloutState,
  type PlannedOperation,
  type RolloutPlan,
  type RolloutPlanOptions,
} from './rollout-plan-data.js';
import { buildRemovalPlan, removalOperations } from './rollout-removal.js';
import { stackSetChanges, stackSetOperations } from './stackset-changes.js';
import type { ResolvedTargets } from './targets.js';

export { accountsNeedingPreflight, instancesNeedingOverrides } from './instance-classification.js';
export {
  ROLLOUT_PLAN_VERSION,
  type CurrentRolloutState,
  type ManagementAccountPlan,
  type Overrides,
  type PlannedInstance,
  type PlannedOperation,
  type RolloutPlan,
  type RolloutPlanOptions,
  type ValueChange,
} from './rollout-plan-data.js';

/** Builds the plan. Pure. */
export function buildRolloutPlan(
  desired: DesiredStackSet,
  current: CurrentRolloutState,
  targets: ResolvedTargets,
  preflight: readonly AccountPreflight[],
  config: CisfleetConfig,
  org: OrgSnapshot,
  options: RolloutPlanOptions = {},
): RolloutPlan {
  if (options.remove) return buildRemovalPlan(desired, current, targets, org, options);
  const stackSet = stackSetChanges(desired, current.stackSet);
  const { add, update, remove, unchanged } = classifyInstances(desired, current.instances, targets, preflight, config);

  const scope = new ScopeResolver(org, targets, desired.spec.permissionModel);
  const operations: PlannedOperation[] = [
    ...stackSetOperations(stackSet, desired, current, options),
    ...instanceOperations('create-instances', add, scope, current.stackSet),
    ...instanceOperations('update-instances', update, scope, current.stackSet),
    ...removalOperations(remove, current.stackSet, desired, targets, scope, options.retainStacks ?? false),
  ];

  const preflightById = new Map(preflight.map((p) => [p.accountId, p]));
  const managementAccount = managementPlan(desired, current, config, org, preflightById, options);
  operations.push(...managementOperations(managementAccount, desired));

  const unreachable = preflight.filter((p): p is Extract<AccountPreflight, { reachable: false }> => !p.reachable);
  return {
    version: ROLLOUT_PLAN_VERSION,
    kind: 'rollout',
    mode: 'deploy',
    stackSet,
    instances: { add, update, remove, unchanged },
    operations,
    operationPreferences: desired.operationPreferences,
    unreachable: unreachable.map((u) => ({
      accountId: u.accountId,
      reason: u.reason,
      effect: current.instances.some((i) => i.account === u.accountId)
        ? 'its instances keep their current parameter overrides'
        : 'no instance is created there until cisfleet can check it for an existing Config recorder',
    })),
    skipped: skippedAccounts(targets),
    managementAccount,
    ...(desired.recorderBase ? { recorderBase: desired.recorderBase } : {}),
    upToDate: operations.length === 0,
  };
}
