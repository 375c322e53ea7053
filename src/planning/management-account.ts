/**
 * The management account: service-managed stack sets never deploy there, so it gets the same template as a
 * plain stack in each region, created, updated or (on `--remove`) deleted by cisfleet itself. Pure.
 */
import type { CisfleetConfig } from '../config/schema.js';
import { TEMPLATE_PARAMETERS } from '../controls/catalog.js';
import type { AccountPreflight } from '../model/account-preflight.js';
import type { OrgSnapshot } from '../org/model.js';
import type { PlainStackState } from '../model/stack-sets.js';
import { accountOverrides, recorderBaseOf, type DesiredStackSet } from './desired-stackset.js';
import type {
  CurrentRolloutState,
  ManagementAccountPlan,
  Overrides,
  PlannedOperation,
  RolloutPlanOptions,
} from './rollout-plan-data.js';

export function managementPlan(
  desired: DesiredStackSet,
  current: CurrentRolloutState,
  config: CisfleetConfig,
  org: OrgSnapshot,
  preflight: ReadonlyMap<string, AccountPreflight>,
  options: RolloutPlanOptions,
): ManagementAccountPlan {
  const accountId = org.managementAccountId;
  const stackName = desired.spec.name;
  if (!config.targets.includeManagementAccount)
    return {
      accountId,
      stackName,
      action: 'skipped',
      reason: 'targets.includeManagementAccount is false',
      regions: [],
    };
  if (options.managementSkipReason)
    return { accountId, stackName, action: 'skipped', reason: options.managementSkipReason, regions: [] };
  const p = preflight.get(accountId);
  const computed = accountOverrides(config, accountId, p?.reachable ? p.recorders : undefined, recorderBaseOf(desired));
  const regions = desired.regions.map((region) => {
    const state = current.managementStacks[region];
    const overrides = computed[region] ?? {};
    const parameters = { ...desired.spec.parameters, ...overrides };
    let action: 'create' | 'update' | 'none' = 'none';
    if (!state?.exists) action = 'create';
    else if (
      state.templateSha256 !== desired.templateSha256 ||
      !sameValues(parametersKeptFor(state, parameters, p !== undefined), state.parameters)
    )
      action = 'update';
    return { region, action, overrides };
  });
  const actions = new Set(regions.map((r) => r.action));
  const action = actions.has('create') ? 'create' : actions.has('update') ? 'update' : 'none';
  return { accountId, stackName, action, regions };
}

/** Every wanted parameter has that value (DescribeStacks also lists the template defaults cisfleet does not send). */
function sameValues(wanted: Overrides, actual: Overrides): boolean {
  return Object.entries(wanted).every(([k, v]) => actual[k] === v);
}

/** Without a fresh recorder check, the deployed stack keeps its recorder parameter. */
function parametersKeptFor(state: PlainStackState, parameters: Overrides, checked: boolean): Overrides {
  const recorderKey = TEMPLATE_PARAMETERS.createConfigRecorder;
  if (checked || state.parameters[recorderKey] === undefined) return parameters;
  return { ...parameters, [recorderKey]: state.parameters[recorderKey] };
}

export function managementOperations(plan: ManagementAccountPlan, desired: DesiredStackSet): PlannedOperation[] {
  return plan.regions
    .filter((r) => r.action !== 'none')
    .map((r) => ({
      kind:
        r.action === 'create'
          ? ('create-stack' as const)
          : r.action === 'update'
            ? ('update-stack' as const)
            : ('delete-stack' as const),
      title: `${r.action === 'create' ? 'CreateStack' : r.action === 'update' ? 'UpdateStack' : 'DeleteStack'} ${plan.stackName} in the management account (${r.region})`,
      why: 'service-managed stack sets never deploy to the management account: it gets the same template as a plain stack',
      region: r.region,
      parameters: { ...desired.spec.parameters, ...r.overrides },
    }));
}

/** `--remove`: the plain stacks cisfleet deployed in the management account, and the deletes that take them. */
export function managementRemoval(
  desired: DesiredStackSet,
  current: CurrentRolloutState,
  org: OrgSnapshot,
  options: RolloutPlanOptions,
): { readonly plan: ManagementAccountPlan; readonly operations: PlannedOperation[] } {
  const mgmtRegions = Object.entries(current.managementStacks)
    .filter(([, s]) => s.exists)
    .map(([region]) => ({ region, action: 'delete' as const, overrides: {} }));
  const plan: ManagementAccountPlan = {
    accountId: org.managementAccountId,
    stackName: desired.spec.name,
    action: mgmtRegions.length > 0 ? 'delete' : options.managementSkipReason ? 'skipped' : 'none',
    reason: options.managementSkipReason,
    regions: mgmtRegions,
  };
  const operations = mgmtRegions.map((r): PlannedOperation => ({
    kind: 'delete-stack',
    title: `DeleteStack ${desired.spec.name} in the management account (${r.region})`,
    why: 'the plain stack cisfleet deployed there',
    region: r.region,
    parameters: {},
  }));
  return { plan, operations };
}
