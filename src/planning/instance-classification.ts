/**
 * Which stack instances a rollout adds, updates, removes or leaves alone, and why. Pure.
 *
 * - Accounts that already hold a CURRENT instance keep the recorder decision made when it was deployed: only
 *   accounts that get a new instance, or whose instance is not CURRENT, are preflighted (see
 *   `accountsNeedingPreflight`).
 * - An unreachable account gets no new instance (its recorder state is unknown, and deploying blind could
 *   collide with an existing recorder); an existing instance there keeps its overrides.
 */
import type { CisfleetConfig } from '../config/schema.js';
import { TEMPLATE_PARAMETERS } from '../controls/catalog.js';
import type { AccountPreflight } from '../model/account-preflight.js';
import type { RecorderState } from '../model/recorder.js';
import type { StackInstance } from '../model/stack-sets.js';
import { accountOverrides, recorderBaseOf, type DesiredStackSet } from './desired-stackset.js';
import { overridesKey, type Overrides, type PlannedInstance, type RolloutPlan } from './rollout-plan-data.js';
import type { ResolvedTargets } from './targets.js';

export interface InstanceClassification {
  readonly add: PlannedInstance[];
  readonly update: PlannedInstance[];
  readonly remove: PlannedInstance[];
  /** Instances that already match. */
  readonly unchanged: number;
}

/** Accounts × regions the config wants instances in (targets resolved; management account never). */
function desiredAccounts(targets: ResolvedTargets): string[] {
  return targets.accounts.map((a) => a.id);
}

const key = (accountId: string, region: string) => `${accountId} ${region}`;

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

/** Sorts the targeted accounts × regions and the existing instances into add, update, remove and unchanged. */
export function classifyInstances(
  desired: DesiredStackSet,
  instances: readonly StackInstance[],
  targets: ResolvedTargets,
  preflight: readonly AccountPreflight[],
  config: CisfleetConfig,
): InstanceClassification {
  const preflightById = new Map(preflight.map((p) => [p.accountId, p]));
  const unreachableIds = new Set(preflight.filter((p) => !p.reachable).map((p) => p.accountId));
  const recordersOf = (id: string): Readonly<Record<string, RecorderState>> | undefined => {
    const p = preflightById.get(id);
    return p?.reachable ? p.recorders : undefined;
  };

  const existing = new Map(instances.filter((i) => i.account).map((i) => [key(i.account!, i.region), i]));
  const wanted = new Set(desiredAccounts(targets));
  const add: PlannedInstance[] = [];
  const update: PlannedInstance[] = [];
  const remove: PlannedInstance[] = [];
  let unchanged = 0;
  for (const accountId of wanted) {
    const computed = accountOverrides(config, accountId, recordersOf(accountId), recorderBaseOf(desired));
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
        overridesKey(instance.parameterOverrides) !== overridesKey(target)
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
  for (const instance of instances) {
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
  return { add, update, remove, unchanged };
}

/** The accounts targets leave out (suspended, excluded…), as the plan lists them. */
export function skippedAccounts(targets: ResolvedTargets): RolloutPlan['skipped'] {
  return targets.skipped.map((s) => ({ accountId: s.account.id, name: s.account.name, reason: s.reason }));
}

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
  const rest: Record<string, string> = { ...computed };
  delete rest[recorderKey];
  const kept = instance.parameterOverrides?.[recorderKey];
  return kept === undefined ? rest : { ...rest, [recorderKey]: kept };
}
