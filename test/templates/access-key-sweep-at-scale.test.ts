import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ACCESS_KEY_FUNCTION_PATH } from '../../src/templates/remediation-template.js';
import { packageRootOf } from '../../src/templates/package-root.js';

/*
 * The access-key function's daily sweep over a large account, against a fake IAM that keeps state, pages
 * like IAM (ListUsers 100 per page) and charges every call simulated time against the Lambda's budget.
 */
const require = createRequire(import.meta.url);
const fn = require(join(packageRootOf(import.meta.url), ACCESS_KEY_FUNCTION_PATH)) as {
  makeHandler: (
    client: unknown,
    env: Record<string, string>,
    clock: () => number,
    continueWith: (payload: unknown, context: unknown) => Promise<void>,
  ) => (event: unknown, context: unknown) => Promise<any>;
};

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-28T12:00:00Z');
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

interface FakeUser {
  UserName: string;
  UserId: string;
  tags: Map<string, string>;
  keys: Array<{ AccessKeyId: string; Status: 'Active' | 'Inactive'; CreateDate: Date }>;
}

class ServiceError extends Error {
  constructor(
    readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** IAM as the function uses it: state, IAM's page sizes and its 50-tag limit; every call costs simulated time. */
class FakeIam {
  readonly users: FakeUser[] = [];
  private readonly byName = new Map<string, FakeUser>();
  readonly failingUsers = new Set<string>();
  calls = 0;
  elapsedMs = 0;

  add(user: FakeUser): void {
    this.users.push(user);
    this.byName.set(user.UserName, user);
  }

  send(command: { constructor: { name: string }; input: any }): Promise<any> {
    this.calls += 1;
    this.elapsedMs += MS_PER_CALL;
    const input = command.input;
    const user = () => {
      const found = this.byName.get(input.UserName);
      if (!found) throw new ServiceError('NoSuchEntityException', `no user ${input.UserName}`);
      if (this.failingUsers.has(found.UserName)) throw new ServiceError('ServiceFailureException', 'injected');
      return found;
    };
    switch (command.constructor.name) {
      case 'ListUsersCommand': {
        const start = Number(input.Marker ?? 0);
        const page = this.users.slice(start, start + 100).map(({ UserName, UserId }) => ({ UserName, UserId }));
        const more = start + 100 < this.users.length;
        return Promise.resolve({ Users: page, IsTruncated: more, Marker: more ? String(start + 100) : undefined });
      }
      case 'ListAccessKeysCommand':
        return Promise.resolve({
          AccessKeyMetadata: user().keys.map((k) => ({ ...k, UserName: input.UserName })),
          IsTruncated: false,
        });
      case 'ListUserTagsCommand':
        return Promise.resolve({ Tags: [...user().tags].map(([Key, Value]) => ({ Key, Value })), IsTruncated: false });
      case 'UpdateAccessKeyCommand': {
        const key = user().keys.find((k) => k.AccessKeyId === input.AccessKeyId)!;
        key.Status = input.Status;
        return Promise.resolve({});
      }
      case 'TagUserCommand': {
        const target = user();
        if (target.tags.size + input.Tags.length > 50)
          return Promise.reject(new ServiceError('LimitExceededException', 'tag limit'));
        for (const t of input.Tags) target.tags.set(t.Key, t.Value);
        return Promise.resolve({});
      }
      default:
        return Promise.reject(new Error(`unexpected ${command.constructor.name}`));
    }
  }
}

function account(size: number): FakeIam {
  const iam = new FakeIam();
  for (let i = 0; i < size; i++) {
    const name = `user${String(i).padStart(5, '0')}`;
    // Every tenth user has a key older than the limit.
    const ageDays = i % 10 === 0 ? 200 : 10;
    iam.add({
      UserName: name,
      UserId: `AIDA${i}`,
      tags: new Map(),
      keys: [{ AccessKeyId: `AKIA${i}`, Status: 'Active', CreateDate: new Date(NOW - ageDays * DAY) }],
    });
  }
  return iam;
}

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
    const full = iam.users[20];
    for (let t = 0; t < 50; t++) full.tags.set(`team:${t}`, 'x');
    const handOvers: unknown[] = [];
    const handler = fn.makeHandler(
      iam,
      env,
      () => NOW,
      async (payload) => void handOvers.push(payload),
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
    expect(last).toMatchObject({ status: 'swept', complete: true, sweepChecked: 10_000, sweepFailed: 3 });

    // Every old key is inactive, including the one of the user at the tag limit; only the failing users' are not.
    const stillActive = iam.users
      .filter((u) => u.keys.some((k) => k.Status === 'Active' && NOW - k.CreateDate.getTime() > 90 * DAY))
      .map((u) => u.UserName);
    expect(stillActive.sort()).toEqual(['user00010', 'user05000']);
    expect(full.keys[0].Status).toBe('Inactive');
    expect(full.tags.size).toBe(50);

    // Each failure is logged with the user and the reason, and counted in the runs' metric lines.
    const lines = logged.map((l) => JSON.parse(l));
    const failures = lines.filter((l) => l.msg === 'user failed').map((l) => `${l.user} ${l.error}`);
    expect(failures.sort()).toEqual([
      'user00010 ServiceFailureException',
      'user00020 TagLimit',
      'user05000 ServiceFailureException',
    ]);
    const summaries = lines.filter((l) => l.msg === 'run summary');
    expect(summaries).toHaveLength(runs.length);
    expect(summaries.reduce((sum, l) => sum + l.UsersFailed, 0)).toBe(3);
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
      async () => undefined,
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
    const only = iam.users[0];
    for (let t = 0; t < 50; t++) only.tags.set(`team:${t}`, 'x');
    const handler = fn.makeHandler(
      iam,
      env,
      () => NOW,
      async () => undefined,
    );
    const result = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, {});
    expect(only.keys[0].Status).toBe('Inactive');
    expect([...only.tags.keys()].some((k) => k.startsWith(TAG))).toBe(false);
    expect(result.failures).toEqual([
      { user: 'user00000', problems: [expect.objectContaining({ key: 'AKIA0', error: 'TagLimit' })] },
    ]);
  });
});
