/**
 * The operation lifecycle on its own (src/aws/stackset-operations.ts): starting waits out the operation that holds
 * the stack set, waiting polls until the operation has ended. Its reads are an in-memory fake, so this is the
 * lifecycle's logic without any SDK client; stacksets-gateway*.test.ts cover it through the real calls.
 */
import { describe, expect, it } from '@jest/globals';
import { OperationInProgressException } from '@aws-sdk/client-cloudformation';
import { StackSetOperationLifecycle, type OperationReads } from '../../src/aws/stackset-operations.js';
import { withOutcomes } from '../../src/model/operation-outcome.js';
import { FakeClock } from '../helpers/fake-clock.js';
import type { OperationResult, OperationStatus, StackSetOperation } from '../../src/model/stack-sets.js';

/** Operations that end after a given number of polls; time moves only when the lifecycle sleeps. */
class FakeOperations implements OperationReads {
  readonly polls = new Map<string, number>();
  private readonly endAfter = new Map<string, { polls: number; status: OperationStatus }>();
  readonly results = new Map<string, OperationResult[]>();
  holder: string | undefined;
  elapsedMs = 0;

  run(operationId: string, polls: number, status: OperationStatus = 'SUCCEEDED', results: OperationResult[] = []) {
    this.endAfter.set(operationId, { polls, status });
    this.results.set(operationId, results);
  }

  describeOperation(_name: string, operationId: string): Promise<StackSetOperation> {
    const polled = (this.polls.get(operationId) ?? 0) + 1;
    this.polls.set(operationId, polled);
    const plan = this.endAfter.get(operationId) ?? { polls: 1, status: 'SUCCEEDED' };
    const status = polled >= plan.polls ? plan.status : 'RUNNING';
    if (status !== 'RUNNING' && this.holder === operationId) this.holder = undefined;
    return Promise.resolve({ operationId, status });
  }

  findRunningOperation(): Promise<StackSetOperation | undefined> {
    return Promise.resolve(this.holder ? { operationId: this.holder, status: 'RUNNING' } : undefined);
  }

  listOperationResults(_name: string, operationId: string): Promise<OperationResult[]> {
    return Promise.resolve(this.results.get(operationId) ?? []);
  }

  async resultsWithOutcomes(name: string, operationId: string) {
    return withOutcomes(await this.listOperationResults(name, operationId), new Set());
  }

  lifecycle(): StackSetOperationLifecycle {
    const time = { now: () => this.elapsedMs, advance: (ms: number) => (this.elapsedMs += ms) };
    return new StackSetOperationLifecycle(this, {
      clock: new FakeClock(time),
      polling: { initialMs: 1000, maxMs: 1000, factor: 1 },
    });
  }
}

const inProgress = () =>
  new OperationInProgressException({ message: 'Another Operation is in progress', $metadata: {} });

describe('StackSetOperationLifecycle', () => {
  it('waits for the operation holding the stack set to end, then starts its own with the same OperationId', async () => {
    const fake = new FakeOperations();
    fake.holder = 'theirs';
    fake.run('theirs', 3);
    const tried: string[] = [];
    const waitedFor: string[] = [];
    const started = await fake.lifecycle().start(
      'cis',
      (operationId) => {
        tried.push(operationId);
        return fake.holder ? Promise.reject(inProgress()) : Promise.resolve(operationId);
      },
      { onWaiting: (operation) => waitedFor.push(operation.operationId) },
    );
    expect(waitedFor).toEqual(['theirs']);
    expect(fake.polls.get('theirs')).toBe(3);
    expect(tried).toHaveLength(2);
    expect(new Set(tried).size).toBe(1);
    expect(started).toBe(tried[0]);
  });

  it('polls until the operation has ended and returns its results with their outcomes and the verdict', async () => {
    const fake = new FakeOperations();
    fake.run('ours', 4, 'SUCCEEDED', [
      { account: '222222222222', region: 'us-east-1', status: 'SUCCEEDED' },
      { account: '333333333333', region: 'us-east-1', status: 'FAILED', reason: 'ResourceLogicalId: Role' },
    ]);
    const outcome = await fake.lifecycle().wait('cis', 'ours');
    expect(fake.polls.get('ours')).toBe(4);
    expect(fake.elapsedMs).toBe(3000);
    expect(outcome).toMatchObject({
      operationId: 'ours',
      status: 'SUCCEEDED',
      counts: { succeeded: 1, failed: 1 },
      // AWS said SUCCEEDED within its tolerance, but an instance failed: cisfleet calls that failed.
      verdict: 'failed',
    });
    expect(outcome.failed.map((r) => r.account)).toEqual(['333333333333']);
  });

  it('an error other than OperationInProgress is not retried', async () => {
    const fake = new FakeOperations();
    let tries = 0;
    const failing = fake.lifecycle().start('cis', () => {
      tries++;
      return Promise.reject(new Error('not a conflict'));
    });
    await expect(failing).rejects.toThrow('not a conflict');
    expect(tries).toBe(1);
  });
});
