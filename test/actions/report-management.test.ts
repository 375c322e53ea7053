import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { AccountRegionRow, ComplianceReport } from '../../src/report/model.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { account, committedReportValidator, reportFrom } from '../report/report-fixtures.js';
import { runReport, settle } from '../report/report-sim.js';
import { rolloutHarness, SHIPPED_CONFIG, writeConfig, type RolloutHarness } from './rollout-fixtures.js';

/** The demo organization's management account (the shipped accounts.yaml has includeManagementAccount: true). */
const MANAGEMENT = '111111111111';
const HOME = 'us-east-1';
const REGIONS = [HOME, 'eu-west-1'];

function managementRows(report: ComplianceReport): AccountRegionRow[] {
  return report.rows.filter((r) => r.accountId === MANAGEMENT);
}

/** The shipped template with one more comment line: another sha256, as a template change gives. */
function changedTemplate() {
  const base = loadRemediationTemplate();
  const body = `${base.body}\n# changed by a test\n`;
  return { body, sha256: createHash('sha256').update(body).digest('hex'), version: base.version };
}

describe('cisfleet report: the management account (targets.includeManagementAccount)', () => {
  let h: RolloutHarness;
  let configPath: string;

  beforeAll(async () => {
    h = await rolloutHarness();
    configPath = writeConfig();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('has a MISSING row per region before rollout, in the root and read from the account', async () => {
    const { report } = await runReport(h.sim, configPath, { source: 'accounts', format: 'json' });

    const rows = managementRows(report);
    expect(rows.map((r) => r.region)).toEqual(REGIONS);
    for (const row of rows) {
      expect(row).toMatchObject({
        ouPath: '/Root',
        source: 'accounts',
        instance: { state: 'MISSING' },
        drift: { status: 'NOT_CHECKED' },
      });
      expect(row.instance.reason).toMatch(/run cisfleet rollout/);
    }
    // Sorted by OU path: the root comes before every OU below it.
    expect(report.rows[0]?.accountId).toBe(MANAGEMENT);
  });

  it('is CURRENT after rollout, with controls evaluated through the base credentials, and validates against the schema', async () => {
    expect((await h.run()).plan.managementAccount.action).toBe('create');
    settle(h.sim);
    h.resetCalls();

    const run = await runReport(h.sim, configPath, { source: 'accounts', format: 'json' });
    const rows = managementRows(run.report);

    expect(rows.map((r) => `${r.region} ${r.instance.state} ${r.status}`)).toEqual(
      REGIONS.map((r) => `${r} CURRENT OK`),
    );
    // The member role does not exist in the management account: an ERROR row would say AssumeRole was tried.
    const home = rows.find((r) => r.region === HOME)!;
    // Its default security group is its only resource in scope (the demo gives it nothing else to evaluate).
    expect(home.controls['default-sg-closed']).toMatchObject({ state: 'evaluated', compliant: 1, nonCompliant: 0 });
    expect(Object.values(home.controls).filter((c) => c.state === 'error' || c.state === 'not-deployed')).toEqual([]);
    expect(rows.find((r) => r.region !== HOME)!.controls['access-keys-rotated'].state).toBe('not-deployed');
    expect(h.calls()['cloudformation:DescribeStacks']).toBe(REGIONS.length);
    expect(run.report.rollups.byOu.find((r) => r.key === '/Root')).toMatchObject({ instancesNotCurrent: 0 });
    committedReportValidator()(JSON.parse(run.stdout));
  });

  it('is OUTDATED when the stack carries another template than the current one', async () => {
    const template = changedTemplate();
    const rolled = await h.run({}, { overrides: { template } });
    expect(rolled.plan.managementAccount.regions.map((r) => r.action)).toEqual(['update', 'update']);
    settle(h.sim);

    const { report } = await runReport(h.sim, configPath, { source: 'accounts', format: 'json' });

    for (const row of managementRows(report)) {
      expect(row.instance.state).toBe('OUTDATED');
      expect(row.instance.reason).toContain(template.sha256.slice(0, 12));
    }
    expect(report.rollups.total.instancesNotCurrent).toBeGreaterThanOrEqual(REGIONS.length);
  });

  it('has no management rows when includeManagementAccount is false', async () => {
    const without = writeConfig(
      SHIPPED_CONFIG.replace('includeManagementAccount: true', 'includeManagementAccount: false'),
    );
    h.resetCalls();

    const { report } = await runReport(h.sim, without, { source: 'accounts', format: 'json' });

    expect(report.rows.length).toBeGreaterThan(0);
    expect(managementRows(report)).toEqual([]);
    expect(h.calls()['cloudformation:DescribeStacks'] ?? 0).toBe(0);
  });
});

describe('the management account rows, by stack status (built from what was read)', () => {
  const SHA = 'a'.repeat(64);
  const stateFor = (status: string, templateSha256 = SHA) =>
    reportFrom({
      accounts: [],
      compliance: [],
      management: {
        account: account(MANAGEMENT, '/Root', 'Management'),
        stackName: 'cisfleet-cis-remediation',
        stacks: new Map([[HOME, { exists: true, status, parameters: {}, templateSha256 }]]),
        templateSha256: SHA,
      },
    }).rows.map((r) => `${r.region} ${r.instance.state}`);

  it('is FAILED after a failed or rolled-back create or update, OUTDATED while one runs, MISSING where no stack was read', () => {
    expect(stateFor('UPDATE_COMPLETE')).toEqual([`${HOME} CURRENT`, `${REGIONS[1]} MISSING`]);
    expect(stateFor('CREATE_COMPLETE', 'b'.repeat(64))[0]).toBe(`${HOME} OUTDATED`);
    for (const status of ['CREATE_FAILED', 'ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'DELETE_FAILED'])
      expect(stateFor(status)[0]).toBe(`${HOME} FAILED`);
    expect(stateFor('UPDATE_IN_PROGRESS')[0]).toBe(`${HOME} OUTDATED`);
  });
});
