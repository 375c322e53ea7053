/**
 * The rollout plan (style.md §1, §3): what `cisfleet rollout` will do, computed from what accounts.yaml wants
 * and what AWS has, as versioned, JSON-serialisable data. Pure: every input is plain data; no SDK, no UI.
 *
 * Decisions the plan encodes:
 * - One change, one operation where AWS allows: UpdateStackSet carries template, parameters and tags to every
 *   instance at once; new instances need CreateStackInstances (a separate call), and instances that need
 *   their own parameter overrides need a call per distinct set of overrides. Each split says why.
 * - Accounts that already hold a CURRENT instance keep the recorder decision made when it was deployed: only
 *   accounts that get a new instance, or whose instance is not CURRENT, are preflighted (see
 *   `accountsNeedingPreflight`).
 * - An unreachable account gets no new instance (its recorder state is unknown, and deploying blind could
 *   collide with an existing recorder); an existing instance there keeps its overrides. It is listed with the
 *   reason and the rollout exits 3.
 */
import { createHash } from 'node:crypto';
import type { CisfleetConfig } from '../config/schema.js';
import { TEMPLATE_PARAMETERS } from '../controls/catalog.js';
import type { AccountPreflight } from '../execution/preflight.js';
import type { RecorderState } from '../model/recorder.js';
import type {
  DeploymentTargets,
  InstanceScope,
  OperationPreferences,
  StackInstance,
  StackSetState,
} from '../model/stack-sets.js';
import { descendantsOf, type OrgSnapshot } from '../org/model.js';
import { accountOverrides, type DesiredStackSet } from './desired-stackset.js';
import type { ResolvedTargets } from './targets.js';
import { templateDiff } from './template-diff.js';

export const ROLLOUT_PLAN_VERSION = 1;
/** CreateStackInstances and its siblings take at most 50 OUs per call (aws-reference §1.3). */
const MAX_OUS_PER_CALL = 50;

export type Overrides = Readonly<Record<string, string>>;

/** One stack instance the plan adds, updates or removes. */
export interface PlannedInstance {
  readonly accountId: string;
  readonly region: string;
  readonly ouId?: string;
  /** The parameter overrides it will have (adds and updates). */
  readonly overrides?: Overrides;
  readonly reason: string;
}

export interface ValueChange {
  readonly key: string;
  readonly from?: string;
  readonly to?: string;
}

/** One StackSet (or plain stack) API operation the apply step runs, in order. */
export type PlannedOperation =
  | { readonly kind: 'activate-trusted-access'; readonly title: string; readonly why: string }
  | { readonly kind: 'create-stack-set'; readonly title: string; readonly why: string }
  | {
      readonly kind: 'update-stack-set';
      readonly title: string;
      readonly why: string;
      /** Set when `--ou`/`--region` narrow the rollout: only those instances are updated. */
      readonly scope?: InstanceScope;
    }
  | {
      readonly kind: 'create-instances' | 'update-instances';
      readonly title: string;
      readonly why: string;
      readonly targets: DeploymentTargets;
      readonly regions: readonly string[];
      readonly overrides: Overrides;
      /** API calls (and operations): one per 50 OUs. */
      readonly calls: number;
    }
  | {
      readonly kind: 'delete-instances';
      readonly title: string;
      readonly why: string;
      readonly targets: DeploymentTargets;
      readonly regions: readonly string[];
      readonly retainStacks: boolean;
      readonly calls: number;
    }
  | { readonly kind: 'delete-stack-set'; readonly title: string; readonly why: string }
  | {
      readonly kind: 'create-stack' | 'update-stack' | 'delete-stack';
      readonly title: string;
      readonly why: string;
      readonly region: string;
      readonly parameters: Overrides;
    };

export interface ManagementAccountPlan {
  readonly accountId: string;
  /** `skipped` with the reason when the plain stack is not cisfleet's to deploy in this run. */
  readonly action: 'create' | 'update' | 'delete' | 'none' | 'skipped';
  readonly reason?: string;
  readonly stackName: string;
  readonly regions: ReadonlyArray<{
    readonly region: string;
    readonly action: 'create' | 'update' | 'delete' | 'none';
    readonly overrides: Overrides;
  }>;
}

export interface RolloutPlan {
  readonly version: typeof ROLLOUT_PLAN_VERSION;
  readonly kind: 'rollout';
  readonly mode: 'deploy' | 'remove';
  readonly stackSet: {
    readonly name: string;
    readonly region: string;
    readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
    readonly permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
    readonly action: 'create' | 'update' | 'delete' | 'none';
    readonly templateSha256: string;
    readonly changes: {
      readonly template?: { readonly fromSha?: string; readonly toSha: string; readonly diffText: string };
      readonly parameters: readonly ValueChange[];
      readonly tags: readonly ValueChange[];
      readonly other: readonly ValueChange[];
    };
  };
  readonly instances: {
    readonly add: readonly PlannedInstance[];
    readonly update: readonly PlannedInstance[];
    readonly remove: readonly PlannedInstance[];
    /** Instances that already match: nothing is done to them (beyond a stack set update, if any). */
    readonly unchanged: number;
  };
  readonly operations: readonly PlannedOperation[];
  readonly operationPreferences: OperationPreferences;
  readonly unreachable: ReadonlyArray<{ readonly accountId: string; readonly reason: string; readonly effect: string }>;
  readonly skipped: ReadonlyArray<{ readonly accountId: string; readonly name: string; readonly reason: string }>;
  readonly managementAccount: ManagementAccountPlan;
  /** Nothing to do: no operation will be started. */
  readonly upToDate: boolean;
}

/** The management account's plain stack in one region, as DescribeStacks shows it. */
export interface ManagementStackState {
  readonly exists: boolean;
  readonly parameters: Overrides;
  /** The template sha256 cisfleet tagged the stack with when it last deployed it. */
  readonly templateSha256?: string;
}

export interface CurrentRolloutState {
  readonly stackSet?: StackSetState;
  /** Instances with `parameterOverrides` filled in for those `instancesNeedingOverrides` picked. */
  readonly instances: readonly StackInstance[];
  /** Organizations trusted access for StackSets; undefined when not checked. */
  readonly trustedAccess?: boolean;
  /** Per region; empty when the management account is not in scope. */
  readonly managementStacks: Readonly<Record<string, ManagementStackState>>;
}

export interface RolloutPlanOptions {
  readonly color?: boolean;
  /** `remove`: take every instance and the stack set away. */
  readonly remove?: boolean;
  readonly retainStacks?: boolean;
  /**
   * `--ou`/`--region`: the rollout is narrowed to these instances (the caller also narrows targets and the
   * current instances, so nothing outside is removed); a stack set update then reaches only them.
   */
  readonly scope?: InstanceScope;
  /** Set when the management account's stack cannot be handled from where cisfleet runs. */
  readonly managementSkipReason?: string;
}

/** Accounts × regions the config wants instances in (targets resolved; management account never). */
function desiredAccounts(targets: ResolvedTargets): string[] {
  return targets.accounts.map((a) => a.id);
}

const key = (accountId: string, region: string) => `${accountId} ${region}`;
const canonical = (o: Overrides | undefined) =>
  JSON.stringify(Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b)));
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The accounts whose preflight the plan needs: those that get a new instance or whose instance is not
 * CURRENT in some desired region. Accounts with CURRENT instances everywhere keep their overrides.
 */
export function accountsNeedingPreflight(
  targets: ResolvedTargets,
  regions: readonly string[],
  instances: readonly StackInstance[],
): string[] {
  const current = new Set(
    instances.filter((i) => i.status === 'CURRENT' && i.account).map((i) => key(i.account!, i.region)),
  );
  return desiredAccounts(targets).filter((id) => regions.some((r) => !current.has(key(id, r))));
}

/**
 * Existing instances whose current overrides the plan must know (one DescribeStackInstance each): accounts
 * named in an exemption (present or expired), whose DETECT overrides accounts.yaml decides.
 */
export function instancesNeedingOverrides(config: CisfleetConfig): (instance: StackInstance) => boolean {
  const exempt = new Set(config.exemptions.accounts.map((e) => e.accountId));
  return (instance) => instance.account !== undefined && exempt.has(instance.account);
}

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
  const stackSet = stackSetChanges(desired, current.stackSet, options);
  const preflightById = new Map(preflight.map((p) => [p.accountId, p]));
  const unreachable = preflight.filter((p): p is Extract<AccountPreflight, { reachable: false }> => !p.reachable);
  const unreachableIds = new Set(unreachable.map((u) => u.accountId));
  const recordersOf = (id: string): Readonly<Record<string, RecorderState>> | undefined => {
    const p = preflightById.get(id);
    return p?.reachable ? p.recorders : undefined;
  };

  const existing = new Map(current.instances.filter((i) => i.account).map((i) => [key(i.account!, i.region), i]));
  const wanted = new Set(desiredAccounts(targets));
  const add: PlannedInstance[] = [];
  const update: PlannedInstance[] = [];
  const remove: PlannedInstance[] = [];
  let unchanged = 0;
  for (const accountId of wanted) {
    const computed = accountOverrides(config, accountId, recordersOf(accountId));
    for (const region of desired.regions) {
      const instance = existing.get(key(accountId, region));
      if (!instance) {
        if (unreachableIds.has(accountId)) continue;
        add.push({ accountId, region, overrides: computed[region] ?? {}, reason: 'new instance' });
        continue;
      }
      if (unreachableIds.has(accountId)) {
        unchanged++;
        continue;
      }
      const target = overridesFor(config, instance, computed[region] ?? {}, preflightById.has(accountId));
      if (instance.status !== 'CURRENT') {
        update.push({
          accountId,
          region,
          ouId: instance.ouId,
          overrides: target,
          reason: `instance is ${instance.status}${instance.statusReason ? `: ${instance.statusReason}` : ''}`,
        });
      } else if (
        instance.parameterOverrides !== undefined &&
        canonical(instance.parameterOverrides) !== canonical(target)
      ) {
        update.push({
          accountId,
          region,
          ouId: instance.ouId,
          overrides: target,
          reason: 'parameter overrides change',
        });
      } else {
        unchanged++;
      }
    }
  }
  const suspended = new Set(targets.skipped.filter((s) => s.account.state !== 'ACTIVE').map((s) => s.account.id));
  for (const instance of current.instances) {
    if (!instance.account || suspended.has(instance.account)) continue;
    if (!wanted.has(instance.account))
      remove.push({
        accountId: instance.account,
        region: instance.region,
        ouId: instance.ouId,
        reason: 'account no longer targeted',
      });
    else if (!desired.regions.includes(instance.region))
      remove.push({
        accountId: instance.account,
        region: instance.region,
        ouId: instance.ouId,
        reason: 'region no longer targeted',
      });
  }

  const scope = new ScopeResolver(org, targets, desired.spec.permissionModel);
  const operations: PlannedOperation[] = [];
  if (
    stackSet.action === 'create' &&
    desired.spec.permissionModel === 'SERVICE_MANAGED' &&
    current.trustedAccess === false
  ) {
    operations.push({
      kind: 'activate-trusted-access',
      title: 'ActivateOrganizationsAccess',
      why: 'SERVICE_MANAGED stack sets need Organizations trusted access for StackSets',
    });
  }
  if (stackSet.action === 'create')
    operations.push({
      kind: 'create-stack-set',
      title: 'CreateStackSet',
      why: 'the stack set does not exist yet (no operation: instances follow)',
    });
  if (stackSet.action === 'update') {
    const n = existing.size;
    operations.push({
      kind: 'update-stack-set',
      title: 'UpdateStackSet',
      why: options.scope
        ? `one operation updates the ${n} existing instance${n === 1 ? '' : 's'} in the --ou/--region scope; the others keep the previous template until a full rollout`
        : `one operation updates all ${n} existing instance${n === 1 ? '' : 's'} with the new template, parameters and tags`,
      ...(options.scope ? { scope: options.scope } : {}),
    });
  }
  operations.push(...instanceOperations('create-instances', add, scope, current.stackSet));
  operations.push(...instanceOperations('update-instances', update, scope, current.stackSet));
  operations.push(
    ...removalOperations(remove, current.stackSet, desired, targets, scope, options.retainStacks ?? false),
  );

  const managementAccount = managementPlan(desired, current, config, org, preflightById, options);
  operations.push(...managementOperations(managementAccount, desired));

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
      effect: existingIn(current.instances, u.accountId)
        ? 'its instances keep their current parameter overrides'
        : 'no instance is created there until cisfleet can check it for an existing Config recorder',
    })),
    skipped: targets.skipped.map((s) => ({ accountId: s.account.id, name: s.account.name, reason: s.reason })),
    managementAccount,
    upToDate: operations.length === 0,
  };
}

const existingIn = (instances: readonly StackInstance[], accountId: string) =>
  instances.some((i) => i.account === accountId);

/**
 * The overrides an existing instance should have: what accounts.yaml and preflight say, except that an
 * account that was not preflighted keeps its current recorder decision.
 */
function overridesFor(
  config: CisfleetConfig,
  instance: StackInstance,
  computed: Overrides,
  preflighted: boolean,
): Overrides {
  if (preflighted || config.configRecorder.mode !== 'auto') return computed;
  const recorderKey = TEMPLATE_PARAMETERS.createConfigRecorder;
  const { [recorderKey]: _dropped, ...rest } = computed;
  const kept = instance.parameterOverrides?.[recorderKey];
  return kept === undefined ? rest : { ...rest, [recorderKey]: kept };
}

function stackSetChanges(
  desired: DesiredStackSet,
  current: StackSetState | undefined,
  options: RolloutPlanOptions,
): RolloutPlan['stackSet'] {
  const spec = desired.spec;
  const base = {
    name: spec.name,
    region: desired.region,
    callAs: desired.callAs,
    permissionModel: spec.permissionModel,
    templateSha256: desired.templateSha256,
  };
  if (!current) {
    const diff = templateDiff(undefined, spec.templateBody, { color: options.color });
    return {
      ...base,
      action: 'create',
      changes: {
        // Every parameter, condition and output is new too: the resources are what a reader wants to see.
        template: { toSha: desired.templateSha256, diffText: section(diff.text, 'Resources') },
        parameters: valueChanges({}, spec.parameters),
        tags: valueChanges({}, spec.tags),
        other: [],
      },
    };
  }
  const fromSha = sha256(current.templateBody);
  const template =
    fromSha === desired.templateSha256
      ? undefined
      : {
          fromSha,
          toSha: desired.templateSha256,
          diffText:
            templateDiff(current.templateBody, spec.templateBody, { color: options.color }).text ||
            '(no resource changes: formatting or comments only)',
        };
  const parameters = valueChanges(current.parameters, spec.parameters);
  const tags = valueChanges(current.tags, spec.tags);
  const other = valueChanges(
    {
      description: current.description ?? '',
      capabilities: [...current.capabilities].sort().join(','),
      autoDeployment: JSON.stringify(current.autoDeployment ?? null),
      managedExecution: String(current.managedExecution),
      ...selfManagedRoles(current),
    },
    {
      description: spec.description ?? '',
      capabilities: [...spec.capabilities].sort().join(','),
      autoDeployment: JSON.stringify(spec.autoDeployment ?? null),
      managedExecution: String(spec.managedExecution),
      ...selfManagedRoles(spec),
    },
  );
  const changed = template !== undefined || parameters.length + tags.length + other.length > 0;
  return { ...base, action: changed ? 'update' : 'none', changes: { template, parameters, tags, other } };
}

/**
 * The roles a self-managed stack set runs with: UpdateStackSet carries them, so another role in accounts.yaml
 * is a change like any other (service-managed stack sets have neither).
 */
function selfManagedRoles(s: {
  readonly administrationRoleArn?: string;
  readonly executionRoleName?: string;
}): Overrides {
  return { administrationRoleArn: s.administrationRoleArn ?? '', executionRoleName: s.executionRoleName ?? '' };
}

/** One titled section of a rendered diff (title line included). */
function section(text: string, title: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === title);
  if (start < 0) return text;
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

function valueChanges(from: Overrides, to: Overrides): ValueChange[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return keys.filter((k) => from[k] !== to[k]).map((k) => ({ key: k, from: from[k], to: to[k] }));
}

/**
 * Where accounts sit for service-managed targeting: the targeted OU that holds each account (nested OUs
 * roll up to it), or, for accounts included by id outside the targeted OUs, their parent.
 */
class ScopeResolver {
  private readonly ouOf = new Map<string, string>();
  private readonly inOus = new Map<string, string[]>();

  constructor(
    private readonly org: OrgSnapshot,
    targets: ResolvedTargets,
    readonly permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED',
  ) {
    for (const ouId of targets.ouIds) {
      const units = descendantsOf(org, ouId);
      const members = org.accounts.filter((a) => units.has(a.parentId)).map((a) => a.id);
      this.inOus.set(ouId, members);
      for (const id of members) if (!this.ouOf.has(id)) this.ouOf.set(id, ouId);
    }
    for (const a of org.accounts) if (!this.ouOf.has(a.id)) this.ouOf.set(a.id, a.parentId);
  }

  /** True when the account is inside a targeted OU (not only included by id). */
  underTargetedOu(accountId: string): boolean {
    return [...this.inOus.values()].some((members) => members.includes(accountId));
  }

  ouFor(accountId: string): string | undefined {
    return this.ouOf.get(accountId);
  }

  /** True when any of the accounts sits in the OU's subtree. */
  holdsAnyOf(ouId: string, accountIds: readonly string[]): boolean {
    const units = descendantsOf(this.org, ouId);
    const ids = new Set(accountIds);
    return this.org.accounts.some((a) => ids.has(a.id) && units.has(a.parentId));
  }

  /** Every account in the OU's subtree. */
  membersOf(ouId: string): readonly string[] {
    return this.inOus.get(ouId) ?? [];
  }
}

/**
 * Groups instances into as few calls as AWS allows: one per distinct set of overrides (a call carries one),
 * with regions merged where the same accounts share them. For service-managed stack sets, the group without
 * overrides targets whole OUs (DIFFERENCE leaves out the accounts handled otherwise), so the OUs are recorded
 * for auto-deployment; other groups target their accounts inside their OUs (INTERSECTION).
 */
function instanceOperations(
  kind: 'create-instances' | 'update-instances',
  instances: readonly PlannedInstance[],
  scope: ScopeResolver,
  stackSet: StackSetState | undefined,
): PlannedOperation[] {
  if (instances.length === 0) return [];
  // overrides → region → accounts
  const groups = new Map<string, { overrides: Overrides; byRegion: Map<string, Set<string>> }>();
  for (const i of instances) {
    const id = canonical(i.overrides);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { overrides: i.overrides ?? {}, byRegion: new Map() }));
    let accounts = group.byRegion.get(i.region);
    if (!accounts) group.byRegion.set(i.region, (accounts = new Set()));
    accounts.add(i.accountId);
  }
  // An account with overrides in some regions keeps its plain regions out of the OU-wide call: otherwise the
  // OU call's accounts would differ per region and need a call per region.
  const withOverrides = new Set<string>();
  for (const g of groups.values())
    if (Object.keys(g.overrides).length > 0)
      for (const a of g.byRegion.values()) for (const id of a) withOverrides.add(id);
  const plain = groups.get(canonical({}));
  const calls: Array<{ overrides: Overrides; byRegion: Map<string, Set<string>>; mixed?: boolean }> = [
    ...groups.values(),
  ].filter((g) => g !== plain);
  if (plain) {
    const split = (keep: (id: string) => boolean) =>
      new Map(
        [...plain.byRegion]
          .map(([region, ids]) => [region, new Set([...ids].filter(keep))] as const)
          .filter(([, ids]) => ids.size > 0),
      );
    calls.unshift(
      { overrides: {}, byRegion: split((id) => !withOverrides.has(id)) },
      { overrides: {}, byRegion: split((id) => withOverrides.has(id)), mixed: true },
    );
  }
  const operations: PlannedOperation[] = [];
  const verb = kind === 'create-instances' ? 'CreateStackInstances' : 'UpdateStackInstances';
  for (const { overrides, byRegion, mixed } of calls) {
    // Regions whose account sets are equal go in one call.
    const bySet = new Map<string, { accounts: string[]; regions: string[] }>();
    for (const [region, accounts] of byRegion) {
      const sorted = [...accounts].sort();
      const id = sorted.join(',');
      const entry = bySet.get(id) ?? { accounts: sorted, regions: [] };
      entry.regions.push(region);
      bySet.set(id, entry);
    }
    const hasOverrides = Object.keys(overrides).length > 0;
    const overridesText = hasOverrides
      ? ` with overrides ${Object.entries(overrides)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`
      : '';
    for (const { accounts, regions } of bySet.values()) {
      for (const targets of targetsFor(kind, accounts, hasOverrides || mixed === true, scope, stackSet)) {
        const calls = Math.max(1, Math.ceil((targets.organizationalUnitIds?.length ?? 0) / MAX_OUS_PER_CALL));
        const count =
          targets.accountFilterType === 'INTERSECTION' || scope.permissionModel === 'SELF_MANAGED'
            ? (targets.accounts?.length ?? 0)
            : undefined;
        const what =
          count !== undefined
            ? `${count} account${count === 1 ? '' : 's'}`
            : `${targets.organizationalUnitIds?.length ?? 0} OU${targets.organizationalUnitIds?.length === 1 ? '' : 's'}`;
        operations.push({
          kind,
          title: `${verb} (${what} × ${regions.length} region${regions.length === 1 ? '' : 's'}${calls > 1 ? `, ${calls} calls: more than ${MAX_OUS_PER_CALL} OUs` : ''})`,
          why:
            (kind === 'create-instances'
              ? 'new instances'
              : 'instances whose overrides change or that are not CURRENT') +
            overridesText +
            (hasOverrides
              ? ': a call carries one set of overrides, so accounts with other overrides need their own'
              : '') +
            (mixed ? ' in the regions where accounts that need overrides elsewhere need none' : ''),
          targets,
          regions: [...regions].sort(),
          overrides,
          calls,
        });
      }
    }
  }
  return operations;
}

function targetsFor(
  kind: 'create-instances' | 'update-instances',
  accounts: readonly string[],
  hasOverrides: boolean,
  scope: ScopeResolver,
  stackSet: StackSetState | undefined,
): DeploymentTargets[] {
  if (scope.permissionModel === 'SELF_MANAGED') return [{ accounts }];
  const intersection = (ids: readonly string[]): DeploymentTargets => ({
    organizationalUnitIds: [...new Set(ids.map((id) => scope.ouFor(id)!))].sort(),
    accounts: [...ids],
    accountFilterType: 'INTERSECTION',
  });
  if (kind === 'update-instances' || hasOverrides) return [intersection(accounts)];
  const inOus = accounts.filter((id) => scope.underTargetedOu(id));
  const outside = accounts.filter((id) => !scope.underTargetedOu(id));
  const result: DeploymentTargets[] = [];
  if (inOus.length > 0) {
    const ous = [...new Set(inOus.map((id) => scope.ouFor(id)!))].sort();
    const chosen = new Set(inOus);
    // Everyone else in those OUs (existing instances, accounts with overrides, unreachable, excluded).
    const others = [...new Set(ous.flatMap((ou) => scope.membersOf(ou)))].filter((id) => !chosen.has(id)).sort();
    const deployedOus = new Set(stackSet?.organizationalUnitIds ?? []);
    const wholeNewOus = ous.every((ou) => !deployedOus.has(ou));
    if (others.length === 0) result.push({ organizationalUnitIds: ous });
    else if (wholeNewOus || others.length < inOus.length)
      result.push({ organizationalUnitIds: ous, accounts: others, accountFilterType: 'DIFFERENCE' });
    else result.push(intersection(inOus));
  }
  if (outside.length > 0) result.push(intersection(outside));
  return result;
}

function removalOperations(
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
      calls: Math.ceil(droppedOus.length / MAX_OUS_PER_CALL),
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
      calls: Math.max(1, Math.ceil(ous.size / MAX_OUS_PER_CALL)),
    });
  }
  return operations;
}

function managementPlan(
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
  const computed = accountOverrides(config, accountId, p?.reachable ? p.recorders : undefined);
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
function parametersKeptFor(state: ManagementStackState, parameters: Overrides, checked: boolean): Overrides {
  const recorderKey = TEMPLATE_PARAMETERS.createConfigRecorder;
  if (checked || state.parameters[recorderKey] === undefined) return parameters;
  return { ...parameters, [recorderKey]: state.parameters[recorderKey] };
}

function managementOperations(plan: ManagementAccountPlan, desired: DesiredStackSet): PlannedOperation[] {
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

/** `--remove`: every instance, then the stack set, then the management account's plain stacks. */
function buildRemovalPlan(
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
    const calls = Math.max(1, Math.ceil((targets.organizationalUnitIds?.length ?? 0) / MAX_OUS_PER_CALL));
    operations.push({
      kind: 'delete-instances',
      title: `DeleteStackInstances (${current.instances.length} instances${calls > 1 ? `, ${calls} calls: more than ${MAX_OUS_PER_CALL} OUs` : ''})`,
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
  const mgmtRegions = Object.entries(current.managementStacks)
    .filter(([, s]) => s.exists)
    .map(([region]) => ({ region, action: 'delete' as const, overrides: {} }));
  const managementAccount: ManagementAccountPlan = {
    accountId: org.managementAccountId,
    stackName: desired.spec.name,
    action: mgmtRegions.length > 0 ? 'delete' : options.managementSkipReason ? 'skipped' : 'none',
    reason: options.managementSkipReason,
    regions: mgmtRegions,
  };
  for (const r of mgmtRegions) {
    operations.push({
      kind: 'delete-stack',
      title: `DeleteStack ${desired.spec.name} in the management account (${r.region})`,
      why: 'the plain stack cisfleet deployed there',
      region: r.region,
      parameters: {},
    });
  }
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
    skipped: targets.skipped.map((s) => ({ accountId: s.account.id, name: s.account.name, reason: s.reason })),
    managementAccount,
    upToDate: operations.length === 0,
  };
}
