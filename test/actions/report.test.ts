import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { EXIT_CODES } from '../../src/errors.js';
import type { AccountRegionRow, ComplianceReport } from '../../src/report/model.js';
import { authorizeIngress } from '../../src/sim/model/security-groups.js';
import { simulateManualChange } from '../../src/sim/model/drift.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { jsonError, queryError, startAwsProxy } from '../helpers/aws-proxy.js';
import { callsDuring, openGroups } from '../aws/compliance-gateway-fixtures.js';
import { committedReportValidator } from '../report/report-fixtures.js';
import { deployStackSet, reportScenarioFields, runReport, settle, writeConfig } from '../report/report-sim.js';

const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
/** 150 security groups open to SSH in the home region: more than the contributor count's cap of 100. */
const BIG = '222222222222';
const OPEN_SSH_GROUPS = 150;
/** Nothing wrong: the default groups are closed, no other groups, no IAM users. */
const QUIET = '333333333333';
/** No member role: cisfleet cannot assume into it (StackSets deploys there all the same). */
const NO_ROLE = '444444444444';
/** Its stack instances fail: no recorder, no rules. */
const FAILING = '555555555555';

function row(report: ComplianceReport, accountId: string, region: string): AccountRegionRow {
  const found = report.rows.find((r) => r.accountId === accountId && r.region === region);
  if (!found) throw new Error(`no row for ${accountId}/${region} in the report`);
  return found;
}

/** Rows without the field that says which source answered, to compare sources. */
const withoutSource = (rows: readonly AccountRegionRow[]) => rows.map(({ source: _source, ...rest }) => rest);

describe('cisfleet report against a stack set deployed in the simulator', () => {
  let sim: TestSimulator;
  let configPath: string;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .regions(HOME, OTHER)
        .with(reportScenarioFields(HOME))
        .account(BIG, {
          ou: 'Workloads',
          allRegions: { defaultSecurityGroup: 'closed' },
          regions: { [HOME]: { securityGroups: openGroups('ssh', OPEN_SSH_GROUPS, 22) } },
          iamUsers: [{ name: 'stale-keys', accessKeys: [{ ageDays: 200, lastUsedDaysAgo: 1 }] }],
        })
        .account(QUIET, { ou: 'Workloads', allRegions: { defaultSecurityGroup: 'closed' } })
        .account(NO_ROLE, { ou: 'Workloads', roles: [], allRegions: { defaultSecurityGroup: 'aws-default' } })
        .account(FAILING, { ou: 'Workloads' })
        .faults({
          latencyMs: {},
          throttle: {},
          deniedAccounts: [],
          failingInstances: [
            { accountId: FAILING, reason: 'Simulated failure: an SCP denies config:PutConfigurationRecorder' },
          ],
        }),
    );
    await deployStackSet(sim, BIG, [HOME, OTHER]);
    configPath = writeConfig();
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('reads exact counts above 100 from the member accounts, lists every account × region, and writes schema-valid JSON', async () => {
    const run = await runReport(sim, configPath, { source: 'accounts', format: 'json' });
    const { report } = run;

    expect(report.rows.map((r) => `${r.accountId} ${r.region}`).sort()).toEqual(
      [BIG, QUIET, NO_ROLE, FAILING].flatMap((id) => [`${id} ${HOME}`, `${id} ${OTHER}`]).sort(),
    );
    const sshCell = row(report, BIG, HOME).controls['admin-ports-closed'];
    expect(sshCell).toMatchObject({ state: 'evaluated', mode: 'DETECT', nonCompliant: OPEN_SSH_GROUPS });
    expect(new Set(sshCell.nonCompliantResources.map((r) => r.resourceId)).size).toBe(OPEN_SSH_GROUPS);
    expect(row(report, BIG, HOME).controls['access-keys-rotated']).toMatchObject({
      state: 'evaluated',
      nonCompliant: 1,
    });
    expect(row(report, BIG, OTHER).controls['access-keys-rotated'].state).toBe('not-deployed');
    expect(row(report, QUIET, HOME).controls['default-sg-closed']).toMatchObject({
      state: 'evaluated',
      compliant: 1,
      nonCompliant: 0,
    });
    expect(row(report, BIG, HOME).instance.state).toBe('CURRENT');
    expect(row(report, FAILING, HOME).instance).toMatchObject({
      state: 'FAILED',
      reason: expect.stringContaining('SCP denies'),
    });
    expect(report.rollups.total.byControl['admin-ports-closed'].nonCompliant).toBe(OPEN_SSH_GROUPS);

    const validate = committedReportValidator();
    validate(JSON.parse(run.stdout));
    expect(validate.errors ?? []).toEqual([]);
    // Some rows could not be read and no --fail-on was given: partial.
    expect(run.exitCode).toBe(EXIT_CODES.partial);
  });

  it('lists accounts it cannot read as ERROR with the reason: no member role, and Config not recording', async () => {
    const { report, reporter } = await runReport(sim, configPath, { source: 'accounts', format: 'json' });
    expect(row(report, NO_ROLE, HOME)).toMatchObject({
      status: 'ERROR',
      error: { kind: 'unreachable', message: expect.stringContaining('sts:AssumeRole') },
    });
    expect(row(report, FAILING, OTHER)).toMatchObject({ status: 'ERROR', error: { kind: 'not-recording' } });
    expect(report.rollups.total.errorRows).toBe(4);
    expect(reporter.stderr.join('\n')).toContain(`${NO_ROLE} (account-${NO_ROLE}) ${HOME}: unreachable`);
  });

  it('keeps every row and count when AWS answers NoSuchRemediationConfigurationException for the remediation status (through a proxy)', async () => {
    // AWS's model (config 2014-11-12, DescribeRemediationExecutionStatus's errors) answers this for a rule without
    // a remediation configuration: every rule here is in DETECT. The proxy answers it for every rule, on the wire.
    const proxy = await startAwsProxy(sim.url, {
      answer: (call) =>
        call.action === 'DescribeRemediationExecutionStatus'
          ? jsonError(
              400,
              'NoSuchRemediationConfigurationException',
              'No remediation configuration exists for the ConfigRule.',
            )
          : undefined,
    });
    try {
      const direct = (await runReport(sim, configPath, { source: 'accounts', format: 'json' })).report;
      const proxied = (await runReport(sim, configPath, { source: 'accounts', format: 'json' }, proxy.url)).report;

      expect(proxy.calls.filter((c) => c.action === 'DescribeRemediationExecutionStatus').length).toBeGreaterThan(0);
      expect(proxied.rows.map((r) => `${r.accountId} ${r.region} ${r.status}`).sort()).toEqual(
        direct.rows.map((r) => `${r.accountId} ${r.region} ${r.status}`).sort(),
      );
      expect(row(proxied, BIG, HOME)).toMatchObject({ status: 'OK' });
      expect(row(proxied, BIG, HOME).controls['admin-ports-closed']).toMatchObject({
        state: 'evaluated',
        nonCompliant: OPEN_SSH_GROUPS,
      });
      expect(row(proxied, BIG, HOME).controls['access-keys-rotated']).toMatchObject({
        state: 'evaluated',
        nonCompliant: 1,
      });
      expect(proxied.rollups.total).toEqual(direct.rollups.total);
    } finally {
      await proxy.stop();
    }
  });

  it('agrees between the aggregator and the accounts, and reads the aggregator without any AssumeRole', async () => {
    const accounts = (await runReport(sim, configPath, { source: 'accounts', format: 'json' })).report;
    const { result, calls } = await callsDuring(sim.world, () =>
      runReport(sim, configPath, { source: 'aggregator', format: 'json' }),
    );
    const aggregator = result.report;

    expect(aggregator.source).toBe('aggregator');
    expect(calls['sts:AssumeRole'] ?? 0).toBe(0);
    const readByBoth = (r: AccountRegionRow) =>
      r.status === 'OK' && row(accounts, r.accountId, r.region).status === 'OK';
    expect(withoutSource(aggregator.rows.filter(readByBoth))).toEqual(
      withoutSource(accounts.rows.filter((r) => r.status === 'OK')),
    );
    expect(aggregator.rows.filter(readByBoth)).toHaveLength(4);
    // The aggregator sees the account cisfleet cannot assume into; the failed account has no data anywhere.
    expect(row(aggregator, NO_ROLE, HOME).status).toBe('OK');
    expect(row(aggregator, FAILING, HOME)).toMatchObject({
      status: 'ERROR',
      source: 'aggregator',
      error: { message: expect.stringContaining('no results') },
    });
  });

  it('auto reads the aggregator and falls back to the accounts where it has no data', async () => {
    const { report } = await runReport(sim, configPath, { source: 'auto', format: 'json' });
    expect(report.source).toBe('mixed');
    expect(row(report, BIG, HOME).source).toBe('aggregator');
    expect(row(report, FAILING, HOME)).toMatchObject({
      source: 'accounts',
      status: 'ERROR',
      error: { kind: 'not-recording' },
    });
  });

  it('exits 4 when a --fail-on condition is met (over 3), 3 with unreadable rows only, 0 when all is read and nothing is asked', async () => {
    expect(
      (await runReport(sim, configPath, { source: 'accounts', format: 'json', failOn: ['noncompliant'] })).exitCode,
    ).toBe(EXIT_CODES.failOn);
    expect((await runReport(sim, configPath, { source: 'accounts', format: 'json', failOn: ['error'] })).exitCode).toBe(
      EXIT_CODES.failOn,
    );
    expect((await runReport(sim, configPath, { source: 'accounts', format: 'json', failOn: ['drift'] })).exitCode).toBe(
      EXIT_CODES.partial,
    );
    const readable = writeConfig({ targets: { excludeAccounts: [NO_ROLE, FAILING] }, report: { failOn: ['error'] } });
    expect((await runReport(sim, readable, { source: 'accounts', format: 'json' })).exitCode).toBe(EXIT_CODES.ok);
    // accounts.yaml's failOn applies unless --fail-on replaces it.
    expect(
      (await runReport(sim, readable, { source: 'accounts', format: 'json', failOn: ['noncompliant'] })).exitCode,
    ).toBe(EXIT_CODES.failOn);
  });

  it('detects drift after a manual change and lists the drifted resource', async () => {
    expect(
      simulateManualChange(sim.world, {
        accountId: QUIET,
        region: HOME,
        logicalId: 'AdminPortsRule',
        change: { kind: 'modify', inputParameters: { authorizedTcpPorts: '22' } },
      }),
    ).toBe(true);
    const { report, exitCode } = await runReport(sim, configPath, {
      source: 'accounts',
      format: 'json',
      drift: true,
      failOn: ['drift'],
    });

    expect(report.driftChecked).toBe(true);
    const drift = row(report, QUIET, HOME).drift;
    expect(drift.status).toBe('DRIFTED');
    expect(drift.resources).toEqual([
      expect.objectContaining({
        logicalId: 'AdminPortsRule',
        resourceType: 'AWS::Config::ConfigRule',
        status: 'MODIFIED',
        differences: expect.arrayContaining([
          expect.objectContaining({ path: expect.stringContaining('authorizedTcpPorts') }),
        ]),
      }),
    ]);
    expect(row(report, BIG, HOME).drift.status).toBe('IN_SYNC');
    expect(report.rollups.total.driftedRows).toBe(1);
    expect(exitCode).toBe(EXIT_CODES.failOn);
  });

  it('keeps the compliance and exits 3 when drift cannot be read, saying "drift unavailable: <reason>" in every format', async () => {
    const denied =
      'User: arn:aws:iam::111111111111:user/admin is not authorized to perform: cloudformation:DetectStackSetDrift';
    const proxy = await startAwsProxy(sim.url, {
      answer: (call) => (call.action === 'DetectStackSetDrift' ? queryError(403, 'AccessDenied', denied) : undefined),
    });
    try {
      const run = await runReport(sim, configPath, { source: 'accounts', format: 'json', drift: true }, proxy.url);

      expect(run.exitCode).toBe(EXIT_CODES.partial);
      expect(run.report.driftUnavailable).toContain(denied);
      expect(row(run.report, BIG, HOME).controls['admin-ports-closed']).toMatchObject({
        state: 'evaluated',
        nonCompliant: OPEN_SSH_GROUPS,
      });
      expect(row(run.report, BIG, HOME).instance.state).toBe('CURRENT');
      const validate = committedReportValidator();
      validate(JSON.parse(run.stdout));
      expect(validate.errors ?? []).toEqual([]);
      for (const format of ['table', 'md', 'html', 'csv'] as const) {
        const file = join(dirname(configPath), `drift-unavailable.${format}`);
        await runReport(sim, configPath, { source: 'accounts', format, drift: true, output: file }, proxy.url);
        expect({ format, says: readFileSync(file, 'utf8').includes('drift unavailable: ') }).toEqual({
          format,
          says: true,
        });
      }
    } finally {
      await proxy.stop();
    }
  });

  it('--compare shows what changed since a previous JSON report, in the output and under `comparison`', async () => {
    const previousFile = join(dirname(configPath), 'previous.json');
    const first = await runReport(sim, configPath, { source: 'accounts', format: 'json', output: previousFile });
    expect(first.reporter.stderr.join('\n')).toContain(`Wrote the json report to ${previousFile}`);
    expect(JSON.parse(readFileSync(previousFile, 'utf8')).version).toBe(3);

    // BIG's other region: its rules are as deployed (the drift test changed QUIET's).
    const defaultGroup = [...sim.world.region(BIG, OTHER).securityGroups.values()].find(
      (g) => g.groupName === 'default',
    )!;
    authorizeIngress(
      sim.world,
      { accountId: BIG, region: OTHER, groupId: defaultGroup.groupId },
      { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'] },
    );
    settle(sim);

    const { report, reporter } = await runReport(sim, configPath, {
      source: 'accounts',
      format: 'json',
      compare: previousFile,
    });
    expect(
      report.comparison?.newlyNonCompliant
        .map((c) => `${c.accountId} ${c.region} ${c.controlId} ${c.resourceId}`)
        .sort(),
    ).toEqual(
      [
        `${BIG} ${OTHER} admin-ports-closed ${defaultGroup.groupId}`,
        `${BIG} ${OTHER} default-sg-closed ${defaultGroup.groupId}`,
      ].sort(),
    );
    expect(report.comparison?.fixed).toEqual([]);
    expect(reporter.stderr.join('\n')).toMatch(/2 newly non-compliant, 0 fixed/);
    await expect(
      runReport(sim, configPath, { format: 'json', compare: join(dirname(configPath), 'missing.json') }),
    ).rejects.toThrow(/--compare .*missing\.json: ENOENT/);
  });

  it('writes the format asked for to the file it names, through the renderers (html, csv)', async () => {
    const html = join(dirname(configPath), 'report.html');
    const run = await runReport(sim, configPath, { source: 'accounts', format: 'html', output: html });
    expect(run.stdout).toBe('');
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(readFileSync(html, 'utf8')).toContain(BIG);
    const csv = join(dirname(configPath), 'report.csv');
    await runReport(sim, configPath, { source: 'accounts', format: 'csv', output: csv });
    // One line per account × region × control, plus the header.
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(1 + 4 * 2 * 4);
  });

  it('lists an account throttled beyond retries as ERROR (throttled), the others read', async () => {
    // Few details calls are allowed per account: QUIET needs two, BIG (150 findings) far more.
    sim.world.faults.throttle['config:GetComplianceDetailsByConfigRule'] = { ratePerSecond: 0.001, burst: 4 };
    const attempts = process.env.AWS_MAX_ATTEMPTS;
    process.env.AWS_MAX_ATTEMPTS = '2';
    try {
      const { report } = await runReport(sim, configPath, { source: 'accounts', format: 'json' });
      expect(row(report, BIG, HOME)).toMatchObject({ status: 'ERROR', error: { kind: 'throttled' } });
      expect(row(report, QUIET, HOME).status).toBe('OK');
      expect(row(report, QUIET, OTHER).status).toBe('OK');
    } finally {
      delete sim.world.faults.throttle['config:GetComplianceDetailsByConfigRule'];
      if (attempts === undefined) delete process.env.AWS_MAX_ATTEMPTS;
      else process.env.AWS_MAX_ATTEMPTS = attempts;
    }
  });
});
