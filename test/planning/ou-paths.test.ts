/**
 * OU paths are unambiguous: an OU named `Prod/Evil` and an OU `Evil` nested in `Prod` never share a path, and
 * a target that could mean either is refused naming both ids, never resolved by a silent pick.
 */
import { describe, expect, it } from '@jest/globals';
import { withPaths, type OrgSnapshot } from '../../src/org/model.js';
import { placeAccount } from '../../src/planning/onboard-plan.js';
import { resolveTargets, unresolvedTargetsError } from '../../src/planning/targets.js';
import { at } from '../helpers/elements.js';

const SLASH_NAMED = 'ou-root-slashnam';
const NESTED = 'ou-root-nestedev';

/** Root with `Prod/Evil` (one OU, a slash in its name) and, when asked, `Prod` › `Evil`; one account in each. */
function organization(withNested: boolean): OrgSnapshot {
  const units = withPaths([
    { id: 'r-root', name: 'Root', parentId: undefined },
    { id: SLASH_NAMED, name: 'Prod/Evil', parentId: 'r-root' },
    ...(withNested
      ? [
          { id: 'ou-root-prodxxxx', name: 'Prod', parentId: 'r-root' },
          { id: NESTED, name: 'Evil', parentId: 'ou-root-prodxxxx' },
        ]
      : []),
  ]);
  const pathOf = (id: string) => units.find((u) => u.id === id)!.path;
  const account = (id: string, parentId: string) => ({
    id,
    name: id,
    email: `${id}@example.com`,
    state: 'ACTIVE' as const,
    parentId,
    ouPath: pathOf(parentId),
  });
  return {
    organizationId: 'o-test',
    managementAccountId: '111111111111',
    rootId: 'r-root',
    units,
    accounts: [account('222222222222', SLASH_NAMED), ...(withNested ? [account('333333333333', NESTED)] : [])],
  };
}

const targeting = (path: string) => ({
  organizationalUnitIds: [],
  organizationalUnitPaths: [path],
  includeAccounts: [],
  excludeAccounts: [],
});

describe('OU paths', () => {
  it('escape a "/" inside a name, so the two OUs have different paths', () => {
    const paths = Object.fromEntries(organization(true).units.map((u) => [u.id, u.path]));
    expect(paths[SLASH_NAMED]).toBe('/Root/Prod\\/Evil');
    expect(paths[NESTED]).toBe('/Root/Prod/Evil');
  });

  it('an escaped path targets exactly the OU with "/" in its name', () => {
    const result = resolveTargets(organization(true), targeting('/Root/Prod\\/Evil'));
    expect(result).toMatchObject({ ouIds: [SLASH_NAMED], unresolved: [] });
    expect(result.accounts.map((a) => a.id)).toEqual(['222222222222']);
  });

  it('a path that fits both OUs is refused, and the error names both ids and the escaped paths', () => {
    const org = organization(true);
    const result = resolveTargets(org, targeting('/Root/Prod/Evil'));
    expect(result).toMatchObject({ ouIds: [], accounts: [], unresolved: ['/Root/Prod/Evil'] });
    const message = unresolvedTargetsError('accounts.yaml', org, result.unresolved).message;
    expect(message).toContain(`${SLASH_NAMED} (/Root/Prod\\/Evil)`);
    expect(message).toContain(`${NESTED} (/Root/Prod/Evil)`);
    expect(message).toMatch(/fits 2 OUs .*use the OU id/);
  });

  it('a path written without the escape still finds the one OU it can mean', () => {
    const result = resolveTargets(organization(false), targeting('/Root/Prod/Evil'));
    expect(result).toMatchObject({ ouIds: [SLASH_NAMED], unresolved: [] });
  });

  it('onboard --ou refuses the ambiguous path too', () => {
    const org = organization(true);
    const placement = placeAccount(
      org,
      targeting('/Root/Prod\\/Evil'),
      at(org.accounts, 0, 'account'),
      '/Root/Prod/Evil',
    );
    expect(placement).toEqual({ error: expect.stringContaining(`${NESTED} (/Root/Prod/Evil)`) });
  });
});
