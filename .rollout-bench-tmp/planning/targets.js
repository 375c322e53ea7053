import { descendantsOf } from '../org/model.js';
/**
 * Resolves OU paths and ids to the accounts they hold (nested OUs included), applies include/exclude,
 * and sets aside accounts that cannot or must not get stack instances. Pure: the snapshot is the input.
 */
export function resolveTargets(snapshot, spec) {
    const unitsByPath = new Map(snapshot.units.map((u) => [u.path, u]));
    const unitsById = new Map(snapshot.units.map((u) => [u.id, u]));
    const accountsById = new Map(snapshot.accounts.map((a) => [a.id, a]));
    const unresolved = [];
    const ouIds = [];
    for (const target of [...spec.organizationalUnitIds, ...spec.organizationalUnitPaths]) {
        const unit = target.startsWith('/') ? unitsByPath.get(target) : unitsById.get(target);
        if (!unit)
            unresolved.push(target);
        else if (!ouIds.includes(unit.id))
            ouIds.push(unit.id);
    }
    const inScope = new Set();
    for (const id of ouIds)
        for (const d of descendantsOf(snapshot, id))
            inScope.add(d);
    const candidates = new Map();
    for (const a of snapshot.accounts)
        if (inScope.has(a.parentId))
            candidates.set(a.id, a);
    for (const id of spec.includeAccounts) {
        const account = accountsById.get(id);
        if (!account)
            unresolved.push(id);
        else
            candidates.set(id, account);
    }
    const excluded = new Set(spec.excludeAccounts);
    const accounts = [];
    const skipped = [];
    for (const account of [...candidates.values()].sort((a, b) => a.id.localeCompare(b.id))) {
        if (account.id === snapshot.managementAccountId) {
            skipped.push({ account, reason: 'management account: service-managed stack sets never deploy to it' });
        }
        else if (excluded.has(account.id)) {
            skipped.push({ account, reason: 'excluded in accounts.yaml' });
        }
        else if (account.state !== 'ACTIVE') {
            skipped.push({ account, reason: `account is ${account.state}` });
        }
        else {
            accounts.push(account);
        }
    }
    return { ouIds, accounts, skipped, unresolved };
}
//# sourceMappingURL=targets.js.map