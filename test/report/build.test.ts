import { describe, expect, it } from '@jest/globals';
import { rulesForRegion } from '../../src/report/build.js';
import type { AccountRegionRow } from '../../src/report/model.js';
import {
  HOME,
  OTHER,
  account,
  failedResult,
  instance,
  readResult,
  reportFrom,
  rule,
  ruleResult,
  testConfig,
} from './report-fixtures.js';

const A = '222222222222';
const B = '333333333333';
const C = '444444444444';

function rowOf(rows: readonly AccountRegionRow[], accountId: string, region: string): AccountRegionRow {
  const row = rows.find((r) => r.accountId === accountId && r.region === region);
  if (!row) throw new Error(`no row for ${accountId}/${region}`);
  return row;
}

describe('buildReport', () => {
  it('gives every targeted account × region a row, sorted by OU path, account, then region order; unread ones are ERROR with the reason', () => {
    const report = reportFrom({
      accounts: [account(B, '/Root/Workloads'), account(A, '/Root/Workloads'), account(C, '/Root/Security')],
      compliance: [
        readResult(A, HOME, [ruleResult('default-sg-closed', { accountId: A, region: HOME }, 1, 0)]),
        failedResult(A, OTHER, 'throttled', 'ThrottlingException: Rate exceeded'),
        failedResult(
          B,
          HOME,
          'access-denied',
          'User: arn:aws:iam::111111111111:user/admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/OrganizationAccountAccessRole',
        ),
        failedResult(B, OTHER, 'not-recording', 'Config has no configuration recorder'),
        readResult(C, HOME, []),
        // C/OTHER: nothing came back at all.
      ],
    });

    expect(report.rows.map((r) => `${r.ouPath} ${r.accountId} ${r.region}`)).toEqual([
      `/Root/Security ${C} ${HOME}`,
      `/Root/Security ${C} ${OTHER}`,
      `/Root/Workloads ${A} ${HOME}`,
      `/Root/Workloads ${A} ${OTHER}`,
      `/Root/Workloads ${B} ${HOME}`,
      `/Root/Workloads ${B} ${OTHER}`,
    ]);
    expect(rowOf(report.rows, A, HOME).status).toBe('OK');
    expect(rowOf(report.rows, A, OTHER)).toMatchObject({
      status: 'ERROR',
      error: { kind: 'throttled', message: expect.stringContaining('Rate exceeded') },
    });
    expect(rowOf(report.rows, B, HOME).error?.kind).toBe('unreachable');
    expect(rowOf(report.rows, B, OTHER).error?.kind).toBe('not-recording');
    expect(rowOf(report.rows, C, OTHER)).toMatchObject({ status: 'ERROR', error: { kind: 'error' } });
    expect(Object.values(rowOf(report.rows, C, OTHER).controls).map((c) => c.state)).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
    expect(report.rollups.total).toMatchObject({ accounts: 3, rows: 6, errorRows: 4 });
  });

  it('keeps exact counts, marks IAM controls outside the home region not-deployed and rules without results as such', () => {
    const at = { accountId: A, region: HOME };
    const report = reportFrom({
      accounts: [account(A)],
      compliance: [
        readResult(
          A,
          HOME,
          [ruleResult('admin-ports-closed', at, 120, 150), ruleResult('access-keys-rotated', at, 1, 1, 'AIDA')],
          {
            rulesWithoutResults: [rule('default-sg-closed')],
            rulesNotDeployed: [rule('unused-credentials')],
          },
        ),
        readResult(A, OTHER, [ruleResult('admin-ports-closed', { accountId: A, region: OTHER }, 0, 3)]),
      ],
    });
    const home = rowOf(report.rows, A, HOME);
    expect(home.controls['admin-ports-closed']).toMatchObject({
      state: 'evaluated',
      mode: 'DETECT',
      compliant: 120,
      nonCompliant: 150,
    });
    expect(home.controls['admin-ports-closed'].nonCompliantResources).toHaveLength(150);
    expect(home.controls['default-sg-closed'].state).toBe('no-results');
    expect(home.controls['unused-credentials']).toMatchObject({ state: 'not-deployed', mode: 'DETECT' });
    const other = rowOf(report.rows, A, OTHER);
    expect(other.controls['access-keys-rotated'].state).toBe('not-deployed');
    expect(other.controls['unused-credentials'].state).toBe('not-deployed');
    expect(report.rollups.total.nonCompliant).toBe(154);
    expect(report.rollups.byRegion.map((r) => [r.key, r.nonCompliant])).toEqual([
      [HOME, 151],
      [OTHER, 3],
    ]);
    expect(report.rollups.byControl.find((r) => r.key === 'admin-ports-closed')).toMatchObject({
      nonCompliant: 153,
      compliant: 120,
      nonCompliantRows: 2,
    });
  });

  it('shows exempt cells with their reason and mode DETECT but leaves them out of the roll-ups; expired exemptions do not count', () => {
    const config = testConfig({
      controls: { 'admin-ports-closed': { mode: 'AUTO' } },
      exemptions: {
        accounts: [
          { accountId: A, controls: ['admin-ports-closed'], reason: 'training lab', expires: '2029-12-31' },
          { accountId: B, controls: ['admin-ports-closed'], reason: 'ended', expires: '2020-01-01' },
        ],
      },
    });
    const report = reportFrom({
      config,
      accounts: [account(A), account(B)],
      compliance: [A, B].flatMap((id) =>
        [HOME, OTHER].map((region) =>
          readResult(id, region, [ruleResult('admin-ports-closed', { accountId: id, region }, 0, 2)]),
        ),
      ),
    });
    const exempt = rowOf(report.rows, A, HOME).controls['admin-ports-closed'];
    expect(exempt).toMatchObject({
      state: 'exempt',
      mode: 'DETECT',
      nonCompliant: 2,
      exemption: { reason: 'training lab', expires: '2029-12-31' },
    });
    expect(rowOf(report.rows, B, HOME).controls['admin-ports-closed']).toMatchObject({
      state: 'evaluated',
      mode: 'AUTO',
    });
    expect(report.rollups.total.nonCompliant).toBe(4);
    expect(report.rollups.total.nonCompliantRows).toBe(2);
  });

  it('flags the resources remediation gave up on as cannotAutoRemediate and counts them', () => {
    const at = { accountId: A, region: HOME };
    const failing = {
      ...ruleResult('admin-ports-closed', at, 0, 2),
      remediationFailures: [
        { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1', message: 'cannot revoke all traffic' },
      ],
    };
    const report = reportFrom({
      accounts: [account(A)],
      compliance: [readResult(A, HOME, [failing]), readResult(A, OTHER, [])],
    });
    const resources = rowOf(report.rows, A, HOME).controls['admin-ports-closed'].nonCompliantResources;
    expect(resources.find((r) => r.resourceId === 'sg-1')?.cannotAutoRemediate).toBe('cannot revoke all traffic');
    expect(resources.find((r) => r.resourceId === 'sg-0')?.cannotAutoRemediate).toBeUndefined();
    expect(report.rollups.total.byControl['admin-ports-closed'].cannotAutoRemediate).toBe(1);
  });

  it('maps stack instances: failed with its reason, skipped, outdated, missing; drift with the drifted resources', () => {
    const report = reportFrom({
      accounts: [account(A), account(B)],
      compliance: [],
      instances: {
        status: 'read',
        instances: [
          instance(A, HOME, {
            status: 'OUTDATED',
            detailedStatus: 'FAILED',
            statusReason: 'ResourceLogicalId:Recorder, MaxNumberOfConfigurationRecordersExceeded',
          }),
          instance(A, OTHER, { status: 'OUTDATED', detailedStatus: 'SKIPPED_SUSPENDED_ACCOUNT' }),
          instance(B, HOME, { driftStatus: 'DRIFTED', lastDriftCheckAt: new Date('2026-11-28T11:00:00Z') }),
        ],
      },
      drift: {
        resources: new Map([
          [
            `${B}|${HOME}`,
            [
              {
                logicalResourceId: 'AdminPortsRule',
                resourceType: 'AWS::Config::ConfigRule',
                status: 'MODIFIED',
                propertyDifferences: [{ path: '/InputParameters/x', expected: '', actual: 'y', difference: 'ADD' }],
              },
              {
                logicalResourceId: 'Recorder',
                resourceType: 'AWS::Config::ConfigurationRecorder',
                status: 'IN_SYNC',
                propertyDifferences: [],
              },
            ],
          ],
        ]),
      },
    });
    expect(rowOf(report.rows, A, HOME).instance).toMatchObject({
      state: 'FAILED',
      reason: expect.stringContaining('MaxNumberOfConfigurationRecorders'),
    });
    expect(rowOf(report.rows, A, OTHER).instance.state).toBe('SKIPPED');
    expect(rowOf(report.rows, B, OTHER).instance).toMatchObject({ state: 'MISSING' });
    const drift = rowOf(report.rows, B, HOME).drift;
    expect(drift).toMatchObject({ status: 'DRIFTED', lastCheckedAt: '2026-11-28T11:00:00.000Z' });
    expect(drift.resources).toEqual([
      {
        logicalId: 'AdminPortsRule',
        resourceType: 'AWS::Config::ConfigRule',
        status: 'MODIFIED',
        differences: [{ path: '/InputParameters/x', expected: '', actual: 'y', kind: 'ADD' }],
      },
    ]);
    expect(report.driftChecked).toBe(true);
    expect(report.rollups.total).toMatchObject({ driftedRows: 1, instancesNotCurrent: 3 });
  });

  it('reports every instance MISSING, with the reason, when the stack set does not exist', () => {
    const report = reportFrom({
      accounts: [account(A)],
      compliance: [],
      instances: { status: 'no-stack-set', reason: 'stack set cis does not exist' },
    });
    expect(report.rows.map((r) => r.instance)).toEqual([
      { state: 'MISSING', reason: 'stack set cis does not exist' },
      { state: 'MISSING', reason: 'stack set cis does not exist' },
    ]);
    expect(report.driftChecked).toBe(false);
  });

  it('rolls up per OU in path order', () => {
    const report = reportFrom({
      accounts: [account(A, '/Root/Workloads/Prod'), account(B, '/Root/Sandbox'), account(C, '/Root/Workloads/Prod')],
      compliance: [A, B, C].flatMap((id) =>
        [HOME, OTHER].map((region) =>
          readResult(id, region, [ruleResult('default-sg-closed', { accountId: id, region }, 1, id === B ? 0 : 1)]),
        ),
      ),
    });
    expect(report.rollups.byOu.map((r) => [r.key, r.accounts, r.rows, r.nonCompliant, r.compliant])).toEqual([
      ['/Root/Sandbox', 1, 2, 0, 2],
      ['/Root/Workloads/Prod', 2, 4, 4, 4],
    ]);
  });
});

describe('rulesForRegion', () => {
  it('names the IAM rules in the home region only, and hands out one frozen list per configuration and region', () => {
    const config = testConfig();
    const home = rulesForRegion(config, HOME);
    expect(home).toEqual([
      rule('default-sg-closed'),
      rule('admin-ports-closed'),
      rule('access-keys-rotated'),
      rule('unused-credentials'),
    ]);
    expect(rulesForRegion(config, OTHER)).toEqual([rule('default-sg-closed'), rule('admin-ports-closed')]);
    // Every result of a large organization holds these names: the same strings, not a copy per call.
    expect(rulesForRegion(config, HOME)).toBe(home);
    expect(Object.isFrozen(home)).toBe(true);
    expect(rulesForRegion(testConfig(), HOME)).not.toBe(home);
  });
});
