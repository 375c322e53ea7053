import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AwsClientFactory } from '../../src/aws/client-factory.js';
import { ConfigEvaluationGateway } from '../../src/aws/config-evaluation-gateway.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { fakeClock } from '../helpers/fake-clock.js';
import {
  ADMIN_PORTS_RULE,
  DEFAULT_SG_RULE,
  HOME,
  callsDuring,
  deployRules,
  factoryFor,
  recorder,
} from './compliance-gateway-fixtures.js';

const MEMBER = '222222222222';
const EVALUATION_MS = 5_000;

describe('compliance gateway: evaluations for onboard', () => {
  let sim: TestSimulator;
  let factory: AwsClientFactory;
  let gateway: ConfigEvaluationGateway;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        // No group open to the world: the admin-ports rule has nothing in scope and never gets a result.
        .account(MEMBER, { regions: { [HOME]: { configRecorder: recorder(), defaultSecurityGroup: 'closed' } } })
        .timing({ configEvaluationMs: EVALUATION_MS }),
    );
    factory = factoryFor(sim);
    gateway = new ConfigEvaluationGateway(factory);
  });

  afterAll(async () => {
    factory?.destroy();
    await sim?.stop();
  });

  it('waits, on simulated time, until a newly deployed rule has its first result', async () => {
    deployRules(sim.world, MEMBER, HOME, [DEFAULT_SG_RULE]);
    const clock = fakeClock(sim.clock);
    const first = await gateway.waitForFirstResults(MEMBER, HOME, [DEFAULT_SG_RULE], {
      timeoutMs: 60_000,
      pollMs: 2_000,
      clock,
    });
    expect(first).toEqual({ ready: [DEFAULT_SG_RULE], nothingInScope: [], pending: [], timedOut: false });
    // The result lands EVALUATION_MS after deployment: polls every 2 s see it on the third sleep.
    expect(clock.sleeps).toEqual([2_000, 2_000, 2_000]);
  });

  it('ends as soon as a rule with nothing in scope has run (INSUFFICIENT_DATA after a successful evaluation), not at the timeout', async () => {
    deployRules(sim.world, MEMBER, HOME, [ADMIN_PORTS_RULE]);
    const clock = fakeClock(sim.clock);
    const first = await gateway.waitForFirstResults(MEMBER, HOME, [DEFAULT_SG_RULE, ADMIN_PORTS_RULE], {
      timeoutMs: 600_000,
      pollMs: 2_000,
      clock,
    });
    expect(first).toEqual({
      ready: [DEFAULT_SG_RULE],
      nothingInScope: [ADMIN_PORTS_RULE],
      pending: [],
      timedOut: false,
    });
    expect(clock.sleeps).toEqual([2_000, 2_000, 2_000]);
  });

  it('gives up after the timeout and names the rules still pending (a rule not deployed never runs)', async () => {
    const first = await gateway.waitForFirstResults(
      MEMBER,
      HOME,
      [DEFAULT_SG_RULE, ADMIN_PORTS_RULE, 'cisfleet-not-deployed'],
      {
        timeoutMs: 30_000,
        pollMs: 10_000,
        clock: fakeClock(sim.clock),
      },
    );
    expect(first).toEqual({
      ready: [DEFAULT_SG_RULE],
      nothingInScope: [ADMIN_PORTS_RULE],
      pending: ['cisfleet-not-deployed'],
      timedOut: true,
    });
  });

  it('starts an evaluation, and reports a second one within the minute as already requested without retrying it', async () => {
    deployRules(sim.world, MEMBER, HOME, [DEFAULT_SG_RULE]);
    expect(await gateway.startEvaluation(MEMBER, HOME, [DEFAULT_SG_RULE])).toEqual({
      status: 'started',
      ruleNames: [DEFAULT_SG_RULE],
    });

    const { result, calls } = await callsDuring(sim.world, () =>
      gateway.startEvaluation(MEMBER, HOME, [DEFAULT_SG_RULE]),
    );
    expect(result).toMatchObject({
      status: 'already-requested',
      ruleNames: [DEFAULT_SG_RULE],
      message: expect.stringMatching(/\S/),
    });
    // The SDK would otherwise retry LimitExceededException as throttling.
    expect(calls['config:StartConfigRulesEvaluation']).toBe(1);

    sim.clock.advance(61_000);
    expect(await gateway.startEvaluation(MEMBER, HOME, [DEFAULT_SG_RULE])).toMatchObject({ status: 'started' });
  });

  it('refuses more than 25 rules in one evaluation request', async () => {
    const many = Array.from({ length: 26 }, (_, i) => `rule-${i}`);
    await expect(gateway.startEvaluation(MEMBER, HOME, many)).rejects.toThrow(/1 to 25 rules/);
  });
});
