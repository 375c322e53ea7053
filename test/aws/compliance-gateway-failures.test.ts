import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AwsClientFactory } from '../../src/aws/client-factory.js';
import { AccountComplianceReader } from '../../src/aws/account-compliance-reader.js';
import type { AccountRegionResult, ComplianceReadFailure } from '../../src/model/compliance.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import {
  DEFAULT_SG_RULE,
  ADMIN_PORTS_RULE,
  HOME,
  OTHER,
  callsDuring,
  deployRules,
  factoryFor,
  openGroups,
  recorder,
  settle,
} from './compliance-gateway-fixtures.js';

const HEALTHY = '222222222222';
const NO_ROLE = '333333333333';
const NOISY = '444444444444';
const STOPPED = '555555555555';
const NO_RECORDER = '666666666666';
const DENIED = '777777777777';
const RULES = [DEFAULT_SG_RULE, ADMIN_PORTS_RULE];
/** Details calls per account before throttling: enough for the healthy account (1), not for the noisy one (3). */
const DETAILS_BURST = 2;

function failure(results: AccountRegionResult[], accountId: string): ComplianceReadFailure {
  const result = results.find((r) => r.accountId === accountId);
  if (result?.status !== 'failed') throw new Error(`${accountId} should have failed: ${JSON.stringify(result)}`);
  return result;
}

describe('compliance gateway: per-account failures', () => {
  let sim: TestSimulator;
  let factory: AwsClientFactory;

  beforeAll(async () => {
    const configured = { regions: { [HOME]: { configRecorder: recorder(), defaultSecurityGroup: 'closed' as const } } };
    sim = await startTestSimulator(
      orgBuilder()
        .account(HEALTHY, configured)
        .account(NO_ROLE, { ...configured, roles: [] })
        // 150 open groups need more details pages than the throttle's burst allows.
        .account(NOISY, {
          regions: { [HOME]: { configRecorder: recorder(), securityGroups: openGroups('ssh', 150, 22) } },
        })
        .account(STOPPED, { regions: { [HOME]: { configRecorder: recorder(false) } } })
        .account(NO_RECORDER)
        .account(DENIED, configured)
        .faults({
          latencyMs: {},
          // Refills far slower than the test runs: once the burst is spent, every retry is throttled too.
          throttle: { 'config:GetComplianceDetailsByConfigRule': { ratePerSecond: 0.001, burst: DETAILS_BURST } },
          deniedAccounts: [DENIED],
          failingInstances: [],
        }),
    );
    for (const accountId of [HEALTHY, NO_ROLE, NOISY, STOPPED, DENIED]) deployRules(sim.world, accountId, HOME, RULES);
    settle(sim);
    factory = factoryFor(sim, 2);
  });

  afterAll(async () => {
    factory?.destroy();
    await sim?.stop();
  });

  it('returns unreachable, denied, throttled and not-recording accounts as failures while the others are read', async () => {
    const results = await new AccountComplianceReader(factory).readAccounts(
      [HEALTHY, NO_ROLE, NOISY, STOPPED, NO_RECORDER, DENIED],
      [HOME],
      RULES,
      {
        concurrency: 3,
      },
    );
    expect(results).toHaveLength(6);

    const healthy = results.find((r) => r.accountId === HEALTHY);
    expect(healthy).toMatchObject({ status: 'read', recorder: 'recording', rulesWithoutResults: [ADMIN_PORTS_RULE] });

    expect(failure(results, NO_ROLE)).toMatchObject({
      kind: 'access-denied',
      errorName: 'AccessDenied',
      source: 'accounts',
      region: HOME,
    });
    expect(failure(results, NO_ROLE).message).toContain('sts:AssumeRole');
    expect(failure(results, DENIED)).toMatchObject({ kind: 'access-denied' });
    expect(failure(results, NOISY)).toMatchObject({ kind: 'throttled', errorName: 'ThrottlingException' });
    expect(failure(results, STOPPED)).toMatchObject({
      kind: 'not-recording',
      message: expect.stringContaining('not recording'),
    });
    expect(failure(results, NO_RECORDER)).toMatchObject({
      kind: 'not-recording',
      message: expect.stringContaining('no configuration recorder'),
    });
    expect(sim.world.throttled.get('config:GetComplianceDetailsByConfigRule')).toBeGreaterThan(0);
  });

  it('assumes the member role once for an account where it is refused, and reports every region with the reason', async () => {
    const reader = new AccountComplianceReader(factory);
    const { result, calls } = await callsDuring(sim.world, () =>
      reader.readAccounts([NO_ROLE], [HOME, OTHER], RULES, { concurrency: 1 }),
    );
    expect(result.map((r) => `${r.region} ${r.status === 'failed' ? r.kind : r.status}`)).toEqual([
      `${HOME} access-denied`,
      `${OTHER} access-denied`,
    ]);
    for (const r of result) expect(r.status === 'failed' && r.message).toContain('sts:AssumeRole');
    expect(calls).toEqual({ 'sts:AssumeRole': 1 });
  });

  it('stops after the recorder status when Config is not recording', async () => {
    const reader = new AccountComplianceReader(factory);
    const { result, calls } = await callsDuring(sim.world, () => reader.readAccountRegion(STOPPED, HOME, RULES));
    expect(result).toMatchObject({ status: 'failed', kind: 'not-recording' });
    expect(Object.keys(calls).filter((k) => k.startsWith('config:'))).toEqual([
      'config:DescribeConfigurationRecorderStatus',
    ]);
  });
});
