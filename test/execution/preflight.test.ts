import { describe, expect, it } from '@jest/globals';
import { executionRoleCheckFor, preflightAccounts, type MemberAccess } from '../../src/execution/preflight.js';
import type { ExecutionRoleState } from '../../src/model/execution-role.js';
import type { OrgAccount } from '../../src/org/model.js';

const account = (id: string): OrgAccount => ({
  id,
  name: `account-${id}`,
  email: `${id}@example.com`,
  state: 'ACTIVE',
  parentId: 'ou-1',
  ouPath: '/Root/Workloads',
});

/** Member access that logs every call, refusing the accounts named in `unreachable`. */
function loggingAccess(unreachable: readonly string[]): MemberAccess & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    whoAmI: (accountId) => {
      log.push(`whoAmI ${accountId}`);
      if (unreachable.includes(accountId))
        return Promise.reject(
          Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }),
        );
      return Promise.resolve({
        account: accountId,
        arn: `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/cisfleet`,
      });
    },
    recorderState: (accountId, region) => {
      log.push(`recorder ${accountId} ${region}`);
      return Promise.resolve({ recorderName: 'default' });
    },
    releaseAccount: (accountId) => log.push(`release ${accountId}`),
  };
}

describe('preflightAccounts', () => {
  it('releases each account once its checks are done, reachable or not', async () => {
    const access = loggingAccess(['222222222222']);
    const results = await preflightAccounts(
      access,
      [account('111111111111'), account('222222222222')],
      ['us-east-1', 'eu-west-1'],
      {
        concurrency: 1,
        describeError: (e) => (e as Error).message,
      },
    );
    expect(results).toEqual([
      {
        accountId: '111111111111',
        reachable: true,
        recorders: { 'us-east-1': { recorderName: 'default' }, 'eu-west-1': { recorderName: 'default' } },
      },
      { accountId: '222222222222', reachable: false, reason: 'not authorized to perform: sts:AssumeRole' },
    ]);
    expect(access.log).toEqual([
      'whoAmI 111111111111',
      'recorder 111111111111 us-east-1',
      'recorder 111111111111 eu-west-1',
      'release 111111111111',
      'whoAmI 222222222222',
      'release 222222222222',
    ]);
  });

  it('with a self-managed stack set, reports an account whose execution role is missing or does not trust the administrator', async () => {
    const roles: Record<string, ExecutionRoleState> = {
      '111111111111': { exists: true, trustedAccounts: ['999999999999'] },
      '222222222222': { exists: false },
      '333333333333': { exists: true, trustedAccounts: ['999999999999', '123456789012'] },
      '444444444444': { exists: true, trustedAccounts: 'any' },
    };
    const asked: string[] = [];
    const access: MemberAccess = {
      ...loggingAccess([]),
      executionRole: (accountId, roleName) => {
        asked.push(`${accountId} ${roleName}`);
        const role = roles[accountId];
        return role ? Promise.resolve(role) : Promise.reject(new Error(`this test has no role for ${accountId}`));
      },
    };
    const check = executionRoleCheckFor({
      permissionModel: 'SELF_MANAGED',
      administrationRoleArn: 'arn:aws:iam::999999999999:role/AWSCloudFormationStackSetAdministrationRole',
      executionRoleName: 'StackSetExecution',
    });
    expect(check).toEqual({ roleName: 'StackSetExecution', adminAccountId: '999999999999' });
    const results = await preflightAccounts(access, Object.keys(roles).map(account), [], {
      concurrency: 2,
      describeError: String,
      executionRole: check,
    });

    expect(results.map((r) => (r.reachable ? `${r.accountId} ok` : `${r.accountId} ${r.reason}`))).toEqual([
      '111111111111 ok',
      '222222222222 the StackSets execution role StackSetExecution does not exist: create it, trusting account 999999999999 (SELF_MANAGED stack sets deploy through it)',
      '333333333333 ok',
      '444444444444 ok',
    ]);
    expect(asked.sort()).toEqual(Object.keys(roles).map((id) => `${id} StackSetExecution`));

    const wrongTrust = await preflightAccounts(access, [account('333333333333')], [], {
      concurrency: 1,
      describeError: String,
      executionRole: { roleName: 'StackSetExecution', adminAccountId: '111111111111' },
    });
    expect(wrongTrust).toEqual([
      {
        accountId: '333333333333',
        reachable: false,
        reason:
          "the StackSets execution role StackSetExecution trusts 999999999999, 123456789012, not the administration account 111111111111: add it to the role's trust policy",
      },
    ]);
  });

  it('asks nothing about execution roles for a service-managed stack set', () => {
    expect(executionRoleCheckFor({ permissionModel: 'SERVICE_MANAGED' })).toBeUndefined();
  });
});
