/**
 * Shared by the SELF_MANAGED rollout and onboard tests: the demo organization with the execution role in its
 * accounts, and the shipped accounts.yaml switched to a self-managed stack set.
 */
import { expect } from '@jest/globals';
import type { ScenarioInput } from '../../src/sim/scenario/schema.js';
import { demoScenario, SHIPPED_CONFIG } from './rollout-fixtures.js';

export const EXECUTION_ROLE = 'AWSCloudFormationStackSetExecutionRole';
export const MEMBER_ROLE = { name: 'OrganizationAccountAccessRole' };

type AccountInput = NonNullable<ScenarioInput['accounts']>[number];
type OuInput = NonNullable<ScenarioInput['ous']>[number];

/** Every account of the scenario, nested OUs included. */
function allAccounts(scenario: ScenarioInput): AccountInput[] {
  const walk = (ous: readonly OuInput[]): AccountInput[] =>
    ous.flatMap((ou) => [...(ou.accounts ?? []), ...walk(ou.ous ?? [])]);
  return [...(scenario.accounts ?? []), ...walk(scenario.ous ?? [])];
}

/**
 * The demo organization prepared for a self-managed stack set, with `extra` accounts at the root: every
 * account has the member role and the execution role (which trusts the management account), except those in
 * `withoutExecutionRole`, which keep only the member role.
 */
export function selfManagedScenario(
  extra: readonly AccountInput[],
  withoutExecutionRole: readonly string[],
): ScenarioInput {
  return demoScenario((s) => {
    s.accounts = [...(s.accounts ?? []), ...extra];
    // `roles` replaces the default member role, so both are listed.
    for (const account of allAccounts(s)) {
      account.roles = withoutExecutionRole.includes(String(account.id))
        ? [MEMBER_ROLE]
        : [MEMBER_ROLE, { name: EXECUTION_ROLE }];
    }
  });
}

/**
 * The shipped accounts.yaml as SELF_MANAGED (auto-deployment is service-managed only, so its block goes),
 * with these includeAccounts and excludeAccounts.
 */
export function selfManagedConfig(
  targets: { includeAccounts?: readonly string[]; excludeAccounts?: readonly string[] } = {},
): string {
  const text = SHIPPED_CONFIG.replace('permissionModel: SERVICE_MANAGED', 'permissionModel: SELF_MANAGED')
    .replace(/\n {2}# SERVICE_MANAGED only\.\n {2}autoDeployment:\n(?: {4}.*\n)+/, '\n')
    .replace(
      'includeAccounts: ["131313131313"]',
      `includeAccounts: ${JSON.stringify(targets.includeAccounts ?? ['131313131313'])}`,
    )
    .replace('excludeAccounts: []', `excludeAccounts: ${JSON.stringify(targets.excludeAccounts ?? [])}`);
  expect(text).not.toMatch(/autoDeployment:/);
  expect(text).toMatch(/permissionModel: SELF_MANAGED/);
  return text;
}
