import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClientFactory } from '../../src/aws/client-factory.js';
import { orgBuilder, simClientFactory, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

const MEMBERS = ['222222222222', '333333333333', '444444444444'];

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
      const identity = await factory.client(STSClient, { accountId: '222222222222', region }).send(new GetCallerIdentityCommand({}));
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
});
