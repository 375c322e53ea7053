/**
 * `cisfleet report --changes` against the simulator: automatic remediation runs (a runbook through Config, the
 * access-key function through EventBridge), and the changes listed are what the simulator recorded doing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXIT_CODES, UsageError } from '../../src/errors.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { committedReportValidator } from './report-fixtures.js';
import { deployStackSet, reportScenarioFields, runReport, settle, writeConfig } from './report-sim.js';
import { reportJson } from '../../src/report/output.js';
import { createClientFactory } from '../../src/actions/aws-context.js';
import { loadConfig } from '../../src/config/load-config.js';
import { readChanges } from '../../src/report/changes/read.js';
import { documentedActions } from '../helpers/iam-permissions-doc.js';
import { fakeClock } from '../helpers/fake-clock.js';

const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
const ACCOUNT = '222222222222';
const EXEMPT_TAG = 'cisfleet:exempt';

describe('report --changes after automatic remediation in the simulator', () => {
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
              securityGroups: [{ name: 'open-ssh', ingress: [{ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] }],
            },
          },
          iamUsers: [
            { name: 'stale-keys', accessKeys: [{ ageDays: 200, lastUsedDaysAgo: 1 }] },
            { name: 'break-glass', tags: { [EXEMPT_TAG]: 'true' }, accessKeys: [{ ageDays: 300, lastUsedDaysAgo: 2 }] },
          ],
        }),
    );
    await deployStackSet(sim, ACCOUNT, [HOME, OTHER], {
      AdminPortsMode: 'AUTO',
      AccessKeysMode: 'AUTO',
      ExemptTagKey: EXEMPT_TAG,
    });
    // Evaluations, then remediation (Config's runbook and the function), then the re-evaluation.
    for (let i = 0; i < 4; i++) settle(sim);
    configPath = writeConfig();
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('lists the runbook change and the key the function deactivated, with its request id, as the simulator did them', async () => {
    const run = await runReport(sim, configPath, { source: 'accounts', format: 'json', changes: { since: '7d' } });
    expect(run.exitCode).toBe(EXIT_CODES.ok);
    const section = run.report.changes!;
    const group = [...sim.world.region(ACCOUNT, HOME).securityGroups.values()].find((g) => g.groupName === 'open-ssh')!;
    // The simulator really revoked it: the listed change is the state's, not a canned line.
    expect(group.ingress).toEqual([]);
    expect(section.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          accountId: ACCOUNT,
          region: HOME,
          controlId: 'admin-ports-closed',
          source: 'config-remediation',
          resourceId: group.groupId,
          action: 'runbook RevokeWorldOpenAdminPorts',
          outcome: 'succeeded',
        }),
      ]),
    );
    const [key] = sim.world.accountIam(ACCOUNT).users.get('stale-keys')?.accessKeys ?? [];
    expect(key?.status).toBe('Inactive');
    const deactivated = section.changes.find((c) => c.source === 'access-key-function' && c.outcome === 'succeeded');
    expect(deactivated).toMatchObject({
      resourceType: 'AWS::IAM::User',
      resourceId: 'stale-keys',
      action: `access key ${key?.id} deactivated`,
      executionId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown as string,
    });
  });

  it('counts the tagged break-glass user as exempt, apart, and leaves its key active', async () => {
    const run = await runReport(sim, configPath, { source: 'accounts', format: 'json', changes: {} });
    const section = run.report.changes!;
    expect(
      sim.world
        .accountIam(ACCOUNT)
        .users.get('break-glass')
        ?.accessKeys.map((k) => k.status),
    ).toEqual(['Active']);
    expect(section.changes.filter((c) => c.outcome === 'exempt')).toEqual([
      expect.objectContaining({ resourceId: 'break-glass', detail: `exemption tag ${EXEMPT_TAG}` }),
    ]);
    expect(section.totals).toMatchObject({ exemptResources: 1, failed: 0, failedRuns: 0 });
    expect(run.reporter.stderr.join('\n')).toMatch(/1 exempt resources left alone/);
  });

  it('writes a changes section the committed JSON schema accepts', async () => {
    const run = await runReport(sim, configPath, { source: 'accounts', format: 'json', changes: { since: '1d' } });
    const validate = committedReportValidator();
    validate(JSON.parse(reportJson(run.report)) as unknown);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('looks back only as far as --since: two hours later, 1h sees nothing and 3h sees it all', async () => {
    const later = fakeClock({ now: () => sim.clock.now() + 2 * 3_600_000, advance: (ms) => sim.clock.advance(ms) });
    const changesWithin = async (since: string) =>
      (await runReport(sim, configPath, { source: 'accounts', format: 'json', changes: { since } }, sim.url, later))
        .report.changes!.changes;
    expect(await changesWithin('1h')).toEqual([]);
    expect((await changesWithin('3h')).map((c) => c.outcome).sort()).toEqual(['exempt', 'succeeded', 'succeeded']);
  });

  it('refuses a bad --since before any AWS call, naming the flag and the fix', async () => {
    const calls = [...sim.world.calls.values()].reduce((a, b) => a + b, 0);
    await expect(runReport(sim, configPath, { changes: { since: '7 days' } })).rejects.toThrow(UsageError);
    await expect(runReport(sim, configPath, { changes: { since: '0h' } })).rejects.toThrow(
      /--since "0h".*e\.g\. --since 24h/,
    );
    expect([...sim.world.calls.values()].reduce((a, b) => a + b, 0)).toBe(calls);
  });
});

describe('docs/iam-permissions.md for report --changes', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    // A group the runbook remediates: a succeeded execution is what makes the read ask SSM about the runbooks.
    sim = await startTestSimulator(
      orgBuilder()
        .regions(HOME, OTHER)
        .with(reportScenarioFields(HOME))
        .account(ACCOUNT, {
          ou: 'Workloads',
          regions: {
            [HOME]: {
              securityGroups: [{ name: 'open-ssh', ingress: [{ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] }],
            },
          },
        }),
    );
    await deployStackSet(sim, ACCOUNT, [HOME, OTHER], { AdminPortsMode: 'AUTO', AccessKeysMode: 'AUTO' });
    for (let i = 0; i < 3; i++) settle(sim);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('lists every member-account action the changes read calls, and only those', async () => {
    const { config } = await loadConfig(writeConfig());
    const factory = createClientFactory(
      { config: '', json: true, verbose: false, debug: false, yes: true, color: false },
      config,
      { endpoint: sim.url, credentials: sim.credentialsFor('admin') },
    );
    sim.world.calls.clear();
    try {
      const accounts = [
        { id: ACCOUNT, name: 'a', email: '', state: 'ACTIVE' as const, parentId: 'ou', ouPath: '/Root/Workloads' },
      ];
      await readChanges(factory, config, { since: new Date(0), accounts });
    } finally {
      factory.destroy();
    }
    const called = [...sim.world.calls.keys()].filter((k) => k !== 'sts:AssumeRole').sort();
    expect(called).toEqual(documentedActions('Member accounts: cisfleet report --changes'));
  });
});
