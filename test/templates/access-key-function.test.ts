import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ACCESS_KEY_FUNCTION_PATH } from '../../src/templates/remediation-template.js';
import { packageRootOf } from '../../src/package-root.js';
import type { UntypedJson } from '../helpers/untyped-json.js';

// The function is CommonJS and requires the CJS build of the IAM client: mock that same module instance.
const require = createRequire(import.meta.url);
const iam = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
const fn = require(join(packageRootOf(import.meta.url), ACCESS_KEY_FUNCTION_PATH)) as {
  makeHandler: (
    client: unknown,
    env: Record<string, string>,
    clock: () => number,
  ) => (event: unknown) => Promise<UntypedJson>;
};

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-28T12:00:00Z');
const RULE = 'cisfleet-access-keys-rotated';
const TAG = 'cisfleet:deactivated:';
const daysAgo = (days: number) => new Date(NOW - days * DAY);
const env = (overrides: Record<string, string> = {}) => ({
  RULE_NAME: RULE,
  MAX_KEY_AGE_DAYS: '90',
  KEY_ACTION: 'DEACTIVATE',
  DELETE_GRACE_DAYS: '30',
  EXEMPT_TAG_KEY: 'cisfleet:exempt',
  ...overrides,
});
const event = (detail: Record<string, unknown>) => ({
  source: 'aws.config',
  'detail-type': 'Config Rules Compliance Change',
  detail,
});
const nonCompliant = (resourceId = 'AIDAALICE', configRuleName = RULE) =>
  event({
    configRuleName,
    resourceId,
    resourceType: 'AWS::IAM::User',
    messageType: 'ComplianceChangeNotification',
    newEvaluationResult: { complianceType: 'NON_COMPLIANT' },
  });

const iamMock = mockClient(iam.IAMClient);
let logged: string[];

function givenUser(options: {
  tags?: Record<string, string>;
  keys: Array<{ id: string; ageDays: number; status: 'Active' | 'Inactive' }>;
}) {
  iamMock.on(iam.ListUsersCommand).resolves({
    Users: [
      {
        UserName: 'alice',
        UserId: 'AIDAALICE',
        Arn: 'arn:aws:iam::1:user/alice',
        Path: '/',
        CreateDate: daysAgo(500),
      },
    ],
  });
  iamMock
    .on(iam.ListUserTagsCommand)
    .resolves({ Tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) });
  iamMock.on(iam.ListAccessKeysCommand).resolves({
    AccessKeyMetadata: options.keys.map((k) => ({
      UserName: 'alice',
      AccessKeyId: k.id,
      Status: k.status,
      CreateDate: daysAgo(k.ageDays),
    })),
  });
}

const handle = (e: unknown, overrides?: Record<string, string>) =>
  fn.makeHandler(new iam.IAMClient({ region: 'us-east-1' }), env(overrides), () => NOW)(e);
// The inputs the function sent with `command`, read as JSON by the assertions (one helper for every command).
const calls = (command: new (input: UntypedJson) => unknown) =>
  iamMock.commandCalls(command as UntypedJson).map((c) => c.args[0].input);

beforeEach(() => {
  iamMock.reset();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('access-key remediation function', () => {
  it('deactivates only the active keys older than the limit and records when', async () => {
    givenUser({
      keys: [
        { id: 'AKIAOLD', ageDays: 120, status: 'Active' },
        { id: 'AKIANEW', ageDays: 10, status: 'Active' },
      ],
    });
    const result = await handle(nonCompliant());
    expect(calls(iam.UpdateAccessKeyCommand)).toEqual([
      { UserName: 'alice', AccessKeyId: 'AKIAOLD', Status: 'Inactive' },
    ]);
    expect(calls(iam.TagUserCommand)).toEqual([
      { UserName: 'alice', Tags: [{ Key: TAG + 'AKIAOLD', Value: new Date(NOW).toISOString() }] },
    ]);
    expect(calls(iam.DeleteAccessKeyCommand)).toHaveLength(0);
    expect(result).toMatchObject({ status: 'remediated', keys: [{ key: 'AKIAOLD', action: 'deactivated' }] });
  });

  it('writes structured JSON logs, one object per line', async () => {
    givenUser({ keys: [{ id: 'AKIAOLD', ageDays: 120, status: 'Active' }] });
    await handle(nonCompliant());
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: expect.any(String) });
    expect(logged.map((l) => JSON.parse(l).msg)).toContain('key deactivated');
  });

  it('leaves already inactive keys alone in DEACTIVATE mode (idempotent)', async () => {
    givenUser({ keys: [{ id: 'AKIAOLD', ageDays: 120, status: 'Inactive' }] });
    const result = await handle(nonCompliant());
    expect(iamMock.commandCalls(iam.UpdateAccessKeyCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(iam.TagUserCommand)).toHaveLength(0);
    expect(result.keys).toEqual([]);
  });

  it('skips and logs a user carrying the exemption tag', async () => {
    givenUser({
      tags: { 'cisfleet:exempt': 'break-glass' },
      keys: [{ id: 'AKIAOLD', ageDays: 400, status: 'Active' }],
    });
    const result = await handle(nonCompliant());
    expect(result.status).toBe('exempt');
    expect(iamMock.commandCalls(iam.UpdateAccessKeyCommand)).toHaveLength(0);
    expect(logged.map((l) => JSON.parse(l).msg)).toContain('user exempt');
  });

  it('honours a configured exemption tag key', async () => {
    givenUser({ tags: { 'cisfleet:exempt': 'x' }, keys: [{ id: 'AKIAOLD', ageDays: 400, status: 'Active' }] });
    await handle(nonCompliant(), { EXEMPT_TAG_KEY: 'team:keep-keys' });
    expect(iamMock.commandCalls(iam.UpdateAccessKeyCommand)).toHaveLength(1);
  });

  describe('DELETE', () => {
    it('deactivates an active old key first instead of deleting it', async () => {
      givenUser({ keys: [{ id: 'AKIAOLD', ageDays: 120, status: 'Active' }] });
      await handle(nonCompliant(), { KEY_ACTION: 'DELETE' });
      expect(iamMock.commandCalls(iam.UpdateAccessKeyCommand)).toHaveLength(1);
      expect(iamMock.commandCalls(iam.DeleteAccessKeyCommand)).toHaveLength(0);
    });

    it('keeps an inactive key still inside the grace period', async () => {
      givenUser({
        tags: { [TAG + 'AKIAOLD']: daysAgo(29).toISOString() },
        keys: [{ id: 'AKIAOLD', ageDays: 120, status: 'Inactive' }],
      });
      const result = await handle(nonCompliant(), { KEY_ACTION: 'DELETE' });
      expect(iamMock.commandCalls(iam.DeleteAccessKeyCommand)).toHaveLength(0);
      expect(result.keys).toEqual([{ key: 'AKIAOLD', action: 'in-grace' }]);
    });

    it('deletes an inactive key once the grace period has passed, and drops its tag', async () => {
      givenUser({
        tags: { [TAG + 'AKIAOLD']: daysAgo(31).toISOString() },
        keys: [{ id: 'AKIAOLD', ageDays: 120, status: 'Inactive' }],
      });
      await handle(nonCompliant(), { KEY_ACTION: 'DELETE' });
      expect(calls(iam.DeleteAccessKeyCommand)).toEqual([{ UserName: 'alice', AccessKeyId: 'AKIAOLD' }]);
      expect(calls(iam.UntagUserCommand)).toEqual([{ UserName: 'alice', TagKeys: [TAG + 'AKIAOLD'] }]);
    });

    it('starts the grace period for an inactive key it did not deactivate itself', async () => {
      givenUser({ keys: [{ id: 'AKIAOLD', ageDays: 300, status: 'Inactive' }] });
      const result = await handle(nonCompliant(), { KEY_ACTION: 'DELETE' });
      expect(iamMock.commandCalls(iam.DeleteAccessKeyCommand)).toHaveLength(0);
      expect(calls(iam.TagUserCommand)[0].Tags[0].Key).toBe(TAG + 'AKIAOLD');
      expect(result.keys).toEqual([{ key: 'AKIAOLD', action: 'grace-started' }]);
    });
  });

  describe('events it must not act on', () => {
    it.each([
      ['another rule', nonCompliant('AIDAALICE', 'other-access-keys-rotated')],
      [
        'a compliant result',
        event({ configRuleName: RULE, resourceId: 'AIDAALICE', newEvaluationResult: { complianceType: 'COMPLIANT' } }),
      ],
      ['no detail', { source: 'aws.config' }],
      ['null', null],
      ['a string', 'not an event'],
      ['no resource id', event({ configRuleName: RULE, newEvaluationResult: { complianceType: 'NON_COMPLIANT' } })],
    ])('ignores %s without calling IAM or throwing', async (_name, e) => {
      await expect(handle(e)).resolves.toEqual({ status: 'ignored' });
      expect(iamMock.calls()).toHaveLength(0);
      expect(logged.map((l) => JSON.parse(l).msg)).toEqual(['event ignored']);
    });
  });

  it('takes the user id from the evaluation qualifier when the event has no top-level resourceId', async () => {
    givenUser({ keys: [{ id: 'AKIAOLD', ageDays: 120, status: 'Active' }] });
    const qualified = event({
      configRuleName: RULE,
      newEvaluationResult: {
        complianceType: 'NON_COMPLIANT',
        evaluationResultIdentifier: { evaluationResultQualifier: { resourceId: 'AIDAALICE' } },
      },
    });
    await expect(handle(qualified)).resolves.toMatchObject({ status: 'remediated', user: 'alice' });
  });

  it('returns user-not-found for an unknown user id', async () => {
    givenUser({ keys: [] });
    await expect(handle(nonCompliant('AIDAGHOST'))).resolves.toEqual({ status: 'user-not-found', userId: 'AIDAGHOST' });
    expect(iamMock.commandCalls(iam.ListAccessKeysCommand)).toHaveLength(0);
  });

  it('pages through ListUsers to resolve the user id', async () => {
    givenUser({ keys: [{ id: 'AKIAOLD', ageDays: 120, status: 'Active' }] });
    const user = (name: string, id: string) => ({
      UserName: name,
      UserId: id,
      Arn: `arn:aws:iam::1:user/${name}`,
      Path: '/',
      CreateDate: daysAgo(1),
    });
    iamMock
      .on(iam.ListUsersCommand, { Marker: undefined })
      .resolves({ Users: [user('bob', 'AIDABOB')], IsTruncated: true, Marker: 'm1' })
      .on(iam.ListUsersCommand, { Marker: 'm1' })
      .resolves({ Users: [], IsTruncated: true, Marker: 'm2' })
      .on(iam.ListUsersCommand, { Marker: 'm2' })
      .resolves({ Users: [user('alice', 'AIDAALICE')], IsTruncated: false });
    const result = await handle(nonCompliant());
    expect(calls(iam.ListUsersCommand).map((i) => i.Marker)).toEqual([undefined, 'm1', 'm2']);
    expect(result).toMatchObject({ status: 'remediated', user: 'alice' });
  });

  it('builds no IAM client until an event needs one', async () => {
    let built = 0;
    const lazy = fn.makeHandler(
      () => {
        built += 1;
        return new iam.IAMClient({ region: 'us-east-1' });
      },
      env(),
      () => NOW,
    );
    await lazy(nonCompliant('AIDAALICE', 'other'));
    expect(built).toBe(0);
  });

  it('the daily sweep (DELETE) deletes the inactive keys whose grace is over, for users no event names any more', async () => {
    const user = (UserName: string) => ({
      UserName,
      UserId: `AIDA${UserName.toUpperCase()}`,
      Arn: `arn:aws:iam::1:user/${UserName}`,
      Path: '/',
      CreateDate: daysAgo(500),
    });
    iamMock.on(iam.ListUsersCommand).resolves({ Users: [user('alice'), user('bob'), user('carol')] });
    const tags = {
      alice: { [TAG + 'AKIAALICE']: daysAgo(31).toISOString() },
      bob: {},
      carol: { 'cisfleet:exempt': 'break-glass' },
    };
    const keys = {
      alice: { id: 'AKIAALICE', status: 'Inactive' },
      bob: { id: 'AKIABOB', status: 'Active' },
      carol: { id: 'AKIACAROL', status: 'Inactive' },
    };
    for (const [name, userTags] of Object.entries(tags)) {
      iamMock
        .on(iam.ListUserTagsCommand, { UserName: name })
        .resolves({ Tags: Object.entries(userTags).map(([Key, Value]) => ({ Key, Value })) });
      const key = keys[name as keyof typeof keys];
      iamMock.on(iam.ListAccessKeysCommand, { UserName: name }).resolves({
        AccessKeyMetadata: [
          { UserName: name, AccessKeyId: key.id, Status: key.status as 'Active', CreateDate: daysAgo(200) },
        ],
      });
    }
    const scheduled = {
      version: '0',
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: ['arn:aws:events:us-east-1:1:rule/cisfleet-access-keys-sweep'],
      detail: {},
    };

    const result = await handle(scheduled, { KEY_ACTION: 'DELETE' });

    expect(result.status).toBe('swept');
    expect(result.users.map((u: { user: string; status: string }) => `${u.user} ${u.status}`)).toEqual([
      'alice remediated',
      'bob remediated',
      'carol exempt',
    ]);
    expect(calls(iam.DeleteAccessKeyCommand)).toEqual([{ UserName: 'alice', AccessKeyId: 'AKIAALICE' }]);
    expect(calls(iam.UntagUserCommand)).toEqual([{ UserName: 'alice', TagKeys: [TAG + 'AKIAALICE'] }]);
    // An active old key is deactivated first, as on an event; the exempt user is untouched.
    expect(calls(iam.UpdateAccessKeyCommand)).toEqual([
      { UserName: 'bob', AccessKeyId: 'AKIABOB', Status: 'Inactive' },
    ]);
  });
});
