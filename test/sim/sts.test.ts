import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
  type Credentials,
} from '@aws-sdk/client-sts';
import { GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

const MEMBER = '222222222222';
const NO_ROLE = '333333333333';
const WITH_EXTERNAL_ID = '444444444444';
const SLOW_ROLE = '555555555555';
const TRUSTS_MEMBER = '666666666666';
const roleArn = (account: string, role = 'OrganizationAccountAccessRole') => `arn:aws:iam::${account}:role/${role}`;

describe('STS', () => {
  let sim: TestSimulator;
  let sts: STSClient;

  beforeAll(async () => {
    // GIVEN an org with a reachable member, one without the member role, one whose role needs an ExternalId,
    // and one whose role is not assumable yet
    sim = await startTestSimulator(
      orgBuilder()
        .account(MEMBER, { ou: 'Workloads/Prod' })
        .account(NO_ROLE, { roles: [] })
        .account(WITH_EXTERNAL_ID, { roles: [{ name: 'OrganizationAccountAccessRole', externalId: 'expected-id' }] })
        .account(SLOW_ROLE, { roles: [{ name: 'OrganizationAccountAccessRole', assumableAfterMs: 60_000 }] })
        .account(TRUSTS_MEMBER, {
          roles: [{ name: 'Audit', trustedAccounts: ['111111111111', MEMBER], maxSessionDurationSeconds: 43200 }],
        }),
    );
    sts = new STSClient(sim.clientConfig);
  });
  afterAll(async () => {
    sts.destroy();
    await sim.stop();
  });

  /** An STS client that signs with session credentials AssumeRole returned. */
  function clientWith(credentials: Credentials): STSClient {
    return new STSClient({
      endpoint: sim.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: credentials.AccessKeyId!,
        secretAccessKey: credentials.SecretAccessKey!,
        sessionToken: credentials.SessionToken!,
      },
    });
  }

  async function assumeError(input: ConstructorParameters<typeof AssumeRoleCommand>[0]): Promise<unknown> {
    return sts.send(new AssumeRoleCommand(input)).then(
      () => new Error('AssumeRole unexpectedly succeeded'),
      (e: unknown) => e,
    );
  }

  it('GetCallerIdentity names the management account admin', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111111111111');
    expect(identity.Arn).toBe('arn:aws:iam::111111111111:user/admin');
    expect(identity.UserId).toMatch(/^AIDA/);
  });

  it('refuses AssumeRole into an account without the role with AccessDenied', async () => {
    const error = await assumeError({ RoleArn: roleArn(NO_ROLE), RoleSessionName: 'test' });
    expect(error).toBeInstanceOf(STSServiceException);
    expect((error as STSServiceException).name).toBe('AccessDenied');
    expect((error as STSServiceException).$metadata.httpStatusCode).toBe(403);
    expect((error as Error).message).toBe(
      `User: arn:aws:iam::111111111111:user/admin is not authorized to perform: sts:AssumeRole on resource: ${roleArn(NO_ROLE)}`,
    );
  });

  it('refuses a wrong or missing ExternalId and accepts the right one', async () => {
    expect(
      (await assumeError({
        RoleArn: roleArn(WITH_EXTERNAL_ID),
        RoleSessionName: 'wrong',
        ExternalId: 'wrong-id',
      })) as Error,
    ).toHaveProperty('name', 'AccessDenied');
    expect(
      (await assumeError({ RoleArn: roleArn(WITH_EXTERNAL_ID), RoleSessionName: 'test' })) as Error,
    ).toHaveProperty('name', 'AccessDenied');
    const ok = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn(WITH_EXTERNAL_ID), RoleSessionName: 'test', ExternalId: 'expected-id' }),
    );
    expect(ok.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${WITH_EXTERNAL_ID}:assumed-role/OrganizationAccountAccessRole/test`,
    );
  });

  it('refuses a role before it is assumable and accepts it afterwards', async () => {
    expect(await assumeError({ RoleArn: roleArn(SLOW_ROLE), RoleSessionName: 'early' })).toHaveProperty(
      'name',
      'AccessDenied',
    );
    sim.clock.advance(60_000);
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(SLOW_ROLE), RoleSessionName: 'later' }));
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('gives credentials that act in the member account (fromTemporaryCredentials)', async () => {
    const member = new STSClient(sim.assumeRoleConfig(MEMBER));
    const identity = await member.send(new GetCallerIdentityCommand({}));
    member.destroy();
    expect(identity.Account).toBe(MEMBER);
    expect(identity.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/OrganizationAccountAccessRole/cisfleet-test`);
  });

  it('caps chained sessions at one hour with the real message', async () => {
    const first = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(MEMBER), RoleSessionName: 'hop1' }));
    const chained = clientWith(first.Credentials!);
    const error = await chained
      .send(
        new AssumeRoleCommand({
          RoleArn: roleArn(TRUSTS_MEMBER, 'Audit'),
          RoleSessionName: 'hop2',
          DurationSeconds: 7200,
        }),
      )
      .catch((e: unknown) => e);
    const withinLimit = await chained.send(
      new AssumeRoleCommand({
        RoleArn: roleArn(TRUSTS_MEMBER, 'Audit'),
        RoleSessionName: 'hop2',
        DurationSeconds: 3600,
      }),
    );
    chained.destroy();
    expect(withinLimit.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${TRUSTS_MEMBER}:assumed-role/Audit/hop2`);
    expect(error).toHaveProperty('name', 'ValidationError');
    expect((error as Error).message).toMatch(/exceeds the 1 hour session limit for roles assumed by role chaining/);
  });

  it('rejects DurationSeconds below 900', async () => {
    const error = await assumeError({ RoleArn: roleArn(MEMBER), RoleSessionName: 'short', DurationSeconds: 60 });
    expect(error).toHaveProperty('name', 'ValidationError');
  });

  // STS answers a request signed with expired credentials with the common ExpiredToken, 403 (its model's
  // ExpiredTokenException is for the token passed to AssumeRoleWith*): github.com/aws/aws-cli/issues/7870.
  it('answers ExpiredToken (403) once an assumed session has expired', async () => {
    const session = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn(MEMBER), RoleSessionName: 'expiring', DurationSeconds: 900 }),
    );
    const member = clientWith(session.Credentials!);
    sim.clock.advance(901_000);
    const error = await member.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    member.destroy();
    expect(error).toHaveProperty('name', 'ExpiredToken');
    expect(error).toHaveProperty('$metadata.httpStatusCode', 403);
  });

  it('rejects an unknown access key with InvalidClientTokenId', async () => {
    const stranger = new STSClient({
      endpoint: sim.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' },
    });
    const error = await stranger.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    stranger.destroy();
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error).toHaveProperty('name', 'InvalidClientTokenId');
    expect((error as STSServiceException).$metadata.httpStatusCode).toBe(403);
  });

  it('IAM GetRole, in the account of the caller: the role with its URL-encoded trust policy, or NoSuchEntity', async () => {
    const iam = new IAMClient(sim.assumeRoleConfig(TRUSTS_MEMBER, { roleName: 'Audit' }));
    try {
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'Audit' }));
      expect(Role).toMatchObject({
        RoleName: 'Audit',
        Arn: roleArn(TRUSTS_MEMBER, 'Audit'),
        MaxSessionDuration: 43200,
      });
      const policy = JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!));
      expect(policy.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111111111111:root', `arn:aws:iam::${MEMBER}:root`] },
          Action: 'sts:AssumeRole',
        },
      ]);
      const missing = await iam
        .send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }))
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(NoSuchEntityException);
      expect((missing as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
    } finally {
      iam.destroy();
    }
  });
});
