/**
 * Instance operations: the add and update instances grouped into as few CreateStackInstances /
 * UpdateStackInstances calls as AWS allows, and how many calls a set of targets takes (at most
 * MAX_OUS_PER_CALL OUs each). Pure.
 */
import { MAX_OUS_PER_CALL, type DeploymentTargets, type StackSetState } from '../model/stack-sets.js';
import type { ScopeResolver } from './ou-scope.js';
import { overridesKey, type Overrides, type PlannedInstance, type PlannedOperation } from './rollout-plan-data.js';

/** API calls (and operations) the targets take: one per MAX_OUS_PER_CALL OUs, at least one. */
export function callsFor(targets: DeploymentTargets): number {
  return Math.max(1, Math.ceil((targets.organizationalUnitIds?.length ?? 0) / MAX_OUS_PER_CALL));
}

/** What an operation's title adds when its targets take more than one call. */
export function callsNote(calls: number): string {
  return calls > 1 ? `, ${calls} calls: more than ${MAX_OUS_PER_CALL} OUs` : '';
}

/**
 * Groups instances into as few calls as AWS allows: one per distinct set of overrides (a call carries one),
 * with regions merged where the same accounts share them. For service-managed stack sets, the group without
 * overrides targets whole OUs (DIFFERENCE leaves out the accounts handled otherwise), so the OUs are recorded
 * for auto-deployment; other groups target their accounts inside their OUs (INTERSECTION).
 */
export function instanceOperations(
  kind: 'create-instances' | 'update-instances',
  instances: readonly PlannedInstance[],
  scope: ScopeResolver,
  stackSet: StackSetState | undefined,
): PlannedOperation[] {
  if (instances.length === 0) return [];
  // overrides → region → accounts
  const groups = new Map<string, { overrides: Overrides; byRegion: Map<string, Set<string>> }>();
  for (const i of instances) {
    const id = overridesKey(i.overrides);
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
  const plain = groups.get(overridesKey({}));
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
        const calls = callsFor(targets);
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
          title: `${verb} (${what} × ${regions.length} region${regions.length === 1 ? '' : 's'}${callsNote(calls)})`,
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
