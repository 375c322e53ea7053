/**
 * What `cisfleet onboard` must do for one account, decided from what was read (pure: no SDK, no UI).
 */
import { descendantsOf, type OrgAccount, type OrgSnapshot } from '../org/model.js';
import { onlyUnitAtPath, resolveTargets, unresolvedTargetMessage, type TargetSpec } from './targets.js';
import type { StackInstance } from '../model/stack-sets.js';

/** Instances that share the same parameter overrides go in one call. */
export interface InstanceGroup {
  readonly regions: readonly string[];
  readonly overrides: Readonly<Record<string, string>>;
}

/** What the account's stack instances need. Empty create and update: nothing to write. */
export interface InstancePlan {
  /** Regions without an instance. */
  readonly create: readonly InstanceGroup[];
  /** Regions whose instance has other overrides than wanted, or is not CURRENT: redeployed with the wanted ones. */
  readonly update: readonly InstanceGroup[];
  /** Regions already CURRENT with the wanted overrides. */
  readonly current: readonly string[];
}

/** Detailed statuses of an instance an operation is still working on. */
const IN_FLIGHT = new Set(['PENDING', 'RUNNING']);

/** Whether an operation (ours or an auto-deployment) is still working on the instance. */
export function isInFlight(instance: StackInstance): boolean {
  return instance.detailedStatus !== undefined && IN_FLIGHT.has(instance.detailedStatus);
}

/** CURRENT and SUCCEEDED: the instance's stack is what the stack set says. */
export function isCurrent(instance: StackInstance): boolean {
  return (
    instance.status === 'CURRENT' && (instance.detailedStatus === undefined || instance.detailedStatus === 'SUCCEEDED')
  );
}

function sameOverrides(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean {
  const left = a ?? {};
  const keys = new Set([...Object.keys(left), ...Object.keys(b)]);
  return [...keys].every((k) => left[k] === b[k]);
}

function grouped(
  regions: readonly string[],
  wanted: (region: string) => Readonly<Record<string, string>>,
): InstanceGroup[] {
  const groups = new Map<string, { regions: string[]; overrides: Readonly<Record<string, string>> }>();
  for (const region of regions) {
    const overrides = wanted(region);
    const key = JSON.stringify(Object.entries(overrides).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key);
    if (group) group.regions.push(region);
    else groups.set(key, { regions: [region], overrides });
  }
  return [...groups.values()];
}

/**
 * Compares the account's instances (with their overrides, see ListInstancesOptions.withOverrides) with the
 * regions and per-region overrides it must have (accountOverrides; a region absent there wants none).
 */
export function planInstances(
  regions: readonly string[],
  instances: readonly StackInstance[],
  wantedOverrides: Readonly<Record<string, Readonly<Record<string, string>>>>,
): InstancePlan {
  const byRegion = new Map(instances.map((i) => [i.region, i]));
  const wanted = (region: string) => wantedOverrides[region] ?? {};
  const missing = regions.filter((r) => !byRegion.has(r));
  const stale = regions.filter((r) => {
    const instance = byRegion.get(r);
    return instance !== undefined && (!isCurrent(instance) || !sameOverrides(instance.parameterOverrides, wanted(r)));
  });
  return {
    create: grouped(missing, wanted),
    update: grouped(stale, wanted),
    current: regions.filter((r) => !missing.includes(r) && !stale.includes(r)),
  };
}

/** Whether the plan writes anything. */
export function planWrites(plan: InstancePlan): boolean {
  return plan.create.length > 0 || plan.update.length > 0;
}

/** Where an account sits relative to accounts.yaml's targets. */
export interface AccountPlacement {
  /** The OU the account must be moved to, when it is elsewhere now. */
  readonly moveTo?: string;
  /**
   * The targeted OU that holds the account after any move (service-managed INTERSECTION targets and
   * auto-deployment use it); for an account targeted only by includeAccounts, its own parent.
   */
  readonly targetOuId: string;
  /** Reached through a targeted OU: auto-deployment (when enabled) deploys it after a move. */
  readonly viaTargetedOu: boolean;
}

/**
 * Decides where the account must be. `ou` (an id or a /Root path) is where the user wants it; without it the
 * account must already be targeted. Returns an error message instead when the placement cannot work.
 */
export function placeAccount(
  snapshot: OrgSnapshot,
  targets: TargetSpec,
  account: OrgAccount,
  ou: string | undefined,
): AccountPlacement | { error: string } {
  const resolved = resolveTargets(snapshot, targets);
  let destination = account.parentId;
  if (ou !== undefined) {
    const unit = ou.startsWith('/') ? onlyUnitAtPath(snapshot, ou) : snapshot.units.find((u) => u.id === ou);
    if (!unit) return { error: `OU ${unresolvedTargetMessage(snapshot, ou)}` };
    destination = unit.id;
  }
  const targetOuId = resolved.ouIds.find((id) => descendantsOf(snapshot, id).has(destination));
  const included = targets.includeAccounts.includes(account.id);
  if (targets.excludeAccounts.includes(account.id)) {
    return {
      error: `account ${account.id} is in targets.excludeAccounts of accounts.yaml: it never gets the controls`,
    };
  }
  if (!targetOuId && !included) {
    const where = snapshot.units.find((u) => u.id === destination)?.path ?? destination;
    return {
      error:
        `${where} is not under any OU in targets.organizationalUnits of accounts.yaml, so account ${account.id} would not stay covered: ` +
        `give --ou with a targeted OU, or add the OU to accounts.yaml`,
    };
  }
  return {
    ...(destination !== account.parentId ? { moveTo: destination } : {}),
    targetOuId: targetOuId ?? destination,
    viaTargetedOu: targetOuId !== undefined,
  };
}

/** Targeted ACTIVE accounts that lack an instance in at least one region (`--all-pending`). */
export function accountsMissingInstances(
  accounts: readonly OrgAccount[],
  instances: readonly StackInstance[],
  regions: readonly string[],
): OrgAccount[] {
  const have = new Set(instances.map((i) => `${i.account ?? ''}|${i.region}`));
  return accounts.filter((a) => a.state === 'ACTIVE' && regions.some((r) => !have.has(`${a.id}|${r}`)));
}
