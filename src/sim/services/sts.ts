/**
 * STS: who am I, and AssumeRole into member accounts with the checks AWS makes (role exists, trust,
 * ExternalId, propagation delay, session duration and role chaining).
 */
import { SimServiceError } from '../core/errors.js';
import type { ActionHandler, ServiceHandlers } from '../core/handler.js';
import { textOf } from '../core/input-values.js';
import { randomId, randomSecret, stableId } from '../core/ids.js';
import type { SimSession } from '../model/types.js';
import type { World } from '../model/world.js';

const DEFAULT_DURATION_SECONDS = 3600;
const MIN_DURATION_SECONDS = 900;
const CHAINED_MAX_SECONDS = 3600;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function validationError(message: string): SimServiceError {
  return new SimServiceError('ValidationError', message);
}

/** The unique id AWS gives a role (AROA…), stable for an account and role name. */
export function roleUniqueId(accountId: string, roleName: string): string {
  return stableId('AROA', `${accountId}/${roleName}`);
}

const getCallerIdentity: ActionHandler = (_world, { caller }) => ({
  UserId: caller.userId,
  Account: caller.accountId,
  Arn: caller.arn,
});

function requestedDuration(raw: unknown, caller: SimSession, roleMax: number): number {
  const duration = raw === undefined || raw === '' ? DEFAULT_DURATION_SECONDS : Number(raw);
  if (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS) {
    throw validationError(
      `1 validation error detected: Value '${String(raw)}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`,
    );
  }
  if (caller.roleName !== undefined && duration > CHAINED_MAX_SECONDS) {
    throw validationError(
      `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`,
    );
  }
  if (duration > roleMax) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return duration;
}

/** Whether the caller may assume the role now; AWS answers every refusal with the same AccessDenied. */
function mayAssume(
  world: World,
  caller: SimSession,
  accountId: string,
  roleName: string,
  externalId: unknown,
): boolean {
  const role = world.accountIam(accountId).roles.get(roleName);
  if (!role) return false;
  if (!role.trustedAccountIds.includes(caller.accountId)) return false;
  if (role.assumableAt !== undefined && world.now() < role.assumableAt) return false;
  if (role.externalId !== undefined && externalId !== role.externalId) return false;
  return true;
}

const assumeRole: ActionHandler = (world, { caller, input }) => {
  const roleArn = textOf(input.RoleArn) ?? '';
  const sessionName = textOf(input.RoleSessionName) ?? '';
  const arnMatch = ROLE_ARN.exec(roleArn);
  if (!arnMatch) throw validationError(`${roleArn} is invalid`);
  if (!SESSION_NAME.test(sessionName)) {
    throw validationError(
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const [, accountId, roleName] = arnMatch as unknown as [string, string, string];
  if (!mayAssume(world, caller, accountId, roleName, input.ExternalId)) {
    throw new SimServiceError(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
  const role = world.accountIam(accountId).roles.get(roleName)!;
  const duration = requestedDuration(input.DurationSeconds, caller, role.maxSessionDurationSeconds ?? 3600);
  const assumedRoleId = `${roleUniqueId(accountId, roleName)}:${sessionName}`;
  const session: SimSession = {
    accessKeyId: randomId('ASIA'),
    secretAccessKey: randomSecret(),
    sessionToken: randomSecret(120),
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    userId: assumedRoleId,
    roleName,
    expiration: world.now() + duration * 1000,
  };
  world.sessions.set(session.accessKeyId, session);
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(session.expiration!),
    },
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: session.arn },
  };
};

/** STS actions, by name. */
export const stsHandlers: ServiceHandlers = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};
