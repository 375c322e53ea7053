/**
 * Decision 0006: accounts that arrive by auto-deployment get the stack set's own CreateConfigRecorder, with no
 * cisfleet run to check them first. In an organization where preflight finds Control Tower's recorder, that
 * value is false, so an account Control Tower vends (its recorder already there) deploys; checked accounts
 * without a recorder get the override true.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  CloudFormationClient,
  paginateListStackInstances,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import {
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { demoScenario, rolloutHarness, stackSetReader, type RolloutHarness } from './rollout-fixtures.js';
import { only } from '../helpers/elements.js';

const STACK_SET = 'cisfleet-cis-remediation';
const VENDED = '141414141414';
const REGIONS = ['us-east-1', 'eu-west-1'];
const CT_RECORDER = 'aws-controltower-BaselineConfigRecorder';

describe('an auto-deployed account with an existing recorder', () => {
  let h: RolloutHarness | undefined;
  let cfn: CloudFormationClient | undefined;

  afterEach(async () => {
    cfn?.destroy();
    await h?.stop();
    h = cfn = undefined;
  });

  /** The account's instances once auto-deployment has finished with them (simulated time moves on). */
  async function autoDeployed(harness: RolloutHarness, client: CloudFormationClient): Promise<StackInstanceSummary[]> {
    for (let step = 0; step < 200; step++) {
      const mine: StackInstanceSummary[] = [];
      for await (const page of paginateListStackInstances(
        { client },
        { StackSetName: STACK_SET, StackInstanceAccount: VENDED },
      ))
        mine.push(...(page.Summaries ?? []));
      const settled = mine.filter(
        (i) => !['PENDING', 'RUNNING', 'QUEUED'].includes(i.StackInstanceStatus?.DetailedStatus ?? ''),
      );
      if (mine.length === REGIONS.length && settled.length === mine.length) return mine;
      harness.sim.clock.advance(harness.sim.world.timing.stackInstanceMs);
    }
    throw new Error('auto-deployment did not finish');
  }

  it('an account Control Tower vends into a targeted OU after the rollout deploys (its recorder kept)', async () => {
    // The demo's Log Archive has Control Tower's recorder; the vended account waits under the root, untargeted.
    h = await rolloutHarness(
      demoScenario((s) => {
        s.accounts = [
          ...(s.accounts ?? []),
          { id: VENDED, name: 'Vended Workload', allRegions: { configRecorder: 'controlTower' } },
        ];
      }),
    );
    const run = await h.run();
    expect(run.plan.recorderBase?.value).toBe('false');
    expect(run.reporter.all).toMatch(
      /CreateConfigRecorder for accounts that arrive by auto-deployment: false — Control Tower's recorder found in 1 of \d+ checked accounts/,
    );
    cfn = new CloudFormationClient(h.sim.clientConfig);
    // A checked account without a recorder got the override that gives it cisfleet's recorder.
    const reader = stackSetReader(() => cfn!, STACK_SET);
    expect(await reader.overridesOf('999999999999', 'us-east-1')).toMatchObject({ CreateConfigRecorder: 'true' });
    expect(h.sim.world.region('999999999999', 'us-east-1').recorder?.name).toBe('cisfleet-recorder');

    // Control Tower enrolls the account into the Sandbox OU: StackSets auto-deploys it, with no cisfleet run.
    const org = new OrganizationsClient(h.sim.clientConfig);
    const root = only((await org.send(new ListRootsCommand({}))).Roots ?? [], 'root');
    const sandbox = [...h.sim.world.org.ous.values()].find((ou) => ou.name === 'Sandbox')!;
    await org.send(
      new MoveAccountCommand({ AccountId: VENDED, SourceParentId: root.Id!, DestinationParentId: sandbox.id }),
    );
    expect((await org.send(new ListParentsCommand({ ChildId: VENDED }))).Parents?.[0]?.Id).toBe(sandbox.id);
    org.destroy();

    const instances = await autoDeployed(h, cfn);
    const outcome = Object.fromEntries(
      instances.map((i): [string, string] => [
        i.Region ?? '',
        `${i.StackInstanceStatus?.DetailedStatus} ${i.StatusReason ?? ''}`.trim(),
      ]),
    );
    expect(outcome).toEqual(Object.fromEntries(REGIONS.map((r) => [r, 'SUCCEEDED'])));
    for (const region of REGIONS) expect(h.sim.world.region(VENDED, region).recorder?.name).toBe(CT_RECORDER);
  });
});
