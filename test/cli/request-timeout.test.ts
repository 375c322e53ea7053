/**
 * A request that is accepted and never answered must end in a per-account failure, not a hang: the real CLI,
 * in a child process, against a real HTTP server that swallows one account's calls.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ComplianceReport } from '../../src/report/model.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { callerAccount, startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { deployStackSet, reportScenarioFields, writeConfig } from '../report/report-sim.js';

const ANSWERING = '222222222222';
const SILENT = '333333333333';

describe('a request that never answers', () => {
  let sim: TestSimulator;
  let proxy: AwsProxy;
  let config: string;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .regions('us-east-1', 'eu-west-1')
        .with(reportScenarioFields('us-east-1'))
        .account(ANSWERING, { ou: 'Workloads' })
        .account(SILENT, { ou: 'Workloads' }),
    );
    await deployStackSet(sim, ANSWERING, ['us-east-1', 'eu-west-1']);
    proxy = await startAwsProxy(sim.url, { silence: (call) => callerAccount(sim, call) === SILENT });
    config = writeConfig();
  });

  afterAll(async () => {
    await proxy.stop();
    await sim.stop();
  });

  const cli = (args: string[]) => {
    const admin = sim.credentialsFor('admin');
    return runCliAsync([...args, '--config', config, '--request-timeout', '0.5'], {
      env: {
        AWS_ENDPOINT_URL: proxy.url,
        AWS_ACCESS_KEY_ID: admin.accessKeyId,
        AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
        // One retry: the timeout is still retried as the SDK retries any transient error.
        AWS_MAX_ATTEMPTS: '2',
      },
    });
  };

  it('org --check-access lists the silent account with "no answer", reaches the other and exits 3', async () => {
    const before = proxy.unanswered;
    const run = await cli(['org', '--check-access']);
    expect(run.stderr).not.toMatch(/bug in cisfleet/);
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(
      new RegExp(
        `${SILENT}[^\\n]*unreachable: NoAnswer: no answer from STS GetCallerIdentity in 0.5 s \\(2 attempts\\)`,
      ),
    );
    expect(run.stdout).not.toMatch(new RegExp(`${ANSWERING}[^\\n]*unreachable`));
    expect(run.stderr).toMatch(/1 reachable, 1 unreachable/);
    expect(proxy.unanswered - before).toBe(2);
  });

  it('report --source accounts gives the silent account error rows with "no answer", keeps the other and exits 3', async () => {
    const run = await cli(['report', '--source', 'accounts', '--json']);
    expect(run.status).toBe(3);
    const report = JSON.parse(run.stdout) as ComplianceReport;
    const rows = (account: string) => report.rows.filter((r) => r.accountId === account);
    expect(
      rows(SILENT)
        .map((r) => `${r.region} ${r.status}`)
        .sort(),
    ).toEqual(['eu-west-1 ERROR', 'us-east-1 ERROR']);
    for (const row of rows(SILENT))
      expect(row.error?.message).toMatch(/^no answer from ConfigService \w+ in 0.5 s \(2 attempts\)/);
    expect(rows(ANSWERING).map((r) => r.status)).toEqual(['OK', 'OK']);
  });

  it('a timeout that is not a number of seconds is a usage error before any call (exit 2)', async () => {
    const before = sim.world.calls.get('organizations:DescribeOrganization') ?? 0;
    const run = await runCliAsync(['org', '--config', config, '--request-timeout=-1'], {
      env: { AWS_ENDPOINT_URL: proxy.url },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--request-timeout takes a number of seconds \(0 for no limit\), not -1/);
    expect(sim.world.calls.get('organizations:DescribeOrganization') ?? 0).toBe(before);
  });
});
