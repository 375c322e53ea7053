/**
 * Issue 13's "failures recorded somewhere a person and `report` can see": the real access-key function
 * (stacksets/functions/access-key-remediation.js) runs a sweep in which one user fails; its console output goes
 * to the deployed function's log group as Lambda writes it; `report --changes` then shows the failed user and
 * the failed run, with the function's request id.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ACCESS_KEY_FUNCTION_PATH } from '../../src/templates/remediation-template.js';
import { packageRootOf } from '../../src/package-root.js';
import { startInvocationLog } from '../../src/sim/model/log-groups.js';
import { EXIT_CODES } from '../../src/errors.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { deployStackSet, reportScenarioFields, runReport, writeConfig } from './report-sim.js';

const require = createRequire(import.meta.url);
const fn = require(join(packageRootOf(import.meta.url), ACCESS_KEY_FUNCTION_PATH)) as {
  makeHandler: (
    client: unknown,
    env: Record<string, string>,
    clock: () => number,
  ) => (event: unknown, context: unknown) => Promise<unknown>;
};

const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
const ACCOUNT = '222222222222';
const DAY = 86_400_000;

class ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** Two users with a key past the limit; deactivating `locked`'s key is refused. */
function fakeIam(now: number) {
  const keys: Record<string, { AccessKeyId: string; Status: string; CreateDate: Date }> = {
    ok: { AccessKeyId: 'AKIAOK', Status: 'Active', CreateDate: new Date(now - 200 * DAY) },
    locked: { AccessKeyId: 'AKIALOCKED', Status: 'Active', CreateDate: new Date(now - 200 * DAY) },
  };
  return {
    send(command: { constructor: { name: string }; input: { UserName?: string } }): Promise<unknown> {
      const name = command.input.UserName ?? '';
      switch (command.constructor.name) {
        case 'ListUsersCommand':
          return Promise.resolve({
            Users: Object.keys(keys).map((UserName) => ({ UserName, UserId: `AIDA${UserName}` })),
          });
        case 'ListAccessKeysCommand':
          return Promise.resolve({ AccessKeyMetadata: [keys[name]] });
        case 'ListUserTagsCommand':
          return Promise.resolve({ Tags: [] });
        case 'UpdateAccessKeyCommand':
          if (name === 'locked')
            return Promise.reject(new ServiceError('AccessDenied', 'an SCP denies iam:UpdateAccessKey'));
          Object.assign(keys[name] ?? {}, { Status: 'Inactive' });
          return Promise.resolve({});
        case 'TagUserCommand':
          return Promise.resolve({});
        default:
          return Promise.reject(new Error(`unexpected ${command.constructor.name}`));
      }
    },
  };
}

describe('report --changes shows what the access-key function recorded as failed', () => {
  let sim: TestSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder().regions(HOME, OTHER).with(reportScenarioFields(HOME)).account(ACCOUNT, { ou: 'Workloads' }),
    );
    await deployStackSet(sim, ACCOUNT, [HOME, OTHER], { AccessKeysMode: 'AUTO' });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('lists the failed user with its error, and the run with its failure count and request id', async () => {
    const deployed = [...sim.world.region(ACCOUNT, HOME).lambdaFunctions.values()].find((f) => f.environment.RULE_NAME);
    if (!deployed) throw new Error('the stack set deployed no access-key function');
    // The real function's console.log lines, written to the deployed function's log group as Lambda writes them.
    const invocation = startInvocationLog(sim.world, { accountId: ACCOUNT, region: HOME }, deployed);
    const spy = jest.spyOn(console, 'log').mockImplementation((line: unknown) => invocation.log(String(line)));
    try {
      const now = sim.clock.now();
      await fn.makeHandler(
        fakeIam(now),
        deployed.environment,
        () => now,
      )(
        { source: 'aws.events', 'detail-type': 'Scheduled Event' },
        { functionName: deployed.name, getRemainingTimeInMillis: () => 900_000 },
      );
    } finally {
      spy.mockRestore();
      invocation.end();
    }

    const run = await runReport(sim, writeConfig(), { source: 'accounts', format: 'json', changes: { since: '1d' } });
    expect(run.exitCode).toBe(EXIT_CODES.ok);
    const section = run.report.changes!;
    expect(section.changes.filter((c) => c.source === 'access-key-function')).toEqual([
      expect.objectContaining({
        resourceId: 'locked',
        action: 'access keys',
        outcome: 'failed',
        detail: 'AccessDenied: an SCP denies iam:UpdateAccessKey',
        executionId: invocation.requestId,
      }),
      expect.objectContaining({ resourceId: 'ok', action: 'access key AKIAOK deactivated', outcome: 'succeeded' }),
    ]);
    expect(section.functionRuns).toEqual([
      expect.objectContaining({
        kind: 'sweep',
        checked: 2,
        remediated: 1,
        failed: 1,
        executionId: invocation.requestId,
        failures: [{ user: 'locked', error: 'AccessDenied', message: 'an SCP denies iam:UpdateAccessKey' }],
      }),
    ]);
    expect(section.totals).toMatchObject({ failed: 1, failedRuns: 1 });
    expect(run.reporter.stderr.join('\n')).toMatch(/1 access-key function runs with failures/);
  });
});
