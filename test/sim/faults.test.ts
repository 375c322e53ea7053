import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ListRootsCommand, OrganizationsClient, TooManyRequestsException } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { latencyFor, Throttler } from '../../src/sim/core/faults.js';
import type { SimFaults } from '../../src/sim/model/world.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

const DENIED = '222222222222';

function faults(overrides: Partial<SimFaults>): SimFaults {
  return { latencyMs: {}, throttle: {}, deniedAccounts: new Set(), failingInstances: [], ...overrides };
}

describe('fault tables', () => {
  it('picks the most specific latency: service:Action, then service, then default', () => {
    const table = faults({ latencyMs: { default: 1, config: 2, 'config:PutConfigRule': 3 } });
    expect(latencyFor(table, 'config', 'PutConfigRule')).toBe(3);
    expect(latencyFor(table, 'config', 'DescribeConfigRules')).toBe(2);
    expect(latencyFor(table, 'sts', 'AssumeRole')).toBe(1);
    expect(latencyFor(faults({}), 'sts', 'AssumeRole')).toBe(0);
  });

  it('throttles per calling account with a refilling token bucket', () => {
    let now = 0;
    const throttler = new Throttler(() => now);
    const table = faults({ throttle: { organizations: { ratePerSecond: 2, burst: 2 } } });
    const take = (account: string) => throttler.tryAcquire(table, account, 'organizations', 'ListAccounts');
    expect([take('a'), take('a'), take('a')]).toEqual([true, true, false]);
    expect(take('b')).toBe(true);
    now += 500;
    expect([take('a'), take('a')]).toEqual([true, false]);
    expect(throttler.tryAcquire(table, 'a', 'sts', 'GetCallerIdentity')).toBe(true);
  });
});

describe('faults through the server', () => {
  let sim: TestSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .account(DENIED)
        .faults({ deniedAccounts: [DENIED] }),
    );
  });
  beforeEach(() => {
    sim.world.faults.throttle = {};
    sim.world.faults.latencyMs = {};
    sim.world.throttled.clear();
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('throttled calls are retried by the SDK and succeed', async () => {
    sim.world.faults.throttle = { 'organizations:ListRoots': { ratePerSecond: 20, burst: 1 } };
    const orgs = new OrganizationsClient({ ...sim.clientConfig, maxAttempts: 10 });
    const pages = await Promise.all([1, 2, 3, 4].map(() => orgs.send(new ListRootsCommand({}))));
    orgs.destroy();
    expect(pages.every((page) => page.Roots?.length === 1)).toBe(true);
    expect(sim.world.throttled.get('organizations:ListRoots')).toBeGreaterThan(0);
  });

  it('a client with maxAttempts 1 sees TooManyRequestsException (Organizations) and Throttling (STS)', async () => {
    sim.world.faults.throttle = {
      organizations: { ratePerSecond: 0.001, burst: 1 },
      sts: { ratePerSecond: 0.001, burst: 1 },
    };
    const orgs = new OrganizationsClient({ ...sim.clientConfig, maxAttempts: 1 });
    const sts = new STSClient({ ...sim.clientConfig, maxAttempts: 1 });
    const orgResults = await Promise.allSettled([
      orgs.send(new ListRootsCommand({})),
      orgs.send(new ListRootsCommand({})),
    ]);
    const stsResults = await Promise.allSettled([
      sts.send(new GetCallerIdentityCommand({})),
      sts.send(new GetCallerIdentityCommand({})),
    ]);
    orgs.destroy();
    sts.destroy();
    const orgErrors = orgResults.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    const stsErrors = stsResults.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(orgErrors).toHaveLength(1);
    expect(orgErrors[0]).toBeInstanceOf(TooManyRequestsException);
    expect(stsErrors).toHaveLength(1);
    expect(stsErrors[0]).toBeInstanceOf(STSServiceException);
    expect(stsErrors[0]).toHaveProperty('name', 'Throttling');
  });

  it('applies latency as a delay that does not hold up other calls', async () => {
    sim.world.faults.latencyMs = { 'organizations:ListRoots': 400 };
    const orgs = new OrganizationsClient(sim.clientConfig);
    const sts = new STSClient(sim.clientConfig);
    const finished: string[] = [];
    const slow = orgs.send(new ListRootsCommand({})).then(() => finished.push('slow ListRoots'));
    await new Promise((resolve) => setImmediate(resolve));
    const fast = sts.send(new GetCallerIdentityCommand({})).then(() => finished.push('fast GetCallerIdentity'));
    await Promise.all([slow, fast]);
    orgs.destroy();
    sts.destroy();
    expect(finished).toEqual(['fast GetCallerIdentity', 'slow ListRoots']);
  });

  it("refuses every call made with a denied account's credentials, though AssumeRole works", async () => {
    const member = new STSClient(sim.assumeRoleConfig(DENIED));
    const error = await member.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    member.destroy();
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error).toHaveProperty('name', 'AccessDenied');
    expect(sim.world.calls.get('sts:AssumeRole')).toBeGreaterThan(0);
  });
});
