/**
 * SSM Automation's execution history in the simulator, through the real SDK client: the executions a runbook
 * leaves (outputs computed from the document's own step outputs), DescribeAutomationExecutions' filters and
 * pages, GetAutomationExecution, and the errors of SSM's model. Every answer also passes the model check
 * (test/helpers/model-check-hooks.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DescribeAutomationExecutionsCommand,
  GetAutomationExecutionCommand,
  paginateDescribeAutomationExecutions,
  SSMClient,
  type AutomationExecutionFilter,
  type AutomationExecutionMetadata,
} from '@aws-sdk/client-ssm';
import { NO_OUTPUT_YET, recordAutomationExecution } from '../../src/sim/model/automation-executions.js';
import { describeWithModels } from '../helpers/botocore-models.js';
import { orgBuilder, startTestSimulator, TEST_MANAGEMENT_ACCOUNT, type TestSimulator } from '../helpers/sim.js';

const REGION = 'us-east-1';
const DOCUMENT = 'cisfleet-RevokeWorldOpenAdminPorts';
const MINUTE = 60_000;
/** The shape of the template's documents: one aws:executeScript step whose outputs select the script's return value. */
const CONTENT = {
  mainSteps: [
    {
      name: 'Revoke',
      action: 'aws:executeScript',
      outputs: [
        { Name: 'ResourceId', Selector: '$.Payload.GroupId', Type: 'String' },
        { Name: 'Revoked', Selector: '$.Payload.Revoked', Type: 'MapList' },
        { Name: 'Skipped', Selector: '$.Payload.Skipped', Type: 'String' },
      ],
    },
  ],
  outputs: ['Revoke.ResourceId', 'Revoke.Revoked', 'Revoke.Skipped'],
};

describe('simulated SSM Automation executions', () => {
  let sim: TestSimulator;
  let ssm: SSMClient;
  let start: number;

  beforeAll(async () => {
    sim = await startTestSimulator(orgBuilder().regions(REGION));
    const state = sim.world.region(TEST_MANAGEMENT_ACCOUNT, REGION);
    state.ssmDocuments.set(DOCUMENT, { name: DOCUMENT, content: CONTENT });
    start = sim.clock.now();
    const run = (minutes: number, documentName: string, payload?: Record<string, unknown>) =>
      recordAutomationExecution(state, {
        documentName,
        parameters: { GroupId: 'sg-1' },
        startedAt: start + minutes * MINUTE,
        endedAt: start + minutes * MINUTE + 1000,
        ...(payload ? { payload } : { error: 'InvalidGroup.NotFound: no such group' }),
      });
    run(0, DOCUMENT, { GroupId: 'sg-1', Revoked: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }], Skipped: 'no' });
    run(1, DOCUMENT, { GroupId: 'sg-2', Revoked: [], Skipped: 'sg-2 carries the exemption tag cisfleet:exempt' });
    run(2, DOCUMENT);
    run(3, 'AWS-DisablePublicAccessForSecurityGroup', {});
    run(4, DOCUMENT, { GroupId: 'sg-3', Revoked: [], Skipped: 'no' });
    ssm = new SSMClient(sim.clientConfig);
  });
  afterAll(async () => {
    ssm.destroy();
    await sim.stop();
  });

  const describeAll = async (filters: AutomationExecutionFilter[], pageSize = 50) => {
    const out: AutomationExecutionMetadata[] = [];
    // No filters is no Filters member: SSM's model wants at least one in the list.
    for await (const page of paginateDescribeAutomationExecutions(
      { client: ssm, pageSize },
      filters.length > 0 ? { Filters: filters } : {},
    ))
      out.push(...(page.AutomationExecutionMetadataList ?? []));
    return out;
  };
  const iso = (minutes: number) => new Date(start + minutes * MINUTE).toISOString().replace(/\.\d{3}Z$/, 'Z');

  it("filters by document name prefix and start time, newest first, with the document's outputs", async () => {
    const found = await describeAll([
      { Key: 'DocumentNamePrefix', Values: ['cisfleet-'] },
      { Key: 'StartTimeAfter', Values: [iso(1)] },
    ]);
    expect(found.map((x) => x.Outputs?.['Revoke.ResourceId']?.[0])).toEqual(['sg-3', NO_OUTPUT_YET, 'sg-2']);
    expect(found[2]).toMatchObject({
      DocumentName: DOCUMENT,
      AutomationExecutionStatus: 'Success',
      AutomationExecutionId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown as string,
      Outputs: {
        'Revoke.ResourceId': ['sg-2'],
        'Revoke.Revoked': [],
        'Revoke.Skipped': ['sg-2 carries the exemption tag cisfleet:exempt'],
      },
    });
    // A failed step has no outputs: each one shows SSM's placeholder, and the execution its failure.
    expect(found[1]).toMatchObject({
      AutomationExecutionStatus: 'Failed',
      FailureMessage: 'InvalidGroup.NotFound: no such group',
      Outputs: { 'Revoke.Skipped': [NO_OUTPUT_YET] },
    });
  });

  it('pages with NextToken, ANDs filters and ORs their values', async () => {
    expect(await describeAll([], 2)).toHaveLength(5);
    const failedOrAws = await describeAll([
      { Key: 'ExecutionStatus', Values: ['Failed', 'Success'] },
      { Key: 'StartTimeBefore', Values: [iso(3.5)] },
      { Key: 'DocumentNamePrefix', Values: ['AWS-', 'nothing'] },
    ]);
    expect(failedOrAws.map((x) => x.DocumentName)).toEqual(['AWS-DisablePublicAccessForSecurityGroup']);
    // An AWS-owned document's content is not loaded: no outputs, rather than an empty map.
    expect(failedOrAws[0]?.Outputs).toBeUndefined();
  });

  it('shows an account only its own executions', async () => {
    const other = await startTestSimulator(orgBuilder().regions(REGION));
    try {
      const client = new SSMClient(other.clientConfig);
      const out = await client.send(new DescribeAutomationExecutionsCommand({}));
      expect(out.AutomationExecutionMetadataList).toEqual([]);
      client.destroy();
    } finally {
      await other.stop();
    }
  });

  it("answers with SSM's errors: a bad time, a key it does not serve, a token it did not issue", async () => {
    const send = (input: object) => ssm.send(new DescribeAutomationExecutionsCommand(input));
    await expect(send({ Filters: [{ Key: 'StartTimeAfter', Values: ['yesterday'] }] })).rejects.toMatchObject({
      name: 'InvalidFilterValue',
    });
    await expect(send({ Filters: [{ Key: 'TagKey', Values: ['x'] }] })).rejects.toMatchObject({
      name: 'InvalidFilterKey',
    });
    await expect(send({ NextToken: 'not-a-token' })).rejects.toMatchObject({ name: 'InvalidNextToken' });
  });

  it('GetAutomationExecution: the parameters and the step; an unknown id is AutomationExecutionNotFoundException', async () => {
    const [latest] = await describeAll([{ Key: 'DocumentNamePrefix', Values: [DOCUMENT] }]);
    const { AutomationExecution: x } = await ssm.send(
      new GetAutomationExecutionCommand({ AutomationExecutionId: latest?.AutomationExecutionId }),
    );
    expect(x).toMatchObject({
      Parameters: { GroupId: ['sg-1'] },
      Outputs: { 'Revoke.ResourceId': ['sg-3'] },
      StepExecutions: [{ StepName: 'Revoke', Action: 'aws:executeScript', StepStatus: 'Success' }],
    });
    await expect(
      ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: '00000000-0000-0000-0000-000000000000' })),
    ).rejects.toMatchObject({ name: 'AutomationExecutionNotFoundException' });
  });

  // The limits come from SSM's model (MaxResults 1–50, an execution id of 36 characters): without the models the
  // simulator does not know them.
  describeWithModels("requests outside SSM's model", () => {
    it('a page over 50 and an execution id of the wrong length are ValidationException', async () => {
      await expect(ssm.send(new DescribeAutomationExecutionsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
        name: 'ValidationException',
      });
      await expect(
        ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: 'short' })),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });
});
