import { describe, expect, it } from '@jest/globals';
import { preflightAccounts, type MemberAccess } from '../../src/execution/preflight.js';
import type { OrgAccount } from '../../src/org/model.js';

const account = (id: string): OrgAccount => ({ id, name: `account-${id}`, email: `${id}@example.com`, state: 'ACTIVE', parentId: 'ou-1', ouPath: '/Root/Workloads' });

/** Member access that logs every call, refusing the accounts named in `unreachable`. */
function loggingAccess(unreachable: readonly string[]): MemberAccess & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    whoAmI: async (accountId) => {
      log.push(`whoAmI ${accountId}`);
      if (unreachable.includes(accountId)) throw Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' });
      return { account: accountId, arn: `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/cisfleet` };
    },
    recorderState: async (accountId, region) => {
      log.push(`recorder ${accountId} ${region}`);
      return { recorderName: 'default' };
    },
    releaseAccount: (accountId) => log.push(`release ${accountId}`),
  };
}

describe('preflightAccounts', () => {
  it('releases each account once its checks are done, reachable or not', async () => {
    const access = loggingAccess(['222222222222']);
    const results = await preflightAccounts(access, [account('111111111111'), account('222222222222')], ['us-east-1', 'eu-west-1'], {
      concurrency: 1,
      describeError: (e) => (e as Error).message,
    });
    expect(results).toEqual([
      { accountId: '111111111111', reachable: true, recorders: { 'us-east-1': { recorderName: 'default' }, 'eu-west-1': { recorderName: 'default' } } },
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
});
