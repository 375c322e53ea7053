import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AwsClientFactory } from '../../src/aws/client-factory.js';
import { AccountCreationError, OrganizationsGateway } from '../../src/aws/organizations-gateway.js';
import { AwsOperationError } from '../../src/errors.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { orgBuilder, simClientFactory, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

const CREATE_MS = 90_000;

describe('OrganizationsGateway: CreateAccount, ListParents, MoveAccount (onboard)', () => {
  let sim: TestSimulator;
  let factory: AwsClientFactory;
  let gateway: OrganizationsGateway;
  let clock: FakeClock;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .account('222222222222', { ou: 'Workloads', email: 'taken@example.com' })
        .ou('Sandbox')
        .timing({ createAccountMs: CREATE_MS }),
    );
    factory = simClientFactory(sim, { maxAttempts: 1, memberRole: { durationSeconds: 900 } });
    gateway = new OrganizationsGateway(factory);
  });

  afterAll(async () => {
    factory?.destroy();
    await sim?.stop();
  });

  it('creates an account and polls, with backoff on simulated time, until it SUCCEEDED', async () => {
    clock = fakeClock(sim.clock);
    const creation = await gateway.createAccount({ name: 'data-science', email: 'ds@example.com' });
    expect(creation).toMatchObject({
      state: 'IN_PROGRESS',
      accountName: 'data-science',
      requestId: expect.stringMatching(/^car-/),
    });
    const seen: string[] = [];
    const accountId = await gateway.waitForAccountCreation(creation.requestId, {
      clock,
      onPoll: (c) => seen.push(c.state),
    });

    expect(sim.world.org.accounts.get(accountId)).toMatchObject({
      name: 'data-science',
      state: 'ACTIVE',
      parentId: sim.world.org.rootId,
    });
    expect(seen.every((state) => state === 'IN_PROGRESS')).toBe(true);
    // Backoff: delays grow, and together they just cover the creation time.
    expect(clock.sleeps.length).toBeGreaterThan(2);
    expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0]!);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(CREATE_MS);
  });

  it('turns FailureReason EMAIL_ALREADY_EXISTS into a clear error', async () => {
    const creation = await gateway.createAccount({ name: 'duplicate', email: 'taken@example.com' });
    const failure = await gateway
      .waitForAccountCreation(creation.requestId, { clock: fakeClock(sim.clock) })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AccountCreationError);
    expect((failure as AccountCreationError).failureReason).toBe('EMAIL_ALREADY_EXISTS');
    expect((failure as Error).message).toMatch(/duplicate.*EMAIL_ALREADY_EXISTS.*already used by another AWS account/);
  });

  it('gives up after the timeout, naming the request, which keeps going in AWS', async () => {
    const creation = await gateway.createAccount({ name: 'slow', email: 'slow@example.com' });
    const failure = await gateway
      .waitForAccountCreation(creation.requestId, { clock: fakeClock(sim.clock), timeoutMs: 10_000 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AwsOperationError);
    expect((failure as Error).message).toContain(creation.requestId);
    expect(await gateway.listPendingCreations()).toEqual([
      expect.objectContaining({ requestId: creation.requestId, accountName: 'slow' }),
    ]);
  });

  it('finds an account parent and moves the account', async () => {
    const sandbox = [...sim.world.org.ous.values()].find((ou) => ou.name === 'Sandbox')!.id;
    const before = await gateway.parentOf('222222222222');
    expect(before.type).toBe('ORGANIZATIONAL_UNIT');
    await gateway.moveAccount('222222222222', before.id, sandbox);
    expect(await gateway.parentOf('222222222222')).toEqual({ id: sandbox, type: 'ORGANIZATIONAL_UNIT' });
    // A stale source parent is AWS's error, mapped.
    await expect(gateway.moveAccount('222222222222', before.id, sandbox)).rejects.toThrow(
      /MoveAccount failed: SourceParentNotFoundException/,
    );
  });
});
