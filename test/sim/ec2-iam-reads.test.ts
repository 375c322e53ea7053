/** The simulator's EC2 (ec2 protocol) and IAM reads that `cisfleet impact` makes, through the real SDK clients. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { only } from '../helpers/elements.js';

const ACCOUNT = '222222222222';

describe('simulator EC2 and IAM reads', () => {
  let sim: TestSimulator;
  let ec2: EC2Client;
  let iam: IAMClient;
  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder().account(ACCOUNT, {
        regions: {
          'us-east-1': {
            securityGroups: [
              {
                name: 'bastion',
                ingress: [
                  { protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' },
                  { protocol: 'tcp', ports: 443, prefixList: 'pl-0123' },
                ],
                tags: { 'cisfleet:exempt': 'yes' },
              },
              { name: 'web', ingress: [{ protocol: 'tcp', ports: 443, ipv6: '::/0' }] },
            ],
            networkInterfaces: [
              { description: 'app', groups: ['default', 'web'], attachedTo: 'i-1' },
              { description: 'spare', groups: ['web'] },
            ],
          },
        },
        iamUsers: [
          {
            name: 'alice',
            tags: { team: 'a,b' },
            accessKeys: [{ ageDays: 100, lastUsedDaysAgo: 3, lastUsedService: 'ec2' }, { ageDays: 5 }],
            password: { ageDays: 50, lastUsedDaysAgo: 1 },
          },
          { name: 'bot', accessKeys: [{ ageDays: 10, status: 'Inactive' }] },
        ],
      }),
    );
    ec2 = new EC2Client(sim.assumeRoleConfig(ACCOUNT));
    iam = new IAMClient(sim.assumeRoleConfig(ACCOUNT));
  });
  afterAll(async () => {
    ec2.destroy();
    iam.destroy();
    await sim.stop();
  });

  it('describes security groups with rules, tags and filters', async () => {
    const all = await ec2.send(new DescribeSecurityGroupsCommand({}));
    expect(all.SecurityGroups!.map((g) => g.GroupName).sort()).toEqual(['bastion', 'default', 'web']);
    const tagged = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['cisfleet:exempt'] }] }),
    );
    expect(tagged.SecurityGroups).toEqual([
      expect.objectContaining({
        GroupName: 'bastion',
        VpcId: expect.stringMatching(/^vpc-/),
        Tags: [{ Key: 'cisfleet:exempt', Value: 'yes' }],
        IpPermissions: [
          expect.objectContaining({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
          expect.objectContaining({ FromPort: 443, PrefixListIds: [{ PrefixListId: 'pl-0123' }] }),
        ],
      }),
    ]);
    const byName = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['we*', 'nothing'] }] }),
    );
    expect(byName.SecurityGroups!.map((g) => g.GroupName)).toEqual(['web']);
  });

  it('pages with MaxResults 5–1000 and answers EC2 errors the SDK understands', async () => {
    const page = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }));
    expect(page.SecurityGroups).toHaveLength(3);
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 4 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-000'] }))).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('refuses a NextToken it did not issue with InvalidParameterValue, as EC2 does (was InvalidNextToken, not an EC2 code)', async () => {
    await expect(
      ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: 'not-a-token' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Value ( not-a-token ) for parameter NextToken is invalid. The token is invalid.',
    });
  });

  it('finds the interfaces using a group', async () => {
    const { SecurityGroups } = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['web'] }] }),
    );
    const web = only(SecurityGroups ?? [], 'group named web').GroupId!;
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [web] }] }),
    );
    expect(NetworkInterfaces!.map((e) => [e.Description, e.Status, e.Attachment?.InstanceId]).sort()).toEqual([
      ['app', 'in-use', 'i-1'],
      ['spare', 'available', undefined],
    ]);
  });

  it('generates a credential report once per 4 hours and serves it as CSV', async () => {
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotPresentException',
    });
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const { Content, ReportFormat } = await iam.send(new GetCredentialReportCommand({}));
    expect(ReportFormat).toBe('text/csv');
    const lines = Buffer.from(Content!).toString('utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^user,arn,user_creation_time,password_enabled,password_last_used/);
    expect(lines.find((l) => l.startsWith('alice,'))).toMatch(
      /,true,\d{4}-.*,true,\d{4}-[^,]*,\d{4}-[^,]*,us-east-1,ec2,true,/,
    );
    // Four hours on (moving the report back keeps the member session valid).
    sim.world.accountIam(ACCOUNT).credentialReport!.generatedAt -= 4 * 3600_000;
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportExpiredException',
    });
  });

  it('reads a user live: tags, keys, last use, login profile', async () => {
    const { User } = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    expect(User).toMatchObject({
      UserName: 'alice',
      Tags: [{ Key: 'team', Value: 'a,b' }],
      PasswordLastUsed: expect.any(Date),
    });
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(AccessKeyMetadata).toHaveLength(2);
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKeyMetadata![0]!.AccessKeyId }));
    expect(used.AccessKeyLastUsed).toMatchObject({ ServiceName: 'ec2', LastUsedDate: expect.any(Date) });
    const never = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKeyMetadata![1]!.AccessKeyId }));
    expect(never.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
    await expect(iam.send(new GetLoginProfileCommand({ UserName: 'bot' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
    expect((await iam.send(new GetLoginProfileCommand({ UserName: 'alice' }))).LoginProfile?.UserName).toBe('alice');
  });
});
