/**
 * CloudWatch Logs in the simulator, through the real SDK client: log groups a stack would create, events a
 * function writes (Lambda's text format), and DescribeLogGroups / FilterLogEvents with AWS's semantics.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { logGroupKeyOf, startInvocationLog } from '../../src/sim/model/log-groups.js';
import { describeWithModels } from '../helpers/botocore-models.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

const REGION = 'us-east-1';
const ACCOUNT = '111111111111';
const GROUP = '/cisfleet/cisfleet/access-key-remediation/abc';

describe('simulated CloudWatch Logs', () => {
  let sim: TestSimulator;
  let logs: CloudWatchLogsClient;
  let requestId: string;

  beforeAll(async () => {
    sim = await startTestSimulator(orgBuilder().regions(REGION));
    for (const name of [GROUP, '/cisfleet/cisfleet/access-key-remediation/old', '/aws/lambda/other'])
      sim.world.logGroups.set(logGroupKeyOf(ACCOUNT, REGION, name), { name, createdAt: sim.clock.now(), events: [] });
    const fn = {
      name: 'f',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      code: '',
      environment: {},
      logGroup: GROUP,
    };
    const run = startInvocationLog(sim.world, { accountId: ACCOUNT, region: REGION }, fn);
    requestId = run.requestId;
    run.log(JSON.stringify({ level: 'info', msg: 'key deactivated', user: 'alice', key: 'AKIA1' }));
    sim.clock.advance(1000);
    run.log(JSON.stringify({ level: 'info', msg: 'key in-grace', user: 'bob', key: 'AKIA2' }));
    run.log(JSON.stringify({ level: 'error', msg: 'user failed', user: 'carol', error: 'AccessDenied' }));
    run.end();
    logs = new CloudWatchLogsClient(sim.clientConfig);
  });
  afterAll(async () => {
    logs.destroy();
    await sim.stop();
  });

  it('lists log groups by name prefix, sorted by name', async () => {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/cisfleet/cisfleet/' }));
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual([GROUP, '/cisfleet/cisfleet/access-key-remediation/old']);
  });

  it('writes what a function logs as Lambda does: START, time/request id/INFO/message lines, END', async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    const messages = out.events?.map((e) => e.message) ?? [];
    expect(messages[0]).toBe(`START RequestId: ${requestId} Version: $LATEST\n`);
    expect(messages[1]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\t\\{"level":"info","msg":"key deactivated"`),
    );
    expect(messages.at(-1)).toBe(`END RequestId: ${requestId}\n`);
    expect(new Set(out.events?.map((e) => e.logStreamName)).size).toBe(1);
  });

  it('matches any of several ?"quoted phrases", case-sensitively, and excludes -terms', async () => {
    const find = async (filterPattern: string) =>
      ((await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern }))).events ?? []).map(
        (e) => /"msg":"([^"]+)"/.exec(e.message ?? '')?.[1],
      );
    expect(await find('?"key deactivated" ?"user failed"')).toEqual(['key deactivated', 'user failed']);
    expect(await find('?"KEY DEACTIVATED"')).toEqual([]);
    expect(await find('"msg" -alice')).toEqual(['key in-grace', 'user failed']);
  });

  it('keeps to the time window, inclusive, and pages with nextToken', async () => {
    const all = (await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }))).events ?? [];
    const later = all.filter((e) => (e.timestamp ?? 0) >= (all[2]?.timestamp ?? 0)).length;
    const windowed = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, startTime: all[2]?.timestamp }));
    expect(windowed.events).toHaveLength(later);
    const paged = [];
    for await (const page of paginateFilterLogEvents({ client: logs, pageSize: 2 }, { logGroupName: GROUP }))
      paged.push(...(page.events ?? []));
    expect(paged.map((e) => e.eventId)).toEqual(all.map((e) => e.eventId));
  });

  it('answers ResourceNotFoundException for a missing group, and refuses patterns it does not simulate', async () => {
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: '/nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    await expect(
      logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '{ $.msg = "x" }' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  // The name's pattern comes from AWS's model, so this check runs only where the models are (CI installs them).
  describeWithModels("with AWS's service models", () => {
    it("refuses a log group name outside the model's pattern before any behaviour", async () => {
      await expect(logs.send(new FilterLogEventsCommand({ logGroupName: 'bad name!' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringMatching(/^1 validation error detected: Value 'bad name!' at 'logGroupName'/) as unknown,
      });
    });
  });
});
