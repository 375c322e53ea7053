/**
 * AccessKeyAction=DELETE end to end in the simulator: the compliance-change event deactivates the old key, the
 * user is then compliant and no further event comes, and the daily sweep deletes the key once its grace is over.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { orgBuilder, parentIdOf, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { createRemediationStackSet, deployToAccount } from '../helpers/remediation-stack-set.js';

const REGION = 'us-east-1';
const ACCOUNT = '222222222222';
const DAY = 86_400_000;
const GRACE_DAYS = 30;

describe('access keys with AccessKeyAction=DELETE, deployed by a stack set', () => {
  let sim: TestSimulator;
  let cfn: CloudFormationClient;
  const keys = () => sim.world.accountIam(ACCOUNT).users.get('old-key-user')!.accessKeys;
  /** Moves simulated time on and lets a request run every event that fell due, each at its own time. */
  const after = async (ms: number) => {
    sim.clock.advance(ms);
    await new OrganizationsClient(sim.clientConfig).send(new ListParentsCommand({ ChildId: ACCOUNT }));
  };

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .with({
          organization: {
            managementAccount: { id: '111111111111' },
            trustedAccess: ['member.org.stacksets.cloudformation.amazonaws.com'],
          },
        })
        .account(ACCOUNT, { ou: 'Workloads', iamUsers: [{ name: 'old-key-user', accessKeys: [{ ageDays: 200 }] }] }),
    );
    cfn = new CloudFormationClient(sim.clientConfig);
    const ou = await parentIdOf(sim.clientConfig, ACCOUNT);
    await createRemediationStackSet(cfn, {
      HomeRegion: REGION,
      AccessKeysMode: 'AUTO',
      AccessKeyAction: 'DELETE',
      DeleteGraceDays: String(GRACE_DAYS),
    });
    expect(await deployToAccount(sim, cfn, { ou, account: ACCOUNT, region: REGION })).toBe('SUCCEEDED');
    await after(10 * 60_000);
  });

  afterAll(async () => {
    cfn.destroy();
    await sim.stop();
  });

  it('deactivates the old key first, keeps it through the grace period, and the daily sweep deletes it after', async () => {
    expect(sim.world.region(ACCOUNT, REGION).eventRules.get('cisfleet-access-keys-sweep')).toMatchObject({
      scheduleExpression: 'rate(1 day)',
      enabled: true,
    });
    expect(keys().map((k) => k.status)).toEqual(['Inactive']);

    await after((GRACE_DAYS - 1) * DAY);
    expect(keys().map((k) => k.status)).toEqual(['Inactive']);

    await after(2 * DAY);
    expect(keys()).toEqual([]);
  });
});
