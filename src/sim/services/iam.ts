/**
 * IAM: GetRole, the one IAM read cisfleet makes in member accounts. Before deploying a self-managed stack set to an
 * account it checks that the StackSets execution role exists and trusts the administration account. The trust
 * policy is rebuilt from the role's trusted accounts (and ExternalId) and URL-encoded, as IAM returns it.
 */
import { SimServiceError } from '../core/errors.js';
import type { ActionHandler, ServiceHandlers } from '../core/handler.js';
import type { SimRole } from '../model/types.js';
import { roleUniqueId } from './sts.js';

function trustPolicy(role: SimRole): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: role.trustedAccountIds.map((id) => `arn:aws:iam::${id}:root`) },
        Action: 'sts:AssumeRole',
        ...(role.externalId !== undefined ? { Condition: { StringEquals: { 'sts:ExternalId': role.externalId } } } : {}),
      },
    ],
  });
}

const getRole: ActionHandler = (world, { caller, input }) => {
  const name = String(input.RoleName ?? '');
  const role = world.accountIam(caller.accountId).roles.get(name);
  if (!role) throw new SimServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
  return {
    Role: {
      Path: '/',
      RoleName: role.name,
      RoleId: roleUniqueId(caller.accountId, role.name),
      Arn: `arn:aws:iam::${caller.accountId}:role/${role.name}`,
      AssumeRolePolicyDocument: encodeURIComponent(trustPolicy(role)),
      MaxSessionDuration: role.maxSessionDurationSeconds ?? 3600,
      // Required by IAM's model.
      CreateDate: new Date(role.createDate ?? world.org.accounts.get(caller.accountId)?.joinedTimestamp ?? world.now()),
    },
  };
};

/** IAM actions, by name. */
export const iamHandlers: ServiceHandlers = {
  GetRole: getRole,
};
