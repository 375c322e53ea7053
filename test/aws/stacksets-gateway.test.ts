import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CloudFormationClient, DetectStackSetDriftCommand } from '@aws-sdk/client-cloudformation';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClientFactory } from '../../src/aws/client-factory.js';
import { StackSetsGateway } from '../../src/aws/stacksets-gateway.js';
import { WaitAbortedError } from '../../src/aws/operation-poller.js';
import type { CallAs, OperationPreferences, OperationProgress, StackSetSpec } from '../../src/model/stack-sets.js';
import { AbortError, EXIT_CODES } from '../../src/errors.js';
import { simulateManualChange } from '../../src/sim/model/drift.js';
import { startAwsProxy } from '../helpers/aws-proxy.js';
import { orgBuilder, simClientFactory, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { CONFIG_TEMPLATE } from '../sim/stacksets-fixtures.js';
import { at } from '../helpers/elements.js';
import { fakeClock } from '../helpers/fake-clock.js';

const PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
const DELEGATED_ADMIN = '999999999999';
const REGIONS = ['us-east-1', 'eu-west-1'];
const FLEET_OUS = 60;
const FAILING = ['522222222222', '533333333333'] as const;
/** The calls whose OperationId is an idempotency token for the operation they start. */
const STARTS_OPERATION = new Set([
  'CreateStackInstances',
  'UpdateStackInstances',
  'DeleteStackInstances',
  'UpdateStackSet',
  'DetectStackSetDrift',
]);

/** Everything in flight at once, any number of failures tolerated unless a test says otherwise. */
const FAST: OperationPreferences = {
  regionConcurrencyType: 'PARALLEL',
  maxConcurrentPercentage: 100,
  failureTolerancePercentage: 100,
  concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
};

function spec(name: string, parameters: Record<string, string> = {}): StackSetSpec {
  return {
    name,
    description: 'CIS controls',
    // A rule name per stack set: two stack sets in one account must not create the same named rule.
    templateBody: CONFIG_TEMPLATE.replace(
      'ConfigRuleName: access-keys-rotated',
      `ConfigRuleName: access-keys-rotated-${name}`,
    ),
    parameters: { CreateRecorder: 'false', MaxAge: '90', ...parameters },
    tags: { 'cisfleet:managed': 'true' },
    capabilities: [],
    permissionModel: 'SERVICE_MANAGED',
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    // Off, so a second operation is refused (OperationInProgressException) rather than queued.
    managedExecution: false,
  };
}

describe('StackSetsGateway against the simulator', () => {
  let sim: TestSimulator;
  const factories: AwsClientFactory[] = [];
  let admin: StackSetsGateway;
  let ouIds: Map<string, string>;

  const ou = (name: string): string => {
    const id = ouIds.get(name);
    if (!id) throw new Error(`no OU named ${name} in the scenario`);
    return id;
  };
  const calls = (action: string): number => sim.world.calls.get(`cloudformation:${action}`) ?? 0;

  function gateway(
    credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
    callAs: CallAs,
  ): StackSetsGateway {
    const factory = simClientFactory(sim, { credentials, maxAttempts: 1, memberRole: { durationSeconds: 900 } });
    factories.push(factory);
    return new StackSetsGateway(factory, {
      region: 'us-east-1',
      callAs,
      // Waiting moves simulated time, so operations progress without real delays.
      clock: fakeClock(sim.clock),
      polling: { initialMs: 10, maxMs: 200, factor: 2 },
    });
  }

  beforeAll(async () => {
    let builder = orgBuilder()
      .regions(...REGIONS)
      .with({
        organization: {
          managementAccount: { id: '111111111111' },
          trustedAccess: [PRINCIPAL],
          delegatedAdmins: { [PRINCIPAL]: [DELEGATED_ADMIN] },
        },
      })
      .account('222222222222', { ou: 'Prod' })
      .account('333333333333', { ou: 'Prod' })
      .account('444444444444', { ou: 'Sandbox' })
      .account('511111111111', { ou: 'Flaky' })
      .account(FAILING[0], { ou: 'Flaky' })
      .account(FAILING[1], { ou: 'Flaky' })
      .account(DELEGATED_ADMIN, { ou: 'Infra' })
      .principal('delegated-admin', DELEGATED_ADMIN)
      .faults({
        failingInstances: FAILING.map((accountId) => ({
          accountId,
          reason: `Account ${accountId}: Config quota reached`,
        })),
      });
    for (let i = 0; i < FLEET_OUS; i++) {
      builder = builder.account(String(600_000_000_000 + i), { ou: `Fleet/Unit-${String(i).padStart(2, '0')}` });
    }
    sim = await startTestSimulator(builder);
    ouIds = new Map([...sim.world.org.ous.values()].map((u) => [u.name, u.id]));
    admin = gateway(sim.credentialsFor('admin'), 'SELF');
  });

  afterAll(async () => {
    for (const factory of factories) factory.destroy();
    await sim.stop();
  });

  it('creates a stack set, deploys instances and waits: SUCCEEDED with every account × region result', async () => {
    await admin.createStackSet(spec('baseline'));
    expect(await admin.describeStackSet('baseline')).toMatchObject({
      name: 'baseline',
      status: 'ACTIVE',
      permissionModel: 'SERVICE_MANAGED',
      parameters: { CreateRecorder: 'false', MaxAge: '90' },
      tags: { 'cisfleet:managed': 'true' },
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: false,
      drift: { driftStatus: 'NOT_CHECKED' },
    });

    const started = await admin.createInstances(
      'baseline',
      { organizationalUnitIds: [ou('Prod'), ou('Sandbox')] },
      REGIONS,
      FAST,
    );
    expect(started.calls).toBe(1);
    const progress: OperationProgress[] = [];
    const outcome = await admin.waitForOperation('baseline', at(started.operationIds, 0, 'operation id'), {
      onProgress: (p) => progress.push(p),
    });

    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.failed).toEqual([]);
    const expected = ['222222222222', '333333333333', '444444444444'].flatMap((a) =>
      REGIONS.map((r) => `${a} ${r} SUCCEEDED`),
    );
    expect(outcome.results.map((r) => `${r.account} ${r.region} ${r.status}`).sort()).toEqual(expected.sort());
    expect(outcome.results.find((r) => r.account === '444444444444')?.ouId).toBe(ou('Sandbox'));
    expect(progress.some((p) => p.status === 'RUNNING')).toBe(true);
    const last = progress.at(-1)!;
    expect(last.total.SUCCEEDED).toBe(expected.length);
    expect(last.regions.map((r) => [r.region, r.counts.SUCCEEDED]).sort()).toEqual([
      ['eu-west-1', 3],
      ['us-east-1', 3],
    ]);
    const instances = await admin.listInstances('baseline');
    expect(instances.map((i) => `${i.account} ${i.region} ${i.status} ${i.detailedStatus}`).sort()).toEqual(
      expected.map((e) => e.replace('SUCCEEDED', 'CURRENT SUCCEEDED')).sort(),
    );
  });

  it('lists instances without a call per instance, and fetches parameter overrides only for the instances asked about', async () => {
    const update = await admin.updateInstances('baseline', { accounts: ['222222222222'] }, ['us-east-1'], FAST, {
      MaxAge: '45',
    });
    expect((await admin.waitForOperation('baseline', at(update.operationIds, 0, 'operation id'))).status).toBe(
      'SUCCEEDED',
    );

    const describesBefore = calls('DescribeStackInstance');
    const plain = await admin.listInstances('baseline');
    expect(calls('DescribeStackInstance')).toBe(describesBefore);
    expect(plain.every((i) => i.parameterOverrides === undefined)).toBe(true);

    const picked = await admin.listInstances('baseline', { withOverrides: (i) => i.account === '222222222222' });
    expect(calls('DescribeStackInstance')).toBe(describesBefore + REGIONS.length);
    const overrides = picked.filter((i) => i.parameterOverrides).map((i) => [i.region, i.parameterOverrides]);
    expect(overrides.sort()).toEqual([
      ['eu-west-1', {}],
      ['us-east-1', { MaxAge: '45' }],
    ]);
  });

  it('waits for an operation someone else started (onWaiting gets its id), then starts its own', async () => {
    const cfn = new CloudFormationClient(sim.clientConfig);
    const { OperationId: foreign } = await cfn.send(new DetectStackSetDriftCommand({ StackSetName: 'baseline' }));
    cfn.destroy();
    const updatesBefore = calls('UpdateStackSet');
    const waitedFor: string[] = [];

    const ours = await admin.updateStackSet(spec('baseline', { MaxAge: '60' }), FAST, undefined, {
      onWaiting: (op) => waitedFor.push(op.operationId),
    });

    expect(waitedFor).toEqual([foreign]);
    expect(ours).not.toBe(foreign);
    expect(calls('UpdateStackSet') - updatesBefore).toBe(2); // refused once while the drift detection ran
    const theirs = await admin.describeOperation('baseline', foreign!);
    expect(theirs).toMatchObject({ status: 'SUCCEEDED', action: 'DETECT_DRIFT' });
    const outcome = await admin.waitForOperation('baseline', ours);
    expect(outcome.status).toBe('SUCCEEDED');
    const mine = await admin.describeOperation('baseline', ours);
    expect(mine.createdAt!.getTime()).toBeGreaterThanOrEqual(theirs.endedAt!.getTime());
    expect((await admin.describeStackSet('baseline'))?.parameters.MaxAge).toBe('60');
    expect(await admin.findRunningOperation('baseline')).toBeUndefined();
    expect((await admin.listOperations('baseline')).map((o) => o.operationId)).toEqual(
      expect.arrayContaining([foreign, ours]),
    );
  });

  it('reports FAILED when failures exceed the tolerance, listing each failure with its StatusReason', async () => {
    await admin.createStackSet(spec('flaky'));
    const started = await admin.createInstances('flaky', { organizationalUnitIds: [ou('Flaky')] }, ['us-east-1'], {
      maxConcurrentCount: 3,
      failureToleranceCount: 1,
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
    const outcome = await admin.waitForOperation('flaky', at(started.operationIds, 0, 'operation id'));

    expect(outcome.status).toBe('FAILED');
    expect(outcome.statusReason).toMatch(/failure tolerance/i);
    expect(outcome.failed.map((f) => [f.account, f.region, f.reason]).sort()).toEqual(
      FAILING.map((a) => [a, 'us-east-1', `Account ${a}: Config quota reached`]),
    );
    expect(outcome.results.find((r) => r.account === '511111111111')?.status).toBe('SUCCEEDED');
  });

  it('works from a delegated administrator with CallAs DELEGATED_ADMIN (and sees nothing calling as SELF)', async () => {
    const delegated = gateway(sim.credentialsFor('delegated-admin'), 'DELEGATED_ADMIN');
    await delegated.createStackSet(spec('delegated-cis'));
    const started = await delegated.createInstances(
      'delegated-cis',
      { organizationalUnitIds: [ou('Sandbox')] },
      ['us-east-1'],
      FAST,
    );
    const outcome = await delegated.waitForOperation('delegated-cis', at(started.operationIds, 0, 'operation id'));

    expect(outcome).toMatchObject({
      status: 'SUCCEEDED',
      results: [{ account: '444444444444', region: 'us-east-1', status: 'SUCCEEDED' }],
    });
    expect((await delegated.listInstances('delegated-cis')).map((i) => i.account)).toEqual(['444444444444']);
    // The stack set lives in the management account; without CallAs the delegated admin does not see it.
    expect(
      await gateway(sim.credentialsFor('delegated-admin'), 'SELF').describeStackSet('delegated-cis'),
    ).toBeUndefined();
    expect((await admin.describeStackSet('delegated-cis'))?.name).toBe('delegated-cis');
  });

  it('splits more than 50 OUs into several CreateStackInstances calls and deploys to every account', async () => {
    const fleet = [...sim.world.org.ous.values()].filter((u) => u.name.startsWith('Unit-')).map((u) => u.id);
    expect(fleet).toHaveLength(FLEET_OUS);
    await admin.createStackSet(spec('fleet'));
    const waitedFor: string[] = [];

    const started = await admin.createInstances(
      'fleet',
      { organizationalUnitIds: fleet },
      ['us-east-1'],
      FAST,
      undefined,
      {
        onWaiting: (op) => waitedFor.push(op.operationId),
      },
    );

    expect(started.calls).toBe(2);
    expect(new Set(started.operationIds).size).toBe(2);
    expect(waitedFor).toEqual([]); // the second batch waiting for the first is not someone else's operation
    const outcomes = [];
    for (const id of started.operationIds) outcomes.push(await admin.waitForOperation('fleet', id));
    expect(outcomes.map((o) => [o.status, o.results.length])).toEqual([
      ['SUCCEEDED', 50],
      ['SUCCEEDED', 10],
    ]);
    const instances = await admin.listInstances('fleet');
    expect(new Set(instances.map((i) => i.account)).size).toBe(FLEET_OUS);
    expect(instances.every((i) => i.status === 'CURRENT')).toBe(true);
  });

  it('deletes the instances of 60 OUs in batches, then the empty stack set', async () => {
    const fleet = (await admin.describeStackSet('fleet'))!.organizationalUnitIds;
    expect(fleet).toHaveLength(FLEET_OUS);

    const deleted = await admin.deleteInstances('fleet', { organizationalUnitIds: fleet }, ['us-east-1'], false, FAST);
    expect(deleted.calls).toBe(2);
    for (const id of deleted.operationIds) expect((await admin.waitForOperation('fleet', id)).status).toBe('SUCCEEDED');
    expect(await admin.listInstances('fleet')).toEqual([]);
    await admin.deleteStackSet('fleet');

    expect(await admin.describeStackSet('fleet')).toBeUndefined();
    await expect(admin.deleteStackSet('fleet')).resolves.toBeUndefined(); // already gone is fine
  });

  it('finds resource drift after a manual change', async () => {
    const changed = simulateManualChange(sim.world, {
      accountId: '333333333333',
      region: 'us-east-1',
      logicalId: 'AccessKeysRule',
      change: { kind: 'modify', inputParameters: { maxAccessKeyAge: '400' } },
    });
    expect(changed).toBe(true);

    const operationId = await admin.detectDrift('baseline', FAST);
    expect((await admin.waitForOperation('baseline', operationId)).status).toBe('SUCCEEDED');

    const instances = await admin.listInstances('baseline');
    expect(instances.filter((i) => i.driftStatus === 'DRIFTED').map((i) => `${i.account} ${i.region}`)).toEqual([
      '333333333333 us-east-1',
    ]);
    expect(instances.filter((i) => i.driftStatus === 'IN_SYNC')).toHaveLength(5);
    expect((await admin.describeStackSet('baseline'))?.drift).toMatchObject({
      driftStatus: 'DRIFTED',
      detectionStatus: 'COMPLETED',
      drifted: 1,
    });
    const drifts = await admin.listResourceDrifts('baseline', '333333333333', 'us-east-1', operationId);
    const modified = drifts.filter((d) => d.status === 'MODIFIED');
    expect(modified.map((d) => [d.logicalResourceId, d.resourceType])).toEqual([
      ['AccessKeysRule', 'AWS::Config::ConfigRule'],
    ]);
    expect(modified[0]!.propertyDifferences.map((p) => p.actual)).toContain('400');
    const inSync = await admin.listResourceDrifts('baseline', '222222222222', 'us-east-1', operationId);
    expect(inSync.length).toBeGreaterThan(0);
    expect(inSync.every((d) => d.status === 'IN_SYNC')).toBe(true);
  });

  it('follows the OperationId the response returns, not the one it sent (a proxy makes the service use its own)', async () => {
    // The OperationId cisfleet sends is an idempotency token; the response's OperationId names the operation that
    // runs (UpdateStackSetOutput, CreateStackInstancesOutput, DetectStackSetDriftOutput in the model). The proxy
    // replaces the token, so the simulator starts and returns an id cisfleet never generated.
    const proxy = await startAwsProxy(sim.url, {
      rewriteRequest: (call) => {
        const form = new URLSearchParams(call.body);
        const sent = form.get('OperationId');
        if (!sent || !STARTS_OPERATION.has(call.action)) return undefined;
        form.set('OperationId', `service-${sent}`);
        return form.toString();
      },
    });
    try {
      const factory = simClientFactory(sim, { endpoint: proxy.url, maxAttempts: 1 });
      factories.push(factory);
      const proxied = new StackSetsGateway(factory, {
        region: 'us-east-1',
        callAs: 'SELF',
        clock: fakeClock(sim.clock),
        polling: { initialMs: 10, maxMs: 200, factor: 2 },
      });
      await proxied.createStackSet(spec('reissued'));
      const serviceIds: string[] = [];
      const follow = async (operationId: string) => {
        expect(operationId).toMatch(/^service-/);
        serviceIds.push(operationId);
        return (await proxied.waitForOperation('reissued', operationId)).status;
      };

      const created = await proxied.createInstances(
        'reissued',
        { organizationalUnitIds: [ou('Sandbox')] },
        REGIONS,
        FAST,
      );
      expect(await follow(at(created.operationIds, 0, 'operation id'))).toBe('SUCCEEDED');
      expect(await follow(await proxied.updateStackSet(spec('reissued', { MaxAge: '60' }), FAST))).toBe('SUCCEEDED');
      expect(await follow(await proxied.detectDrift('reissued', FAST))).toBe('SUCCEEDED');
      // The update was the last operation to deploy them (drift detection does not count).
      expect((await proxied.listInstances('reissued')).map((i) => i.lastOperationId)).toEqual(
        REGIONS.map(() => serviceIds[1]),
      );
    } finally {
      await proxy.stop();
    }
  });

  it('stops waiting on abort, leaves the operation running and says how to resume', async () => {
    await admin.createStackSet(spec('slow'));
    const started = await admin.createInstances(
      'slow',
      { organizationalUnitIds: [ou('Prod'), ou('Sandbox')] },
      REGIONS,
      { maxConcurrentCount: 1 },
    );
    const operationId = at(started.operationIds, 0, 'operation id');
    const controller = new AbortController();

    const waiting = admin.waitForOperation('slow', operationId, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });

    await expect(waiting).rejects.toBeInstanceOf(WaitAbortedError);
    const error = (await waiting.catch((e: unknown) => e)) as WaitAbortedError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.operationId).toBe(operationId);
    expect(error.message).toContain(`cisfleet status --operation ${operationId}`);
    expect(error.exitCode).toBe(EXIT_CODES.interrupted);
    expect((await admin.describeOperation('slow', operationId)).status).toBe('RUNNING');
    // Nothing was stopped: waiting again sees it through to the end.
    expect((await admin.waitForOperation('slow', operationId)).status).toBe('SUCCEEDED');
  });
});
