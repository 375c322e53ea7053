/**
 * DescribeConfigRuleEvaluationStatus as AWS answers it: a rule that ran with nothing in scope has a
 * LastSuccessfulEvaluationTime and FirstEvaluationStarted, while DescribeComplianceByConfigRule says
 * INSUFFICIENT_DATA for it (API reference, DescribeComplianceByConfigRule: "no current evaluation results … the
 * rule … returned NOT_APPLICABLE for all evaluation results"); a rule that never ran has neither.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRuleEvaluationStatusCommand,
  NoSuchConfigRuleException,
  PutConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

const MEMBER = '222222222222';
const RECORDING = 'us-east-1';
const UNRECORDED = 'eu-west-1';
const RULE = 'access-keys-rotated';

describe('DescribeConfigRuleEvaluationStatus', () => {
  let sim: TestSimulator;
  const clients: ConfigServiceClient[] = [];
  const client = (region: string) => {
    const c = new ConfigServiceClient(sim.assumeRoleConfig(MEMBER, { region }));
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    // No IAM user: the access-keys rule has nothing to evaluate. Only us-east-1 records (eu-west-1's recorder is stopped).
    const recorder = (recording: boolean) => ({
      configRecorder: { recording, deliveryChannel: { s3BucketName: 'b' } },
    });
    sim = await startTestSimulator(
      orgBuilder()
        .regions(RECORDING, UNRECORDED)
        .account(MEMBER, { regions: { [RECORDING]: recorder(true), [UNRECORDED]: recorder(false) } }),
    );
    for (const region of [RECORDING, UNRECORDED]) {
      await client(region).send(
        new PutConfigRuleCommand({
          ConfigRule: { ConfigRuleName: RULE, Source: { Owner: 'AWS', SourceIdentifier: 'ACCESS_KEYS_ROTATED' } },
        }),
      );
    }
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await sim.stop();
  });

  it('a rule that has not run yet has only FirstActivatedTime', async () => {
    const { ConfigRulesEvaluationStatus: [status] = [] } = await client(RECORDING).send(
      new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: [RULE] }),
    );
    expect(status).toMatchObject({ ConfigRuleName: RULE, FirstEvaluationStarted: false });
    expect(status?.FirstActivatedTime).toBeInstanceOf(Date);
    expect(status?.LastSuccessfulEvaluationTime).toBeUndefined();
  });

  it('after a run with nothing in scope: evaluated (LastSuccessfulEvaluationTime) and INSUFFICIENT_DATA', async () => {
    sim.clock.advance(60_000);
    const ran = await client(RECORDING).send(
      new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: [RULE] }),
    );
    expect(ran.ConfigRulesEvaluationStatus?.[0]).toMatchObject({
      FirstEvaluationStarted: true,
      LastSuccessfulEvaluationTime: expect.any(Date),
    });
    const compliance = await client(RECORDING).send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: [RULE] }),
    );
    expect(compliance.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType).toBe('INSUFFICIENT_DATA');

    // With the recorder stopped nothing runs: the same answer on compliance, but no evaluation time.
    const idle = await client(UNRECORDED).send(new DescribeConfigRuleEvaluationStatusCommand({}));
    expect(
      idle.ConfigRulesEvaluationStatus?.map((s) => [
        s.ConfigRuleName,
        s.FirstEvaluationStarted,
        s.LastSuccessfulEvaluationTime,
      ]),
    ).toEqual([[RULE, false, undefined]]);
  });

  it('an unknown rule name is NoSuchConfigRuleException', async () => {
    await expect(
      client(RECORDING).send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: ['nope'] })),
    ).rejects.toBeInstanceOf(NoSuchConfigRuleException);
  });
});
