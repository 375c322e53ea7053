/**
 * Resources the SSM runbooks skip for the exemption tag, under AUTO: Config records those executions as
 * SUCCEEDED, so `report --changes` reads SSM's record of each runbook (its outputs) to count them exempt, apart
 * from the resources remediation changed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CODES } from '../../src/errors.js';
import type { RemediationChange } from '../../src/report/changes/model.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { deployStackSet, reportScenarioFields, runReport, settle, writeConfig } from './report-sim.js';

const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
const ACCOUNT = '222222222222';
const EXEMPT_TAG = 'cisfleet:exempt';
const openSsh = [{ protocol: 'tcp' as const, ports: 22, cidr: '0.0.0.0/0' }];
/** A console password created 200 days ago and never used: unused past the template's 45 days. */
const idlePassword = { ageDays: 200 };

describe('report --changes: resources a runbook skipped for the exemption tag are exempt, not remediated', () => {
  let sim: TestSimulator;
  let configPath: string;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .regions(HOME, OTHER)
        .with(reportScenarioFields(HOME))
        .account(ACCOUNT, {
          ou: 'Workloads',
          allRegions: { defaultSecurityGroup: 'closed' },
          regions: {
            [HOME]: {
              securityGroups: [
                { name: 'bastion-ssh', tags: { [EXEMPT_TAG]: 'bastion' }, ingress: openSsh },
                { name: 'open-ssh', ingress: openSsh },
              ],
            },
          },
          iamUsers: [
            { name: 'break-glass', tags: { [EXEMPT_TAG]: 'true' }, password: idlePassword },
            { name: 'idle', password: idlePassword },
          ],
        }),
    );
    await deployStackSet(sim, ACCOUNT, [HOME, OTHER], {
      AdminPortsMode: 'AUTO',
      UnusedCredentialsMode: 'AUTO',
      ExemptTagKey: EXEMPT_TAG,
    });
    for (let i = 0; i < 4; i++) settle(sim);
    configPath = writeConfig();
  });

  afterAll(async () => {
    await sim?.stop();
  });

  const groupNamed = (name: string) =>
    [...sim.world.region(ACCOUNT, HOME).securityGroups.values()].find((g) => g.groupName === name)!;
  const user = (name: string) => sim.world.accountIam(ACCOUNT).users.get(name)!;

  it('leaves the tagged group and user as they were, and remediates the others', () => {
    expect(groupNamed('bastion-ssh').ingress).toHaveLength(1);
    expect(user('break-glass').passwordCreateDate).toBeDefined();
    expect(groupNamed('open-ssh').ingress).toEqual([]);
    expect(user('idle').passwordCreateDate).toBeUndefined();
  });

  it('lists them as exempt, skipped by the runbook with its reason and SSM execution id, counted apart', async () => {
    const run = await runReport(sim, configPath, { source: 'accounts', format: 'json', changes: { since: '7d' } });
    expect(run.exitCode).toBe(EXIT_CODES.ok);
    const section = run.report.changes!;
    const byResource = (id: string): RemediationChange | undefined => section.changes.find((c) => c.resourceId === id);
    const bastion = groupNamed('bastion-ssh').groupId;
    const executionId = expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown as string;
    expect(byResource(bastion)).toMatchObject({
      controlId: 'admin-ports-closed',
      source: 'config-remediation',
      action: 'skipped by runbook RevokeWorldOpenAdminPorts',
      outcome: 'exempt',
      executionId,
      detail: `${bastion} carries the exemption tag ${EXEMPT_TAG}`,
    });
    expect(byResource(user('break-glass').userId)).toMatchObject({
      controlId: 'unused-credentials',
      action: 'skipped by runbook RevokeUnusedCredentials',
      outcome: 'exempt',
      executionId,
      detail: `break-glass carries the exemption tag ${EXEMPT_TAG}`,
    });
    // The ones it changed stay succeeded, now with the execution that changed them.
    expect(byResource(groupNamed('open-ssh').groupId)).toMatchObject({ outcome: 'succeeded', executionId });
    expect(byResource(user('idle').userId)).toMatchObject({ outcome: 'succeeded', executionId });
    expect(section.totals).toMatchObject({ succeeded: 2, exemptResources: 2, failed: 0 });
    expect(run.reporter.stderr.join('\n')).toMatch(
      /2 changes made by automatic remediation.*2 exempt resources left alone/,
    );
  });

  it('shows the skip as exempt with its reason in every other format (table, csv, md, html)', async () => {
    const reason = `break-glass carries the exemption tag ${EXEMPT_TAG}`;
    const dir = mkdtempSync(join(tmpdir(), 'cisfleet-changes-'));
    for (const format of ['table', 'csv', 'md', 'html'] as const) {
      const output = join(dir, `report.${format}`);
      await runReport(sim, configPath, { source: 'accounts', format, output, changes: { since: '7d' } });
      const line = readFileSync(output, 'utf8')
        .split('\n')
        .find((l) => l.includes(reason));
      expect(`${format}: ${line}`).toMatch(/skipped by runbook RevokeUnusedCredentials.*exempt/);
    }
  });
});
