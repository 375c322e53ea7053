import { withPaths, type AccountState, type OrgAccount, type OrgSnapshot, type OrgUnit } from '../../src/org/model.js';

/**
 * Builds an OrgSnapshot for pure tests: `orgSnapshot().ou('/Root/Workloads/Prod').account('111…', '/Root/Workloads/Prod')`.
 * OUs are created along the path as needed.
 */
export function orgSnapshot(managementAccountId = '111111111111') {
  const units: Array<Omit<OrgUnit, 'path'>> = [{ id: 'r-root', name: 'Root', parentId: undefined }];
  const accounts: Array<Omit<OrgAccount, 'ouPath'>> = [];
  const ensurePath = (path: string): string => {
    const names = path.split('/').filter(Boolean).slice(1);
    let parentId = 'r-root';
    for (const name of names) {
      let unit = units.find((u) => u.parentId === parentId && u.name === name);
      if (!unit) {
        unit = { id: `ou-root-${name.toLowerCase().padEnd(8, 'x')}`, name, parentId };
        units.push(unit);
      }
      parentId = unit.id;
    }
    return parentId;
  };
  const builder = {
    ou(path: string) {
      ensurePath(path);
      return builder;
    },
    account(id: string, path: string, state: AccountState = 'ACTIVE', name = `acct-${id.slice(-4)}`) {
      accounts.push({ id, name, email: `${name}@example.com`, state, parentId: ensurePath(path) });
      return builder;
    },
    build(): OrgSnapshot {
      const pathed = withPaths(units);
      const pathById = new Map(pathed.map((u) => [u.id, u.path]));
      return {
        organizationId: 'o-test',
        managementAccountId,
        rootId: 'r-root',
        units: pathed,
        accounts: accounts.map((a) => ({ ...a, ouPath: pathById.get(a.parentId)! })),
      };
    },
    unitId(path: string) {
      return ensurePath(path);
    },
  };
  return builder;
}
