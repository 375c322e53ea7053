import {
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListDelegatedAdministrators,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClientFactory } from './client-factory.js';
import { describeAwsError, withAwsErrors } from './errors.js';
import type { CallerIdentity } from '../model/caller.js';

/**
 * The service principal CloudFormation StackSets registers its delegated administrators under (CloudFormation
 * User Guide, "Register a delegated administrator").
 */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/**
 * Who the base credentials are and which organization they belong to: GetCallerIdentity, DescribeOrganization
 * and, when asked, whether the account is a StackSets delegated administrator. Reads only.
 */
export async function readCaller(
  factory: AwsClientFactory,
  options: { delegatedAdmin: boolean },
): Promise<CallerIdentity> {
  const identity = await withAwsErrors('GetCallerIdentity', () =>
    factory.client(STSClient).send(new GetCallerIdentityCommand({})),
  );
  const organizations = factory.client(OrganizationsClient, { region: 'us-east-1' });
  const organization = await withAwsErrors('DescribeOrganization', async () => {
    try {
      return (await organizations.send(new DescribeOrganizationCommand({}))).Organization;
    } catch (error) {
      // The account belongs to no organization: a mismatch to report, not a failure.
      if (describeAwsError(error).name === 'AWSOrganizationsNotInUseException') return undefined;
      throw error;
    }
  });
  const caller: CallerIdentity = {
    accountId: identity.Account ?? '',
    arn: identity.Arn ?? '',
    ...(organization?.Id ? { organizationId: organization.Id } : {}),
    ...(organization?.MasterAccountId ? { managementAccountId: organization.MasterAccountId } : {}),
  };
  if (!options.delegatedAdmin || !organization || caller.accountId === caller.managementAccountId) return caller;
  const admins = await withAwsErrors('ListDelegatedAdministrators', async () => {
    const ids: string[] = [];
    for await (const page of paginateListDelegatedAdministrators(
      { client: organizations },
      { ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL },
    )) {
      ids.push(...(page.DelegatedAdministrators ?? []).flatMap((a) => (a.Id ? [a.Id] : [])));
    }
    return ids;
  });
  return { ...caller, stackSetsDelegatedAdmin: admins.includes(caller.accountId) };
}
