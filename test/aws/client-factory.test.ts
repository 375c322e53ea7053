import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClientFactory } from '../../src/aws/client-factory.js';
import { orgBuilder, simClientFactory, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

const MEMBERS = ['222222222222', '333333333333', '444444444444'] as const;

describe('AwsClientFactory against the simulator', () => {
  let sim: TestSimulator;
  let factory: AwsClientFactory;

  beforeAll(async () => {
    let builder = orgBuilder();
    for (const id of MEMBERS) builder = builder.account(id, { ou: 'Workloads' });
    sim = await startTestSimulator(builder);
    factory = simClientFactory(sim, { maxCachedClients: 2 });
  });

  afterAll(async () => {
    factory.destroy();
    await sim.stop();
  });

  it('serves each member account through one AssumeRole, whatever the number of clients and regions', async () => {
    const before = sim.world.calls.get('sts:AssumeRole') ?? 0;
    for (const region of ['us-east-1', 'eu-west-1', 'ap-northeast-1']) {
      const identity = await factory
        .client(STSClient, { accountId: '222222222222', region })
        .send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe('222222222222');
    }
    expect((sim.world.calls.get('sts:AssumeRole') ?? 0) - before).toBe(1);
  });

  it('keeps at most maxCachedClients, and a dropped client still works on the shared connection pool', async () => {
    const first = factory.client(STSClient, { accountId: MEMBERS[0] });
    for (const id of MEMBERS) await factory.client(STSClient, { accountId: id }).send(new GetCallerIdentityCommand({}));
    expect(factory.cachedClients).toBe(2);
    expect(factory.client(STSClient, { accountId: MEMBERS[0] })).not.toBe(first);
    expect((await first.send(new GetCallerIdentityCommand({}))).Account).toBe(MEMBERS[0]);
  });

  it('keeps the credentials of at most maxCachedAccounts accounts; an account dropped assumes the role again', async () => {
    const bounded = simClientFactory(sim, { maxCachedAccounts: 2 });
    try {
      const assumed = () => sim.world.calls.get('sts:AssumeRole') ?? 0;
      const before = assumed();
      for (const id of MEMBERS)
        await bounded.client(STSClient, { accountId: id }).send(new GetCallerIdentityCommand({}));
      expect(bounded.cachedAccounts).toBe(2);
      expect(assumed() - before).toBe(3);
      // MEMBERS[0] was the least recently used: its credentials are gone, its client asks again.
      await bounded
        .client(STSClient, { accountId: MEMBERS[0], region: 'eu-west-1' })
        .send(new GetCallerIdentityCommand({}));
      expect(assumed() - before).toBe(4);
      await bounded
        .client(STSClient, { accountId: MEMBERS[2], region: 'eu-west-1' })
        .send(new GetCallerIdentityCommand({}));
      expect(assumed() - before).toBe(4);
    } finally {
      bounded.destroy();
    }
  });

  it('releaseAccount drops the clients and credentials of one account and leaves the others', async () => {
    const releasing = simClientFactory(sim);
    try {
      const assumed = () => sim.world.calls.get('sts:AssumeRole') ?? 0;
      for (const id of MEMBERS.slice(0, 2)) {
        for (const region of ['us-east-1', 'eu-west-1'])
          await releasing.client(STSClient, { accountId: id, region }).send(new GetCallerIdentityCommand({}));
      }
      const kept = releasing.client(STSClient, { accountId: MEMBERS[1], region: 'us-east-1' });
      expect(releasing.cachedClients).toBe(4);
      releasing.releaseAccount(MEMBERS[0]);
      expect(releasing.cachedClients).toBe(2);
      expect(releasing.cachedAccounts).toBe(1);
      expect(releasing.client(STSClient, { accountId: MEMBERS[1], region: 'us-east-1' })).toBe(kept);
      const before = assumed();
      const again = await releasing.client(STSClient, { accountId: MEMBERS[0] }).send(new GetCallerIdentityCommand({}));
      expect(again.Account).toBe(MEMBERS[0]);
      expect(assumed() - before).toBe(1);
    } finally {
      releasing.destroy();
    }
  });
});
