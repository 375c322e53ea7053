import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClientFactory } from './client-factory.js';
import { describeAwsError, withAwsErrors } from './errors.js';
import type { ExecutionRoleState } from '../model/execution-role.js';
import type { RecorderState } from '../model/recorder.js';

/** Calls cisfleet makes inside a member account, through the member role. */
export class MemberGateway {
  constructor(private readonly factory: AwsClientFactory) {}

  /** Assumes the member role and asks who we are: proves the account is reachable. */
  whoAmI(accountId: string): Promise<{ account: string; arn: string }> {
    return withAwsErrors('GetCallerIdentity', async () => {
      const sts = this.factory.client(STSClient, { accountId });
      const id = await sts.send(new GetCallerIdentityCommand({}));
      return { account: id.Account ?? '', arn: id.Arn ?? '' };
    });
  }

  async recorderState(accountId: string, region: string): Promise<RecorderState> {
    const config = this.factory.client(ConfigServiceClient, { accountId, region });
    const [recorders, channels] = await Promise.all([
      withAwsErrors('DescribeConfigurationRecorders', () => config.send(new DescribeConfigurationRecordersCommand({}))),
      withAwsErrors('DescribeDeliveryChannels', () => config.send(new DescribeDeliveryChannelsCommand({}))),
    ]);
    return {
      recorderName: recorders.ConfigurationRecorders?.[0]?.name,
      deliveryChannelName: channels.DeliveryChannels?.[0]?.name,
    };
  }

  /** The StackSets execution role of a self-managed stack set in the account: does it exist, whom does it trust. */
  executionRole(accountId: string, roleName: string): Promise<ExecutionRoleState> {
    return withAwsErrors('GetRole', async () => {
      const iam = this.factory.client(IAMClient, { accountId });
      try {
        const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
        return { exists: true, trustedAccounts: trustedAccountsOf(role?.AssumeRolePolicyDocument ?? '') };
      } catch (error) {
        if (describeAwsError(error).name === 'NoSuchEntityException') return { exists: false };
        throw error;
      }
    });
  }

  releaseAccount(accountId: string): void {
    this.factory.releaseAccount(accountId);
  }
}

const ACCOUNT_PRINCIPAL = /^(?:arn:aws[a-z-]*:(?:iam|sts)::)?(\d{12})(?::|$)/;

/**
 * The accounts a role's trust policy lets assume it with sts:AssumeRole: the account of each AWS principal
 * (`123456789012`, `arn:aws:iam::123456789012:root`, a role or user ARN) of the Allow statements. IAM returns
 * the document URL-encoded. Deny statements and conditions are not weighed: this is a preflight hint, and
 * StackSets has the last word.
 */
export function trustedAccountsOf(encodedDocument: string): string[] | 'any' {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(decodeURIComponent(encodedDocument)) as { Statement?: unknown };
  } catch {
    return [];
  }
  const statements = [document.Statement ?? []].flat() as Array<{
    Effect?: string;
    Action?: string | string[];
    Principal?: unknown;
  }>;
  const accounts = new Set<string>();
  for (const statement of statements) {
    const actions = [statement.Action ?? []].flat();
    if (statement.Effect !== 'Allow' || !actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*'))
      continue;
    if (statement.Principal === '*') return 'any';
    const aws = (statement.Principal as { AWS?: string | string[] } | undefined)?.AWS;
    for (const principal of [aws ?? []].flat()) {
      if (principal === '*') return 'any';
      const account = ACCOUNT_PRINCIPAL.exec(principal)?.[1];
      if (account) accounts.add(account);
    }
  }
  return [...accounts];
}
