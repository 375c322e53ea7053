/**
 * What `cisfleet onboard` must do for one account, decided from what was read (pure: no SDK, no UI).
 */
import { descendantsOf } from '../org/model.js';
import { resolveTargets } from './targets.js';
/** Detailed statuses of an instance an operation is still working on. */
const IN_FLIGHT = new Set(['PENDING', 'RUNNING']);
/** Whether an operation (ours or an auto-deployment) is still working on the instance. */
export function isInFlight(instance) {
    return instance.detailedStatus !== undefined && IN_FLIGHT.has(instance.detailedStatus);
}
/** CURRENT and SUCCEEDED: the instance's stack is what the stack set says. */
export function isCurrent(instance) {
    return instance.status === 'CURRENT' && (instance.detailedStatus === undefined || instance.detailedStatus === 'SUCCEEDED');
}
function sameOverrides(a, b) {
    const left = a ?? {};
    const keys = new Set([...Object.keys(left), ...Object.keys(b)]);
    return [...keys].every((k) => left[k] === b[k]);
}
function grouped(regions, wanted) {
    const groups = new Map();
    for (const region of regions) {
        const overrides = wanted(region);
        const key = JSON.stringify(Object.entries(overrides).sort(([a], [b]) => a.localeCompare(b)));
        const group = groups.get(key);
        if (group)
            group.regions.push(region);
        else
            groups.set(key, { regions: [region], overrides });
    }
    return [...groups.values()];
}
/**
 * Compares the account's instances (with their overrides, see ListInstancesOptions.withOverrides) with the
 * regions and per-region overrides it must have (accountOverrides; a region absent there wants none).
 */
export function planInstances(regions, instances, wantedOverrides) {
    const byRegion = new Map(instances.map((i) => [i.region, i]));
    const wanted = (region) => wantedOverrides[region] ?? {};
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
export function planWrites(plan) {
    return plan.create.length > 0 || plan.update.length > 0;
}
/**
 * Decides where the account must be. `ou` (an id or a /Root path) is where the user wants it; without it the
 * account must already be targeted. Returns an error message instead when the placement cannot work.
 */
export function placeAccount(snapshot, targets, account, ou) {
    const resolved = resolveTargets(snapshot, targets);
    let destination = account.parentId;
    if (ou !== undefined) {
        const unit = snapshot.units.find((u) => (ou.startsWith('/') ? u.path === ou : u.id === ou));
        if (!unit)
            return { error: `OU "${ou}" is not in organization ${snapshot.organizationId}: check the path or id (cisfleet org lists them)` };
        destination = unit.id;
    }
    const targetOuId = resolved.ouIds.find((id) => descendantsOf(snapshot, id).has(destination));
    const included = targets.includeAccounts.includes(account.id);
    if (targets.excludeAccounts.includes(account.id)) {
        return { error: `account ${account.id} is in targets.excludeAccounts of accounts.yaml: it never gets the controls` };
    }
    if (!targetOuId && !included) {
        const where = snapshot.units.find((u) => u.id === destination)?.path ?? destination;
        return {
            error: `${where} is not under any OU in targets.organizationalUnits of accounts.yaml, so account ${account.id} would not stay covered: ` +
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
export function accountsMissingInstances(accounts, instances, regions) {
    const have = new Set(instances.map((i) => `${i.account ?? ''}|${i.region}`));
    return accounts.filter((a) => a.state === 'ACTIVE' && regions.some((r) => !have.has(`${a.id}|${r}`)));
}
//# sourceMappingURL=onboard-plan.js.map