/**
 * "Already exists" is not a failure when what exists is what cisfleet asked for: a CreateStackSet or CreateStack
 * whose answer was lost (the SDK retries it, and the retry is told the name is taken), or two first rollouts at
 * once. What exists but differs is an error that says what differs and what to do.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { StackSetsGateway } from '../../src/aws/stacksets-gateway.js';
import { EXIT_CODES } from '../../src/errors.js';
import type { StackSetSpec } from '../../src/model/stack-sets.js';
import { ExistsDifferentError } from '../../src/model/adoption.js';
import { simClientFactory } from '../helpers/sim.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { demoScenario, rolloutHarness, type RolloutHarness } from './rollout-fixtures.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { fakeClock } from '../helpers/fake-clock.js';

const STACK_SET = 'cisfleet-cis-remediation';

describe('rollout after "already exists"', () => {
  let h: RolloutHarness | undefined;
  let proxy: AwsProxy | undefined;

  afterEach(async () => {
    await proxy?.stop();
    await h?.stop();
    proxy = h = undefined;
  });

  /** Every operation of the run succeeded, and nothing said "already exists". */
  const expectAllSucceeded = (run: Awaited<ReturnType<RolloutHarness['run']>>) => {
    expect(run.outcome?.operations.filter((o) => o.status !== 'SUCCEEDED')).toEqual([]);
    expect(run.reporter.all).not.toMatch(/already exists|AlreadyExists/);
    // The demo organization's account without the member role is the only reason for exit 3.
    expect(run.exitCode).toBe(EXIT_CODES.partial);
  };

  it('a CreateStackSet and a CreateStack whose answers are lost are retried and adopt what they created', async () => {
    h = await rolloutHarness(demoScenario());
    const dropped = new Set<string>();
    proxy = await startAwsProxy(h.sim.url, {
      dropAnswer: ({ action }) => {
        if ((action !== 'CreateStackSet' && action !== 'CreateStack') || dropped.has(action)) return false;
        dropped.add(action);
        return true;
      },
    });
    const run = await h.run({}, { overrides: { endpoint: proxy.url } });
    expect([...dropped].sort()).toEqual(['CreateStack', 'CreateStackSet']);
    expectAllSucceeded(run);
    // The simulator processed the first try, and the SDK's retry was told the name is taken.
    expect(h.calls()['cloudformation:CreateStackSet']).toBe(2);
    expect(h.sim.world.stackSetsIn('us-east-1').get(STACK_SET)?.status).toBe('ACTIVE');
  });

  it('two first rollouts at once both end with every operation succeeded', async () => {
    h = await rolloutHarness(demoScenario());
    const [first, second] = await Promise.all([h.run(), h.run()]);
    expectAllSucceeded(first);
    expectAllSucceeded(second);
    expect(h.calls()['cloudformation:CreateStackSet']).toBe(2);
  });

  it('a stack set that exists with other parameters is not adopted: the error says what differs and what to do', async () => {
    h = await rolloutHarness(demoScenario());
    const factory = simClientFactory(h.sim);
    const gateway = new StackSetsGateway(factory, {
      region: 'us-east-1',
      callAs: 'SELF',
      clock: fakeClock(h.sim.clock),
    });
    const spec: StackSetSpec = {
      name: STACK_SET,
      templateBody: loadRemediationTemplate().body,
      parameters: { HomeRegion: 'us-east-1' },
      tags: {},
      capabilities: ['CAPABILITY_NAMED_IAM'],
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: true },
      managedExecution: true,
    };
    try {
      const id = await gateway.createStackSet({ ...spec, parameters: { HomeRegion: 'eu-west-1' } });
      // The same spec again is adopted: the existing stack set's id, no error.
      expect(await gateway.createStackSet({ ...spec, parameters: { HomeRegion: 'eu-west-1' } })).toBe(id);
      const differs = await gateway.createStackSet(spec).catch((error: unknown) => error);
      expect(differs).toBeInstanceOf(ExistsDifferentError);
      expect((differs as Error).message).toMatch(
        /Stack set cisfleet-cis-remediation already exists .* parameter HomeRegion "eu-west-1" \(cisfleet's is "us-east-1"\)\. Nothing was changed\. Run `cisfleet rollout --dry-run`/,
      );
      expect(h.sim.world.stackSetsIn('us-east-1').get(STACK_SET)?.parameters).toMatchObject({
        HomeRegion: 'eu-west-1',
      });
    } finally {
      factory.destroy();
    }
  });
});
