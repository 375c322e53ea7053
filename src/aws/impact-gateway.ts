import {
  EC2Client,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import type { AwsClientFactory } from './client-factory.js';
import type { Clock } from '../clock.js';
import { describeAwsError, withAwsErrors } from './errors.js';
import { every, pollUntil, sleepCountingClock } from './poll-until.js';
import type {
  AccessKeyState,
  GroupPermission,
  NetworkInterfaceState,
  SecurityGroupState,
  UserCredentials,
} from '../model/impact.js';

/** EC2 accepts at most 200 values in one filter. */
const FILTER_VALUES_MAX = 200;
/** GenerateCredentialReport polls: IAM builds a report in seconds. */
const REPORT_POLL_MS = 2000;
const REPORT_POLLS_MAX = 60;

/**
 * The reads of `cisfleet impact` in one member account (docs/commands/impact.md has the call plan): every
 * security group of a region in pages of 1,000, the interfaces of the default groups that would be emptied,
 * the credential report, and live reads of the few users it names.
 */
export class ImpactGateway {
  constructor(
    private readonly factory: AwsClientFactory,
    private readonly clock: Clock,
  ) {}

  /** `accountId` undefined: the account of the base credentials (the management account). */
  securityGroups(accountId: string | undefined, region: string): Promise<SecurityGroupState[]> {
    return withAwsErrors('DescribeSecurityGroups', async () => {
      const ec2 = this.factory.client(EC2Client, { ...(accountId ? { accountId } : {}), region });
      const groups: SecurityGroupState[] = [];
      for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, {})) {
        for (const g of page.SecurityGroups ?? []) {
          groups.push({
            groupId: g.GroupId ?? '',
            groupName: g.GroupName ?? '',
            vpcId: g.VpcId ?? '',
            tags: Object.fromEntries((g.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
            ingress: (g.IpPermissions ?? []).map(permissionOf),
            egress: (g.IpPermissionsEgress ?? []).map(permissionOf),
          });
        }
      }
      return groups;
    });
  }

  /** The interfaces using any of `groupIds` (filter group-id, 200 values a call). */
  interfacesUsing(
    accountId: string | undefined,
    region: string,
    groupIds: readonly string[],
  ): Promise<NetworkInterfaceState[]> {
    return withAwsErrors('DescribeNetworkInterfaces', async () => {
      const ec2 = this.factory.client(EC2Client, { ...(accountId ? { accountId } : {}), region });
      const out: NetworkInterfaceState[] = [];
      for (let i = 0; i < groupIds.length; i += FILTER_VALUES_MAX) {
        const Filters = [{ Name: 'group-id', Values: groupIds.slice(i, i + FILTER_VALUES_MAX) }];
        for await (const page of paginateDescribeNetworkInterfaces({ client: ec2, pageSize: 1000 }, { Filters })) {
          for (const e of page.NetworkInterfaces ?? []) {
            out.push({
              id: e.NetworkInterfaceId ?? '',
              description: e.Description ?? '',
              groupIds: (e.Groups ?? []).map((g) => g.GroupId ?? ''),
              ...(e.Attachment?.InstanceId ? { attachedTo: e.Attachment.InstanceId } : {}),
            });
          }
        }
      }
      return out;
    });
  }

  /** The credential report's CSV: GenerateCredentialReport until COMPLETE, then GetCredentialReport. */
  async credentialReport(accountId: string | undefined): Promise<string> {
    const iam = this.factory.client(IAMClient, accountId ? { accountId } : {});
    const generated = await pollUntil(
      async () =>
        (await withAwsErrors('GenerateCredentialReport', () => iam.send(new GenerateCredentialReportCommand({}))))
          .State,
      (state) => state === 'COMPLETE',
      // Bounded in polls, whatever the calls take: the clock counts only the sleeps between them.
      {
        timeoutMs: REPORT_POLLS_MAX * REPORT_POLL_MS,
        interval: every(REPORT_POLL_MS),
        clock: sleepCountingClock(this.clock.sleep),
      },
    );
    if (generated.status !== 'done')
      throw new Error(
        `the IAM credential report was still ${generated.value ?? 'not ready'} after ${REPORT_POLLS_MAX} polls`,
      );
    const { Content } = await withAwsErrors('GetCredentialReport', () => iam.send(new GetCredentialReportCommand({})));
    return Buffer.from(Content ?? new Uint8Array()).toString('utf8');
  }

  /**
   * One user's credentials, live: tags and password last use (GetUser), keys with ids (ListAccessKeys), each
   * key's last use (GetAccessKeyLastUsed), and whether the password still exists (GetLoginProfile, only when
   * the report said it did).
   */
  async userCredentials(
    accountId: string | undefined,
    userName: string,
    reportedPassword: boolean,
  ): Promise<UserCredentials | undefined> {
    const iam = this.factory.client(IAMClient, accountId ? { accountId } : {});
    const found = await withAwsErrors('GetUser', async () => {
      try {
        return { user: (await iam.send(new GetUserCommand({ UserName: userName }))).User };
      } catch (error) {
        // Deleted since the report was generated: nothing left to change.
        if (describeAwsError(error).name === 'NoSuchEntityException') return undefined;
        throw error;
      }
    });
    if (!found) return undefined;
    const { user } = found;
    const { AccessKeyMetadata: metadata = [] } = await withAwsErrors('ListAccessKeys', () =>
      iam.send(new ListAccessKeysCommand({ UserName: userName })),
    );
    const keys: AccessKeyState[] = [];
    for (const k of metadata) {
      const { AccessKeyLastUsed: used } = await withAwsErrors('GetAccessKeyLastUsed', () =>
        iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId })),
      );
      keys.push({
        id: k.AccessKeyId ?? '',
        status: k.Status === 'Active' ? 'Active' : 'Inactive',
        created: k.CreateDate ?? new Date(0),
        ...(used?.LastUsedDate ? { lastUsed: used.LastUsedDate } : {}),
        ...(used?.ServiceName && used.ServiceName !== 'N/A' ? { lastUsedService: used.ServiceName } : {}),
      });
    }
    const password = reportedPassword ? await this.loginProfileCreated(iam, userName) : undefined;
    return {
      userName,
      tags: Object.fromEntries((user?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      ...(password
        ? { password: { created: password, ...(user?.PasswordLastUsed ? { lastUsed: user.PasswordLastUsed } : {}) } }
        : {}),
      keys,
    };
  }

  private loginProfileCreated(iam: IAMClient, userName: string): Promise<Date | undefined> {
    return withAwsErrors('GetLoginProfile', async () => {
      try {
        return (await iam.send(new GetLoginProfileCommand({ UserName: userName }))).LoginProfile?.CreateDate;
      } catch (error) {
        if (describeAwsError(error).name === 'NoSuchEntityException') return undefined;
        throw error;
      }
    });
  }

  releaseAccount(accountId: string | undefined): void {
    if (accountId) this.factory.releaseAccount(accountId);
  }
}

function permissionOf(p: IpPermission): GroupPermission {
  return {
    protocol: p.IpProtocol ?? '-1',
    ...(p.FromPort !== undefined ? { fromPort: p.FromPort } : {}),
    ...(p.ToPort !== undefined ? { toPort: p.ToPort } : {}),
    sources: [
      ...(p.IpRanges ?? []).map((r) => ({ kind: 'cidr' as const, value: r.CidrIp ?? '' })),
      ...(p.Ipv6Ranges ?? []).map((r) => ({ kind: 'ipv6' as const, value: r.CidrIpv6 ?? '' })),
      ...(p.PrefixListIds ?? []).map((r) => ({ kind: 'prefix-list' as const, value: r.PrefixListId ?? '' })),
      ...(p.UserIdGroupPairs ?? []).map((r) => ({ kind: 'group' as const, value: r.GroupId ?? '' })),
    ],
  };
}
