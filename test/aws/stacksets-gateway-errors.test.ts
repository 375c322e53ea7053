/**
 * Error paths and polling details of the StackSets gateway that the simulator cannot easily produce: a stack
 * set that never becomes free, a retried write AWS already started, a wait that times out, poll economy.
 */
import { describe, it, expect, beforeEach, afterAll } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStackSetOperationCommand,
  DetectStackSetDriftCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  ListStackSetOperationsCommand,
  OperationIdAlreadyExistsException,
  OperationInProgressException,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { StackSetsGateway, type StackSetsGatewayOptions } from '../../src/aws/stacksets-gateway.js';
import type { StackSetSpec } from '../../src/model/stack-sets.js';
import { AwsOperationError } from '../../src/errors.js';
import { only } from '../helpers/elements.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { offlineClientFactory } from '../helpers/offline-factory.js';

const cfn = mockClient(CloudFormationClient);
const factory = offlineClientFactory();

const SPEC: StackSetSpec = {
  name: 'cis',
  templateBody: 'Resources: {}',
  parameters: {},
  tags: {},
  capabilities: [],
  permissionModel: 'SERVICE_MANAGED',
  managedExecution: false,
};

/** A gateway on a fake clock that sleeping moves forward. */
function gateway(options: Partial<StackSetsGatewayOptions> = {}): { gateway: StackSetsGateway; clock: FakeClock } {
  const clock = fakeClock(0);
  const gw = new StackSetsGateway(factory, { region: 'us-east-1', callAs: 'DELEGATED_ADMIN', clock, ...options });
  return { gateway: gw, clock };
}

const inProgress = () =>
  new OperationInProgressException({ message: 'Another Operation on StackSet cis is in progress', $metadata: {} });

describe('StackSetsGateway error paths (aws-sdk-client-mock)', () => {
  beforeEach(() => {
    cfn.reset();
  });

  afterAll(() => {
    factory.destroy();
  });

  it('retries OperationInProgressException a bounded number of times, then throws AwsOperationError naming the holder', async () => {
    cfn.on(UpdateStackSetCommand).rejects(inProgress());
    cfn
      .on(ListStackSetOperationsCommand)
      .resolves({ Summaries: [{ OperationId: 'their-op', Status: 'RUNNING', Action: 'UPDATE' }] });
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolves({ StackSetOperation: { OperationId: 'their-op', Status: 'SUCCEEDED' } });
    const waitedFor: string[] = [];

    const attempt = gateway({ maxStartAttempts: 3 }).gateway.updateStackSet(SPEC, {}, undefined, {
      onWaiting: (op) => waitedFor.push(op.operationId),
    });

    await expect(attempt).rejects.toBeInstanceOf(AwsOperationError);
    await expect(attempt).rejects.toThrow(/after 3 attempts.*their-op.*cisfleet status --operation their-op/s);
    const updates = cfn.commandCalls(UpdateStackSetCommand).map((c) => c.args[0].input);
    expect(updates).toHaveLength(3);
    // One OperationId throughout: a refused call created nothing, and a resent one must not start twice.
    expect(new Set(updates.map((u) => u.OperationId)).size).toBe(1);
    expect(updates.every((u) => u.CallAs === 'DELEGATED_ADMIN')).toBe(true);
    expect(waitedFor).toEqual(['their-op', 'their-op']);
  });

  it('treats OperationIdAlreadyExistsException as our own operation already started (a resent request)', async () => {
    cfn
      .on(DetectStackSetDriftCommand)
      .rejects(new OperationIdAlreadyExistsException({ message: 'exists', $metadata: {} }));

    const operationId = await gateway().gateway.detectDrift('cis', {});

    expect(operationId).toBe(
      only(cfn.commandCalls(DetectStackSetDriftCommand), 'DetectStackSetDrift call').args[0].input.OperationId,
    );
  });

  it('lists operation results every few polls and at the end, not on every poll', async () => {
    const running = { StackSetOperation: { OperationId: 'op-1', Status: 'RUNNING' as const } };
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolves({ StackSetOperation: { OperationId: 'op-1', Status: 'SUCCEEDED' } });
    cfn.on(ListStackSetOperationResultsCommand).resolves({
      Summaries: [
        { Account: '222222222222', Region: 'us-east-1', Status: 'SUCCEEDED' },
        { Account: '333333333333', Region: 'eu-west-1', Status: 'RUNNING' },
      ],
    });
    const seen: number[] = [];

    const outcome = await gateway({ resultsEveryPolls: 4 }).gateway.waitForOperation('cis', 'op-1', {
      onProgress: (p) => seen.push(p.total.SUCCEEDED + p.total.RUNNING),
    });

    expect(cfn.commandCalls(DescribeStackSetOperationCommand)).toHaveLength(6);
    // Polls 1 and 5 of the five running ones, and once at the end.
    expect(cfn.commandCalls(ListStackSetOperationResultsCommand)).toHaveLength(3);
    expect(seen).toHaveLength(6);
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', failed: [] });
    expect(outcome.results).toHaveLength(2);
  });

  it('gives up waiting after timeoutMs with the resume hint, backing off to the cap meanwhile', async () => {
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolves({ StackSetOperation: { OperationId: 'op-2', Status: 'RUNNING' } });
    const { gateway: gw } = gateway({ polling: { initialMs: 100, maxMs: 1000, factor: 2 } });

    const waiting = gw.waitForOperation('cis', 'op-2', { timeoutMs: 5000 });

    await expect(waiting).rejects.toThrow(/after 5 s.*RUNNING.*cisfleet status --operation op-2/s);
    // 100, 200, 400, 800, 1000, 1000, 1000, 1000 ms: 8 sleeps reach 5500 ms; the 9th poll sees the timeout.
    expect(cfn.commandCalls(DescribeStackSetOperationCommand)).toHaveLength(9);
  });

  it('turns an SDK error into AwsOperationError with the action, the AWS message and the request id', async () => {
    cfn.on(ListStackInstancesCommand).rejects(
      new CloudFormationServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'User is not authorized to perform: cloudformation:ListStackInstances',
        $metadata: { requestId: 'req-123', httpStatusCode: 403 },
      }),
    );

    const error = await gateway()
      .gateway.listInstances('cis')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error).toMatchObject({ operation: 'ListStackInstances', requestId: 'req-123' });
    expect((error as Error).message).toContain('AccessDenied: User is not authorized');
  });
});
