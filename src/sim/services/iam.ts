/**
 * IAM reads cisfleet makes in member accounts: GetRole (before deploying a self-managed stack set to an account it
 * checks that the StackSets execution role exists and trusts the administration account), and for `cisfleet
 * impact` the credential report, GetUser, ListAccessKeys, GetAccessKeyLastUsed and GetLoginProfile. The trust
 * policy is rebuilt from the role's trusted accounts (and ExternalId) and URL-encoded, as IAM returns it.
 */
import { SimServiceError } from '../core/errors.js';
import type { ActionHandler, ServiceHandlers } from '../core/handler.js';
import { textOf } from '../core/input-values.js';
import type { SimIamUser, SimRole } from '../model/types.js';
import type { World } from '../model/world.js';
import { roleUniqueId } from './sts.js';

function trustPolicy(role: SimRole): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: role.trustedAccountIds.map((id) => `arn:aws:iam::${id}:root`) },
        Action: 'sts:AssumeRole',
        ...(role.externalId !== undefined
          ? { Condition: { StringEquals: { 'sts:ExternalId': role.externalId } } }
          : {}),
      },
    ],
  });
}

const getRole: ActionHandler = (world, { caller, input }) => {
  const name = textOf(input.RoleName) ?? '';
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

const HOURS_4 = 4 * 60 * 60 * 1000;
const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
/** IAM dates have whole seconds; the simulator's are milliseconds. */
export const iamDate = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);

const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

/** The credential report's CSV as IAM writes it: the root account first, `N/A` where nothing applies. */
function credentialReportCsv(accountId: string, users: Iterable<SimIamUser>): string {
  const rows = [REPORT_COLUMNS.join(',')];
  const root = [
    '<root_account>',
    `arn:aws:iam::${accountId}:root`,
    iso(0),
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    'true',
  ];
  rows.push(
    [
      ...root,
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'false',
      'N/A',
    ].join(','),
  );
  for (const user of users) {
    const hasPassword = user.passwordLastUsed !== undefined;
    const passwordLastUsed = !hasPassword
      ? 'N/A'
      : user.passwordLastUsed === 'never'
        ? 'no_information'
        : iso(user.passwordLastUsed as number);
    const keys = [...user.accessKeys].sort((a, b) => a.createDate - b.createDate);
    const keyColumns = [0, 1].flatMap((i) => {
      const key = keys[i];
      if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
      const used = key.lastUsedDate !== undefined;
      return [
        String(key.status === 'Active'),
        iso(key.createDate),
        used ? iso(key.lastUsedDate!) : 'N/A',
        used ? 'us-east-1' : 'N/A',
        used ? (key.lastUsedService ?? 's3') : 'N/A',
      ];
    });
    rows.push(
      [
        user.userName,
        user.arn,
        iso(user.createDate),
        String(hasPassword),
        passwordLastUsed,
        hasPassword ? iso(user.passwordCreateDate ?? user.createDate) : 'N/A',
        'N/A',
        'false',
        ...keyColumns,
        'false',
        'N/A',
        'false',
        'N/A',
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

/**
 * GenerateCredentialReport: a new snapshot unless the last one is under 4 hours old (then COMPLETE, as IAM
 * answers). The simulator builds it at once; IAM takes seconds, so callers poll until COMPLETE either way.
 */
const generateCredentialReport: ActionHandler = (world, { caller }) => {
  const iam = world.accountIam(caller.accountId);
  const now = world.now();
  if (iam.credentialReport && now - iam.credentialReport.generatedAt < HOURS_4) return { State: 'COMPLETE' };
  iam.credentialReport = { generatedAt: now, csv: credentialReportCsv(caller.accountId, iam.users.values()) };
  return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
};

const getCredentialReport: ActionHandler = (world, { caller }) => {
  const report = world.accountIam(caller.accountId).credentialReport;
  if (!report)
    throw new SimServiceError(
      'ReportNotPresent',
      'Credential report not present. Use GenerateCredentialReport to generate a report.',
      410,
    );
  if (world.now() - report.generatedAt >= HOURS_4)
    throw new SimServiceError(
      'ReportExpired',
      'Credential report is expired. Use GenerateCredentialReport to generate a new report.',
      410,
    );
  return {
    Content: Buffer.from(report.csv).toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: iamDate(report.generatedAt),
  };
};

export function userNamed(world: World, accountId: string, name: unknown): SimIamUser {
  const user = world.accountIam(accountId).users.get(textOf(name) ?? '');
  if (!user) throw new SimServiceError('NoSuchEntity', `The user with name ${String(name)} cannot be found.`, 404);
  return user;
}

const getUser: ActionHandler = (world, { caller, input }) => {
  const user = userNamed(world, caller.accountId, input.UserName);
  const tags = Object.entries(user.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    User: {
      Path: '/',
      UserName: user.userName,
      UserId: user.userId,
      Arn: user.arn,
      CreateDate: iamDate(user.createDate),
      PasswordLastUsed: typeof user.passwordLastUsed === 'number' ? iamDate(user.passwordLastUsed) : undefined,
      Tags: tags.length > 0 ? tags : undefined,
    },
  };
};

/** ListAccessKeys: a user has at most two keys, so one page always holds them. */
const listAccessKeys: ActionHandler = (world, { caller, input }) => {
  const user = userNamed(world, caller.accountId, input.UserName);
  return {
    AccessKeyMetadata: user.accessKeys.map((k) => ({
      UserName: user.userName,
      AccessKeyId: k.id,
      Status: k.status,
      CreateDate: iamDate(k.createDate),
    })),
    IsTruncated: false,
  };
};

const getAccessKeyLastUsed: ActionHandler = (world, { caller, input }) => {
  const id = textOf(input.AccessKeyId) ?? '';
  for (const user of world.accountIam(caller.accountId).users.values()) {
    const key = user.accessKeys.find((k) => k.id === id);
    if (!key) continue;
    // IAM answers N/A for the service and region of a key never used, and leaves the date out.
    const used = key.lastUsedDate !== undefined;
    return {
      UserName: user.userName,
      AccessKeyLastUsed: {
        LastUsedDate: used ? iamDate(key.lastUsedDate!) : undefined,
        ServiceName: used ? (key.lastUsedService ?? 's3') : 'N/A',
        Region: used ? 'us-east-1' : 'N/A',
      },
    };
  }
  throw new SimServiceError('AccessDenied', `The access key ${id} does not belong to this account.`, 403);
};

const getLoginProfile: ActionHandler = (world, { caller, input }) => {
  const user = userNamed(world, caller.accountId, input.UserName);
  if (user.passwordLastUsed === undefined)
    throw new SimServiceError('NoSuchEntity', `The user with name ${user.userName} cannot be found.`, 404);
  return {
    LoginProfile: {
      UserName: user.userName,
      CreateDate: iamDate(user.passwordCreateDate ?? user.createDate),
      PasswordResetRequired: false,
    },
  };
};

/** IAM actions, by name. */
export const iamHandlers: ServiceHandlers = {
  GetRole: getRole,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  GetUser: getUser,
  ListAccessKeys: listAccessKeys,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  GetLoginProfile: getLoginProfile,
};
