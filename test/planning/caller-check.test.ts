import { describe, expect, it } from '@jest/globals';
import { callerProblems, describeCaller } from '../../src/planning/caller-check.js';
import { parseConfigText } from '../../src/config/load-config.js';
import type { CallerIdentity } from '../../src/model/caller.js';
import { only } from '../helpers/elements.js';

const base = (organization: string) =>
  parseConfigText(
    `version: 1\norganization:\n${organization}\n  homeRegion: us-east-1\nregions: [us-east-1]\ntargets:\n  organizationalUnits: [/Root/Workloads]\n`,
    'accounts.yaml',
  ).config;

const management = base('  managementAccountId: "111111111111"');
const delegated = base(
  '  managementAccountId: "111111111111"\n  runsFrom: delegatedAdmin\n  delegatedAdminAccountId: "222222222222"',
);
const caller = (fields: Partial<CallerIdentity>): CallerIdentity => ({
  accountId: '111111111111',
  arn: 'arn:aws:iam::111111111111:user/ops',
  organizationId: 'o-abc',
  managementAccountId: '111111111111',
  ...fields,
});

describe('callerProblems', () => {
  it('the management account of the organization accounts.yaml names matches', () => {
    expect(callerProblems(management, 'accounts.yaml', caller({}))).toEqual([]);
    expect(describeCaller(management, caller({}))).toBe(
      'Credentials: account 111111111111 (management account) of organization o-abc, as arn:aws:iam::111111111111:user/ops',
    );
  });

  it('an account in no organization is a problem naming it and the expected management account', () => {
    const problem = only(
      callerProblems(management, 'accounts.yaml', {
        accountId: '555555555555',
        arn: 'arn:aws:iam::555555555555:user/x',
      }),
      'problem',
    );
    expect(problem).toMatchObject({
      file: 'accounts.yaml',
      path: 'organization.managementAccountId',
      severity: 'error',
    });
    expect(problem.message).toContain('management account 111111111111');
    expect(problem.message).toContain('account 555555555555, which is in no organization');
  });

  it('a registered delegated administrator matches; an unregistered one does not', () => {
    const admin = caller({ accountId: '222222222222', arn: 'arn:aws:iam::222222222222:role/ops' });
    expect(callerProblems(delegated, 'accounts.yaml', { ...admin, stackSetsDelegatedAdmin: true })).toEqual([]);
    expect(
      callerProblems(delegated, 'accounts.yaml', { ...admin, stackSetsDelegatedAdmin: false })[0]?.message,
    ).toMatch(
      /account 222222222222 .* is not registered as delegated administrator for CloudFormation StackSets in organization o-abc/,
    );
  });
});
