import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as iamSdk from '@aws-sdk/client-iam';
import { IAMClient, ServiceFailureException } from '@aws-sdk/client-iam';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ACCESS_KEY_FUNCTION_PATH } from '../../src/templates/remediation-template.js';
import { packageRootOf } from '../../src/package-root.js';
import { SimServiceError } from '../../src/sim/core/errors.js';
import type { SimIamUser, SimSession } from '../../src/sim/model/types.js';
import { iamHandlers } from '../../src/sim/services/iam.js';
import { iamUserHandlers } from '../../src/sim/services/iam-users.js';
import { at, only } from '../helpers/elements.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

/*
 * The access-key function's daily sweep over a large account, against the simulator's IAM (IAM's page sizes, its
 * quota of 50 tags per user), with every call charged simulated time against the Lambda's budget.
 */

/** What the function's handler returns (ACCESS_KEY_FUNCTION_PATH), as far as these tests read it. */
interface SweepResult {
  status: string;
  failures?: unknown[];
}

const require = createRequire(import.meta.url);
const fn = require(join(packageRootOf(import.meta.url), ACCESS_KEY_FUNCTION_PATH)) as {
  makeHandler: (
    client: unknown,
    env: Record<string, string>,
    clock: () => number,
    continueWith: (payload: unknown, context: unknown) => Promise<void>,
  ) => (event: unknown, context: unknown) => Promise<SweepResult>;
};

const ACCOUNT = '222222222222';
const DAY = 86_400_000;
const TAG = 'cisfleet:deactivated:';
const env = {
  RULE_NAME: 'cisfleet-access-keys-rotated',
  MAX_KEY_AGE_DAYS: '90',
  KEY_ACTION: 'DEACTIVATE',
  DELETE_GRACE_DAYS: '30',
  EXEMPT_TAG_KEY: 'cisfleet:exempt',
};
const TIMEOUT_MS = 900_000;
// About 10 IAM calls a second, sustained (IAM throttles well before that for writes).
const MS_PER_CALL = 100;

let sim: TestSimulator;
let client: IAMClient;
let NOW: number;
beforeAll(async () => {
  sim = await startTestSimulator(orgBuilder().account(ACCOUNT, {}));
  client = new IAMClient(sim.assumeRoleConfig(ACCOUNT));
  NOW = sim.clock.now();
});
afterAll(async () => {
  client.destroy();
  await sim.stop();
});

type Command = { constructor: { name: string }; input: Record<string, unknown> & { UserName?: string } };

/** Through the real SDK client and the simulator's HTTP server. */
const overHttp = (command: Command): Promise<unknown> => client.send(command as never);

/**
 * The simulator's IAM handlers called in-process, its errors turned into the SDK exceptions the client decodes
 * them to (that path, over HTTP: test/sim/iam-users.test.ts). 10,000 users mean 13,000 calls: minutes over HTTP
 * on a loaded machine.
 */
function inProcess(command: Command): Promise<unknown> {
  const action = command.constructor.name.replace(/Command$/, '');
  const handler = { ...iamHandlers, ...iamUserHandlers }[action];
  if (!handler) return Promise.reject(new Error(`the simulator has no IAM ${action}`));
  const caller = { accountId: ACCOUNT } as SimSession;
  try {
    return Promise.resolve(
      handler(sim.world, { service: 'iam', action, region: 'us-east-1', caller, input: command.input, requestId: 'r' }),
    );
  } catch (error) {
    if (!(error instanceof SimServiceError)) return Promise.reject(error);
    const exceptions = iamSdk as unknown as Record<string, (new (o: object) => Error) | undefined>;
    const Exception = exceptions[`${error.code}Exception`];
    if (!Exception) return Promise.reject(new Error(`the SDK has no ${error.code}Exception: ${error.message}`));
    return Promise.reject(new Exception({ message: error.message, $metadata: { httpStatusCode: error.httpStatus } }));
  }
}

/**
 * The function's IAM client: the simulator's IAM, each call charged simulated time; calls about a user in
 * `failingUsers` fail as IAM's ServiceFailure would, and `onCall` runs before a call is sent.
 */
class SweptIam {
  readonly failingUsers = new Set<string>();
  calls = 0;
  elapsedMs = 0;
  onCall?: (command: string, input: { UserName?: string }) => void;

  constructor(
    readonly users: SimIamUser[],
    private readonly transport: (command: Command) => Promise<unknown>,
  ) {}

  send(command: Command): Promise<unknown> {
    this.calls += 1;
    this.elapsedMs += MS_PER_CALL;
    this.onCall?.(command.constructor.name, command.input);
    if (command.input.UserName !== undefined && this.failingUsers.has(command.input.UserName))
      return Promise.reject(new ServiceFailureException({ message: 'injected', $metadata: {} }));
    return this.transport(command);
  }
}

/** An account of `size` users in the simulator, every tenth with a key older than the limit. */
function account(size: number, transport = inProcess): SweptIam {
  const users = sim.world.accountIam(ACCOUNT).users;
  users.clear();
  for (let i = 0; i < size; i++) {
    const name = `user${String(i).padStart(5, '0')}`;
    const ageDays = i % 10 === 0 ? 200 : 10;
    users.set(name, {
      userName: name,
      userId: `AIDA${i}`,
      arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
      createDate: NOW - 400 * DAY,
      tags: {},
      // IAM access key ids have 16 to 128 characters (the simulator checks inputs against IAM's model).
      accessKeys: [{ id: `AKIA${String(i).padStart(16, '0')}`, status: 'Active', createDate: NOW - ageDays * DAY }],
    });
  }
  return new SweptIam([...users.values()], transport);
}

/** Each user of `account` has one access key. */
const keyOf = (user: SimIamUser) => only(user.accessKeys, `access key of ${user.userName}`);

const withTags = (user: SimIamUser, count: number) => {
  for (let t = 0; t < count; t++) user.tags[`team:${t}`] = 'x';
};

/** At 49 tags when the function reads them; someone else adds one before it tags: IAM refuses its TagUser. */
function reachesTagLimitDuringRun(iam: SweptIam, user: SimIamUser): void {
  withTags(user, 49);
  iam.onCall = (command, input) => {
    if (command === 'UpdateAccessKeyCommand' && input.UserName === user.userName) user.tags.other = 'team';
  };
}

/** One daily sweep in one invocation, with no time limit. */
const sweepOnce = (iam: SweptIam) =>
  fn.makeHandler(
    iam,
    env,
    () => NOW,
    () => Promise.resolve(),
  )({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, {});

let logged: string[];
beforeEach(() => {
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('the access-key sweep at 10,000 users', () => {
  it('finishes across hand-overs, goes on past failures and a user at the tag limit, and reports them', async () => {
    const iam = account(10_000);
    iam.failingUsers.add('user00010').add('user05000');
    // At IAM's quota of 50 tags before the sweep: the function sees it and does not try to tag.
    const full = at(iam.users, 20, 'user');
    withTags(full, 50);
    const racing = at(iam.users, 30, 'user');
    reachesTagLimitDuringRun(iam, racing);
    const handOvers: unknown[] = [];
    const handler = fn.makeHandler(
      iam,
      env,
      () => NOW,
      (payload) => {
        handOvers.push(payload);
        return Promise.resolve();
      },
    );

    // Each invocation gets a fresh 900 s budget; the simulated time of its IAM calls is spent from it.
    const invoke = (event: unknown) => {
      const started = iam.elapsedMs;
      const context = {
        functionName: 'cisfleet-access-key-remediation',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:cisfleet-access-key-remediation',
        getRemainingTimeInMillis: () => TIMEOUT_MS - (iam.elapsedMs - started),
      };
      return handler(event, context).then((result) => ({ result, spentMs: iam.elapsedMs - started }));
    };
    const runs = [await invoke({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} })];
    while (runs.at(-1)!.result.status === 'continued') runs.push(await invoke(handOvers[runs.length - 1]));

    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) expect(run.spentMs).toBeLessThan(TIMEOUT_MS);
    const last = runs.at(-1)!.result;
    expect(last).toMatchObject({ status: 'swept', complete: true, sweepChecked: 10_000, sweepFailed: 4 });

    // Every old key is inactive, including the one of the user at the tag limit; only the failing users' are not.
    const stillActive = iam.users
      .filter((u) => u.accessKeys.some((k) => k.status === 'Active' && NOW - k.createDate > 90 * DAY))
      .map((u) => u.userName);
    expect(stillActive.sort()).toEqual(['user00010', 'user05000']);
    expect(keyOf(full).status).toBe('Inactive');
    expect(Object.keys(full.tags)).toHaveLength(50);
    expect(keyOf(racing).status).toBe('Inactive');
    expect(Object.keys(racing.tags).filter((k) => k.startsWith(TAG))).toEqual([]);

    // Each failure is logged with the user and the reason, and counted in the runs' metric lines.
    const lines = logged.map((l) => JSON.parse(l));
    const failures = lines.filter((l) => l.msg === 'user failed').map((l) => `${l.user} ${l.error}`);
    expect(failures.sort()).toEqual([
      'user00010 ServiceFailureException',
      'user00020 TagLimit',
      'user00030 LimitExceededException',
      'user05000 ServiceFailureException',
    ]);
    const summaries = lines.filter((l) => l.msg === 'run summary');
    expect(summaries).toHaveLength(runs.length);
    expect(summaries.reduce((sum, l) => sum + l.UsersFailed, 0)).toBe(4);
    expect(summaries[0]._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)).toContain(
      'UsersFailed',
    );
  });

  it('reads the tags only of users with an old key (two calls per compliant user would not fit)', async () => {
    const iam = account(1_000);
    const handler = fn.makeHandler(
      iam,
      env,
      () => NOW,
      () => Promise.resolve(),
    );
    await handler(
      { source: 'aws.events', 'detail-type': 'Scheduled Event' },
      { getRemainingTimeInMillis: () => TIMEOUT_MS },
    );
    // 10 ListUsers pages + 1,000 ListAccessKeys + 100 × (ListUserTags, UpdateAccessKey, TagUser).
    expect(iam.calls).toBe(10 + 1_000 + 100 * 3);
  });

  it('does not tag past the limit: the key is deactivated and the missing date is a failure', async () => {
    const iam = account(1);
    const user = only(iam.users, 'user');
    withTags(user, 50);
    const result = await sweepOnce(iam);
    expect(keyOf(user).status).toBe('Inactive');
    expect(Object.keys(user.tags).some((k) => k.startsWith(TAG))).toBe(false);
    expect(result.failures).toEqual([
      { user: 'user00000', problems: [expect.objectContaining({ key: keyOf(user).id, error: 'TagLimit' })] },
    ]);
  });

  it('through the real SDK: a user IAM refuses a tag for fails with LimitExceededException, the rest go on', async () => {
    const iam = account(25, overHttp);
    const racing = at(iam.users, 10, 'user');
    reachesTagLimitDuringRun(iam, racing);
    const result = await sweepOnce(iam);
    expect(result).toMatchObject({ status: 'swept', complete: true, sweepChecked: 25, sweepFailed: 1 });
    expect(result.failures).toEqual([
      { user: racing.userName, problems: [expect.objectContaining({ error: 'LimitExceededException' })] },
    ]);
    // Its key was deactivated before the tag was refused; the other old keys are deactivated and dated.
    expect(iam.users.filter((u) => keyOf(u).status === 'Inactive').map((u) => u.userName)).toEqual([
      'user00000',
      'user00010',
      'user00020',
    ]);
    const tagged = at(iam.users, 20, 'user');
    expect(Object.keys(tagged.tags)).toEqual([`${TAG}${keyOf(tagged).id}`]);
  });
});
