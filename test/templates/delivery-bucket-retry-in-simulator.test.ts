/**
 * The delivery bucket in the situations a real organization meets: a first create that fails after the bucket
 * was made, then a retry; an account leaving its OU (instances deleted) and coming back. The simulator keeps S3
 * bucket names global and honours DeletionPolicy, as AWS does, so a fixed name with Retain fails here too.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CloudFormationClient,
  DeleteStackInstancesCommand,
  DescribeStackSetOperationCommand,
} from '@aws-sdk/client-cloudformation';
import { orgBuilder, parentIdOf, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { createRemediationStackSet, deployToAccount, STACK_SET } from '../helpers/remediation-stack-set.js';

const REGION = 'us-east-1';
const ACCOUNT = '222222222222';

describe('the delivery bucket can be retried and re-adopted', () => {
  let sim: TestSimulator;
  let cfn: CloudFormationClient;
  let ou: string;
  const buckets = () =>
    [...sim.world.s3Buckets.entries()].filter(([, at]) => at.accountId === ACCOUNT).map(([name]) => name);
  const instance = () =>
    sim.world.stackSets.get(REGION)?.get(STACK_SET)?.instances.get(`${ACCOUNT}:${REGION}`) ??
    [...sim.world.stackSets.get(REGION)!.get(STACK_SET)!.instances.values()][0];

  beforeEach(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .with({
          organization: {
            managementAccount: { id: '111111111111' },
            trustedAccess: ['member.org.stacksets.cloudformation.amazonaws.com'],
          },
        })
        // A recorder someone else made: cisfleet's recorder (CreateConfigRecorder=true) fails after the bucket exists.
        .account(ACCOUNT, { ou: 'Workloads', regions: { [REGION]: { configRecorder: { name: 'default' } } } }),
    );
    cfn = new CloudFormationClient(sim.clientConfig);
    ou = await parentIdOf(sim.clientConfig, ACCOUNT);
    await createRemediationStackSet(cfn, { HomeRegion: REGION });
  });

  afterEach(async () => {
    cfn.destroy();
    await sim.stop();
  });

  it('a retry after a create that failed past the bucket succeeds, and the failed create left no bucket', async () => {
    expect(await deployToAccount(sim, cfn, { ou, account: ACCOUNT, region: REGION })).toBe('FAILED');
    expect(instance()?.statusReason).toMatch(
      /MaxNumberOfConfigurationRecordersExceeded|maximum number of configuration recorders/,
    );
    expect(buckets()).toEqual([]);

    // The person removes the stray recorder, and the rollout runs again.
    sim.world.region(ACCOUNT, REGION).recorder = undefined;
    sim.world.region(ACCOUNT, REGION).deliveryChannel = undefined;
    expect(await deployToAccount(sim, cfn, { ou, account: ACCOUNT, region: REGION })).toBe('SUCCEEDED');
    expect(buckets()).toHaveLength(1);
    expect(sim.world.region(ACCOUNT, REGION).deliveryChannel?.s3BucketName).toBe(buckets()[0]);
  });

  it('an account whose instances were removed (left the OU, rollout --remove) deploys again, its old bucket kept', async () => {
    sim.world.region(ACCOUNT, REGION).recorder = undefined;
    sim.world.region(ACCOUNT, REGION).deliveryChannel = undefined;
    expect(await deployToAccount(sim, cfn, { ou, account: ACCOUNT, region: REGION })).toBe('SUCCEEDED');
    const [first] = buckets();

    const { OperationId } = await cfn.send(
      new DeleteStackInstancesCommand({
        StackSetName: STACK_SET,
        Regions: [REGION],
        DeploymentTargets: { OrganizationalUnitIds: [ou] },
        RetainStacks: false,
      }),
    );
    for (let status = 'RUNNING'; status === 'RUNNING' || status === 'QUEUED';) {
      sim.clock.advance(sim.world.timing.stackInstanceMs);
      status = (await cfn.send(new DescribeStackSetOperationCommand({ StackSetName: STACK_SET, OperationId })))
        .StackSetOperation!.Status!;
    }
    expect(buckets()).toEqual([first]);

    expect(await deployToAccount(sim, cfn, { ou, account: ACCOUNT, region: REGION })).toBe('SUCCEEDED');
    expect(buckets()).toHaveLength(2);
    expect(buckets()).toContain(first);
    expect(sim.world.region(ACCOUNT, REGION).deliveryChannel?.s3BucketName).not.toBe(first);
  });
});
