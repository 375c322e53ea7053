/**
 * Step 2 of loading accounts.yaml: the zod schema. Every field is described (the descriptions become the
 * JSON Schema in docs/accounts.schema.json and the reference in docs/accounts-yaml.md), objects are strict
 * so a misspelt key is an error, and plain defaults live here. Defaults that depend on another field
 * (operation preferences given as a count or a percentage, auto-deployment under a permission model) are
 * applied by normalise.ts, after the cross-field rules can still see what the user wrote.
 */
import { z } from 'zod';
import { echoValue } from '../safe-text.js';
import {
  CONTROL_IDS,
  CONTROL_MODES,
  CONTROLS,
  DEFAULT_RESOURCE_PREFIX,
  type ControlDefinition,
  type ControlId,
  type ControlMode,
} from '../controls/catalog.js';
import {
  NUMBER_PARAMETER_BOUNDS,
  RESERVED_DOCUMENT_PREFIXES,
  RESOURCE_PREFIX_LENGTH,
  type BoundedParameter,
} from '../controls/parameter-constraints.js';
import { REGION_NAMES, type RegionName } from '../controls/regions.js';
import { didYouMean } from './suggest.js';

/** The only version of the file format so far. */
export const CONFIG_VERSION = 1;

// ── Building blocks ────────────────────────────────────────────────────────────────────────────────────

const accountId = z
  .string({
    // YAML reads an unquoted 012345678901 as the number 12345678901: the leading zero is gone for good.
    error: (issue) =>
      typeof issue.input === 'number'
        ? `${issue.input} is a number in YAML, which drops leading zeros: quote it ("${String(issue.input).padStart(12, '0')}")`
        : undefined,
  })
  .regex(/^\d{12}$/, {
    error: (issue) => `"${echoValue(String(issue.input))}" is not an AWS account id (12 digits, quoted)`,
  })
  .describe('An AWS account id: 12 digits, quoted so YAML keeps it a string.');

const region = z.enum(REGION_NAMES, {
  error: (issue) =>
    `"${echoValue(String(issue.input))}" is not an AWS region${didYouMean(String(issue.input), REGION_NAMES)}`,
});

/** IAM role and session names share this character set. */
const IAM_NAME = /^[\w+=,.@-]+$/;

const roleName = z
  .string()
  .min(1)
  .max(64)
  .regex(IAM_NAME, { error: 'an IAM role name uses letters, digits and + = , . @ _ - only' });

const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_PATH = /^\/Root(\/(?:[^/\\]|\\.)+)*$/;

/** An OU given by id (`ou-…`), the root by id (`r-…`), or an OU path from the root (`/Root/Workloads`). */
export function isOuId(value: string): boolean {
  return OU_ID.test(value) || ROOT_ID.test(value);
}

const organizationalUnit = z
  .string()
  .refine((v) => isOuId(v) || OU_PATH.test(v), {
    error: (issue) =>
      `"${echoValue(String(issue.input))}" is neither an OU id (ou-abcd-12345678), a root id (r-abcd) nor an OU path (/Root/Workloads)` +
      (String(issue.input).endsWith('/') ? ': drop the trailing slash' : ''),
  })
  .describe(
    'An OU id (`ou-…`), the root id (`r-…`), or a path of OU names from the root (`/Root/Workloads/Prod`). A `/` or `\\` inside an OU name is written `\\/` or `\\\\` (`/Root/Prod\\/Evil` is the OU named `Prod/Evil`); a path that fits more than one OU is refused with their ids.',
  );

/** IAM and AWS resource tag rules: the `aws:` prefix is reserved. */
const tagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, { error: 'a tag key uses letters, digits, spaces and _ . : / = + - @ only' })
  .refine((v) => !v.toLowerCase().startsWith('aws:'), { error: 'tag keys starting with "aws:" are reserved by AWS' });

const tagValue = z
  .string()
  .max(256)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, {
    error: 'a tag value uses letters, digits, spaces and _ . : / = + - @ only',
  });

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'write the date as YYYY-MM-DD' })
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      error: (issue) => `${echoValue(String(issue.input))} is not a calendar date`,
    },
  );

/** An integer the template takes as a Number parameter: its bounds are the template's MinValue and MaxValue. */
const bounded = (parameter: BoundedParameter, what: string, fallback: number) => {
  const { min, max } = NUMBER_PARAMETER_BOUNDS[parameter];
  return z
    .int()
    .min(min, { error: `${what}: at least ${min} (template parameter ${parameter})` })
    .max(max, { error: `${what}: at most ${max} (template parameter ${parameter} allows ${min}–${max})` })
    .default(fallback)
    .describe(`${what} (${min}–${max}). Default ${fallback}.`);
};

// ── Sections ───────────────────────────────────────────────────────────────────────────────────────────

const organization = z
  .strictObject({
    managementAccountId: accountId.describe(
      "The organization management account. Before anything changes (rollout, onboard; also shown by org and in every plan), cisfleet asks AWS who the credentials are (sts:GetCallerIdentity, organizations:DescribeOrganization) and stops with exit 2, naming both ids, unless the organization's management account is this one. It identifies the organization: an account is the management account of one organization only, so no organization id is needed. Stack instances never go to it (a SERVICE_MANAGED stack set cannot); see targets.includeManagementAccount.",
    ),
    runsFrom: z
      .enum(['management', 'delegatedAdmin'])
      .default('management')
      .describe(
        'Where cisfleet runs: `management` (StackSet calls with CallAs SELF) or `delegatedAdmin`, a member account registered as CloudFormation StackSets delegated administrator (every StackSet call then uses CallAs DELEGATED_ADMIN). Default management.',
      ),
    delegatedAdminAccountId: accountId
      .optional()
      .describe(
        'With runsFrom: delegatedAdmin, the delegated administrator account. Before anything changes, cisfleet checks that the credentials belong to it and that organizations:ListDelegatedAdministrators lists it for member.org.stacksets.cloudformation.amazonaws.com (exit 2 with the register command otherwise). With runsFrom: management, the credentials must be those of managementAccountId.',
      ),
    homeRegion: region.describe(
      'The region where the stack set lives and where the IAM rules (access keys, unused credentials) and global-resource recording run. Must be one of `regions`.',
    ),
  })
  .describe('The AWS Organization cisfleet works in.');

const onboardAccount = z
  .strictObject({
    name: z.string().min(1).max(50).describe('Account name (1–50 characters), as CreateAccount takes it.'),
    email: z
      .string()
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'an account needs its own email address (name@example.com)' })
      .max(64)
      .describe('The root user email; unique across all AWS accounts.'),
    organizationalUnit: organizationalUnit.describe(
      'Where to move the new account; it should be under one of `targets.organizationalUnits`.',
    ),
  })
  .describe('An account `cisfleet onboard` creates and moves into an OU.');

const targets = z
  .strictObject({
    organizationalUnits: z
      .array(organizationalUnit)
      .default([])
      .describe(
        'OUs whose accounts (nested OUs included) get the remediation stack set. By id (`ou-…`, `r-…`) or path (`/Root/Workloads`); in a path, a `/` inside an OU name is written `\\/` (`/Root/Prod\\/Evil`), and a path that fits more than one OU is refused naming the OU ids to use. Default none.',
      ),
    includeAccounts: z
      .array(accountId)
      .default([])
      .describe(
        'Extra accounts outside the targeted OUs (SERVICE_MANAGED) or the accounts to deploy to (SELF_MANAGED). Default none.',
      ),
    excludeAccounts: z
      .array(accountId)
      .default([])
      .describe(
        'Accounts never deployed to, even inside a targeted OU (e.g. a break-glass or Control Tower log archive account). Default none.',
      ),
    includeManagementAccount: z
      .boolean()
      .default(true)
      .describe(
        'Deploy the same template to the management account as a plain stack: a SERVICE_MANAGED stack set never reaches it, and it is the account that most needs the controls. Default true.',
      ),
    onboard: z.array(onboardAccount).default([]).describe('Accounts to create with `cisfleet onboard`. Default none.'),
  })
  .prefault({})
  .describe('Which accounts get the controls.');

const memberRole = z
  .strictObject({
    name: roleName
      .default('OrganizationAccountAccessRole')
      .describe(
        'The role cisfleet assumes in each member account for preflight checks and reports. Default OrganizationAccountAccessRole (pre-created in accounts made by CreateAccount; invited accounts need it created). Control Tower: AWSControlTowerExecution.',
      ),
    externalId: z
      .string()
      .min(2, { error: 'an ExternalId has 2–1224 characters' })
      .max(1224, { error: 'an ExternalId has 2–1224 characters' })
      .regex(/^[\w+=,.@:/-]+$/, { error: 'an ExternalId uses letters, digits and + = , . @ : / - _ only (no spaces)' })
      .optional()
      .describe(
        'Sent as sts:ExternalId when the role trust policy requires one (2–1224 characters of letters, digits and + = , . @ : / - _). Default none.',
      ),
    sessionDurationSeconds: z
      .int()
      .min(900)
      .max(43200)
      .default(3600)
      .describe(
        'AssumeRole DurationSeconds (900–43200, default 3600). Above 3600 fails when cisfleet itself runs with role credentials (SSO, an assumed role): role chaining caps sessions at one hour.',
      ),
    sessionName: z
      .string()
      .min(2)
      .max(64)
      .regex(IAM_NAME, { error: 'a session name uses letters, digits and + = , . @ _ - only' })
      .default('cisfleet')
      .describe('RoleSessionName, visible in CloudTrail (2–64 characters). Default cisfleet.'),
  })
  .prefault({})
  .describe('The role cisfleet assumes in member accounts (never used to deploy: the stack set does that).');

const operationPreferences = z
  .strictObject({
    regionConcurrencyType: z
      .enum(['PARALLEL', 'SEQUENTIAL'])
      .default('PARALLEL')
      .describe(
        'Deploy regions in PARALLEL (default: the template is the same everywhere, so one region teaches nothing about the next) or SEQUENTIAL.',
      ),
    regionOrder: z
      .array(region)
      .optional()
      .describe('Region order for SEQUENTIAL deployments. Ignored by auto-deployment.'),
    maxConcurrentCount: z
      .int()
      .min(1)
      .optional()
      .describe('Accounts deployed at once per region, as a count. Give this or maxConcurrentPercentage, not both.'),
    maxConcurrentPercentage: z
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Accounts deployed at once per region, as a percentage (rounded down, at least 1). Default 25 when no count is given.',
      ),
    failureToleranceCount: z
      .int()
      .min(0)
      .optional()
      .describe(
        'Failed accounts per region before the operation stops there. Give this or failureTolerancePercentage, not both.',
      ),
    failureTolerancePercentage: z
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe(
        'Failed accounts per region, as a percentage (rounded down), before the operation stops there. Default 10 when no count is given.',
      ),
    concurrencyMode: z
      .enum(['SOFT_FAILURE_TOLERANCE', 'STRICT_FAILURE_TOLERANCE'])
      .default('SOFT_FAILURE_TOLERANCE')
      .describe(
        'SOFT_FAILURE_TOLERANCE (default) keeps maxConcurrent accounts in flight whatever fails; STRICT_FAILURE_TOLERANCE lowers concurrency as failures add up and needs maxConcurrentCount ≤ failureToleranceCount + 1.',
      ),
  })
  .prefault({})
  .describe('How a stack set operation rolls out (StackSetOperationPreferences). Auto-deployment ignores these.');

const stackSet = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, {
        error: 'a stack set name starts with a letter and uses letters, digits and - only',
      })
      .default('cisfleet-cis-remediation')
      .describe('The stack set name (letters, digits, -; starts with a letter). Default cisfleet-cis-remediation.'),
    permissionModel: z
      .enum(['SERVICE_MANAGED', 'SELF_MANAGED'])
      .default('SERVICE_MANAGED')
      .describe(
        'SERVICE_MANAGED (default): Organizations trusted access creates the roles and can deploy to new accounts automatically. SELF_MANAGED: you create the administration and execution roles; targets are account ids.',
      ),
    administrationRoleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, {
        error: 'expected an IAM role ARN (arn:aws:iam::123456789012:role/Name)',
      })
      .optional()
      .describe(
        'SELF_MANAGED only: the administration role. Default arn:aws:iam::<account>:role/AWSCloudFormationStackSetAdministrationRole.',
      ),
    executionRoleName: roleName
      .optional()
      .describe(
        'SELF_MANAGED only: the execution role in each target. Default AWSCloudFormationStackSetExecutionRole.',
      ),
    autoDeployment: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe('Deploy to accounts that join a targeted OU, remove from accounts that leave. Default true.'),
        retainStacksOnAccountRemoval: z
          .boolean()
          .optional()
          .describe(
            'Keep the stack (and the controls) in an account that leaves the targeted OUs. Only with enabled: true. Default false.',
          ),
      })
      .optional()
      .describe('SERVICE_MANAGED only. Default enabled, stacks removed with the account.'),
    managedExecution: z
      .boolean()
      .default(true)
      .describe('Queue conflicting operations instead of failing with OperationInProgressException. Default true.'),
    operationPreferences,
    tags: z
      .record(tagKey, tagValue)
      .default({})
      .describe(
        'Tags on the stack set (and so on its stacks). The resource tag (resourceTag) is added to the template resources separately. Default none.',
      ),
  })
  .prefault({})
  .describe('The CloudFormation stack set that carries the controls.');

const configRecorder = z
  .strictObject({
    mode: z
      .enum(['auto', 'create', 'skip'])
      .default('auto')
      .describe(
        'auto (default): cisfleet looks for an existing recorder in each account and region (Control Tower, Landing Zone Accelerator) and creates one only where none exists. create: always create (fails where one exists: one recorder per account and region). skip: never create; rules only evaluate where a recorder already runs.',
      ),
    delivery: z
      .strictObject({
        centralBucketName: z
          .string()
          .min(3)
          .max(63)
          .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, {
            error:
              'an S3 bucket name uses lowercase letters, digits, . and - and starts and ends with a letter or digit',
          })
          .optional()
          .describe(
            'A central S3 bucket (e.g. in the log archive account) whose policy lets config.amazonaws.com write for every member account. Default: each account gets its own bucket.',
          ),
        keyPrefix: z
          .string()
          .max(256)
          .regex(/^[^/].*[^/]$|^[^/]$/, { error: 'write the prefix without leading or trailing slashes' })
          .optional()
          .describe('Object key prefix in the bucket, without slashes at either end. Default none.'),
      })
      .prefault({})
      .describe('Where the recorders cisfleet creates deliver configuration snapshots.'),
  })
  .prefault({})
  .describe('AWS Config recorder handling: the rules only evaluate where a recorder runs.');

const controlMode = (control: ControlDefinition) => {
  const fallback = control.defaultMode;
  return z
    .enum(CONTROL_MODES as [string, ...string[]])
    .default(fallback)
    .describe(
      `AUTO remediates automatically, MANUAL sets remediation up to run on demand, DETECT only reports. Default ${fallback}: preview AUTO with cisfleet impact, then opt in here.`,
    );
};

/** Each control's own parameters; a control added to the catalog fails to compile here until it has an entry. */
const CONTROL_PARAMETERS: { [id in ControlId]: z.ZodRawShape } = {
  'default-sg-closed': {},
  'admin-ports-closed': {},
  'access-keys-rotated': {
    maxAccessKeyAge: bounded('MaxAccessKeyAge', 'Maximum age of an active access key in days', 90),
    action: z
      .enum(['DEACTIVATE', 'DELETE'])
      .default('DEACTIVATE')
      .describe(
        'DEACTIVATE (default, reversible) old keys, or DELETE keys that stayed inactive for deleteGraceDays (old active keys are deactivated first).',
      ),
    deleteGraceDays: bounded(
      'DeleteGraceDays',
      'With action DELETE: days a key stays inactive before it is deleted',
      30,
    ),
  },
  'unused-credentials': {
    maxCredentialUsageAge: bounded(
      'MaxCredentialUsageAge',
      'Days a password or access key may go unused (CIS v1.4 to v5.0 require 45; v1.2 said 90)',
      45,
    ),
  },
};

const controls = z
  .strictObject(
    Object.fromEntries(
      CONTROLS.map((control) => {
        const shape = { mode: controlMode(control), ...CONTROL_PARAMETERS[control.id] };
        return [
          control.id,
          z.strictObject(shape).prefault({}).describe(`${control.title} (${control.sourceIdentifier}).`),
        ];
      }),
    ),
  )
  .prefault({})
  .describe(`Per control: its mode and parameters. Controls: ${CONTROL_IDS.join(', ')}.`);

const remediation = z
  .strictObject({
    maxAutomaticAttempts: bounded('RemediationMaxAttempts', 'RemediationConfiguration MaximumAutomaticAttempts', 5),
    retryAttemptSeconds: bounded('RemediationRetrySeconds', 'RemediationConfiguration RetryAttemptSeconds', 60),
  })
  .prefault({})
  .describe('Retries of the automatic remediations (AUTO mode).');

const accountExemption = z
  .strictObject({
    accountId: accountId.describe('The exempt account.'),
    controls: z
      .array(
        z.enum(CONTROL_IDS as [ControlId, ...ControlId[]], {
          error: (issue) =>
            `"${echoValue(String(issue.input))}" is not a cisfleet control${didYouMean(String(issue.input), CONTROL_IDS)}; controls: ${CONTROL_IDS.join(', ')}`,
        }),
      )
      .min(1)
      .describe('Controls the account is exempt from.'),
    reason: z.string().min(3).describe('Why: shown in reports next to the exemption.'),
    expires: isoDate
      .optional()
      .describe('YYYY-MM-DD after which the exemption no longer counts (cisfleet warns). Default: never.'),
  })
  .describe('An account exempt from some controls: not remediated, reported as exempt.');

const exemptions = z
  .strictObject({
    tagKey: tagKey
      .default('cisfleet:exempt')
      .describe(
        'Resources and IAM users carrying this tag (any value) are left alone by the remediations. Default cisfleet:exempt.',
      ),
    accounts: z
      .array(accountExemption)
      .default([])
      .describe(
        'Accounts exempt from given controls. To end an exemption, let it expire, or delete it and run cisfleet rollout --refresh-overrides once. Default none.',
      ),
  })
  .prefault({})
  .describe('What the controls leave alone.');

const report = z
  .strictObject({
    source: z
      .enum(['auto', 'aggregator', 'accounts'])
      .default('auto')
      .describe(
        'aggregator: one AWS Config aggregator answers for the org; accounts: ask each account and region; auto (default): the aggregator when aggregatorName is set, accounts otherwise.',
      ),
    aggregatorName: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('The organization Config aggregator name. Required with source: aggregator.'),
    aggregatorRegion: region.optional().describe('The aggregator region. Default the home region.'),
    failOn: z
      .array(z.enum(['noncompliant', 'drift', 'error']))
      .default([])
      .describe(
        'Conditions that make `cisfleet report` exit with code 4 (for CI): noncompliant resources, drifted stack instances, accounts that could not be read. Default none.',
      ),
    format: z
      .enum(['table', 'json', 'csv', 'md', 'html'])
      .default('table')
      .describe('Default output format. Default table.'),
    outputDir: z
      .string()
      .min(1)
      .default('reports')
      .describe('Directory for report files, relative to the working directory. Default reports.'),
  })
  .prefault({})
  .describe('How `cisfleet report` gathers and prints compliance.');

// ── The file ───────────────────────────────────────────────────────────────────────────────────────────

export const accountsFileSchema = z
  .strictObject({
    version: z
      .literal(CONFIG_VERSION, {
        error: (issue) =>
          `version ${echoValue(String(issue.input))} is not supported: this cisfleet reads version ${CONFIG_VERSION}`,
      })
      .describe('File format version. Always 1.'),
    organization,
    targets,
    regions: z
      .array(region)
      .min(1, { error: 'list at least one region' })
      .describe('Regions that get the controls. The home region must be one of them.'),
    memberRole,
    stackSet,
    configRecorder,
    controls,
    remediation,
    exemptions,
    resourcePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, {
        error: (issue) =>
          `"${echoValue(String(issue.input))}" cannot start resource names: use a-z, 0-9 and -, starting with a letter`,
      })
      .min(RESOURCE_PREFIX_LENGTH.min, {
        error: `use at least ${RESOURCE_PREFIX_LENGTH.min} characters (template parameter ResourcePrefix)`,
      })
      .max(RESOURCE_PREFIX_LENGTH.max, {
        error: `use at most ${RESOURCE_PREFIX_LENGTH.max} characters (template parameter ResourcePrefix)`,
      })
      .refine((v) => !v.endsWith('-'), { error: 'the prefix must not end with "-": cisfleet adds one' })
      .refine((v) => !RESERVED_DOCUMENT_PREFIXES.some((r) => v.startsWith(r)), {
        error: `the prefix must not start with ${RESERVED_DOCUMENT_PREFIXES.join(', ')}: AWS reserves them for SSM document names, and the admin-ports runbook is named <prefix>-RevokeWorldOpenAdminPorts`,
      })
      .default(DEFAULT_RESOURCE_PREFIX)
      .describe(
        `Starts the name of every resource cisfleet creates (rules, roles, functions), so it goes into resource names: ${RESOURCE_PREFIX_LENGTH.min}–${RESOURCE_PREFIX_LENGTH.max} characters of a-z, 0-9, -, starting with a letter, not ending with -, not starting with ${RESERVED_DOCUMENT_PREFIXES.join('/')}. It cannot change once deployed. Default ${DEFAULT_RESOURCE_PREFIX}.`,
      ),
    resourceTag: z
      .strictObject({
        key: tagKey.default('cisfleet:managed-by').describe('Template parameter TagKey. Default cisfleet:managed-by.'),
        value: tagValue.default('cisfleet').describe('Template parameter TagValue. Default cisfleet.'),
      })
      .prefault({})
      .describe(
        'The tag put on every taggable resource the template creates (template parameters TagKey/TagValue): one pair, so cost and inventory tools can find them.',
      ),
    report,
    concurrency: z
      .strictObject({
        accounts: z
          .int()
          .min(1)
          .max(256)
          .default(16)
          .describe('Accounts checked in parallel by preflight and report (1–256). Default 16.'),
      })
      .prefault({})
      .describe('Client-side parallelism. Stack set rollouts use stackSet.operationPreferences instead.'),
  })
  .describe('cisfleet configuration: which accounts and regions get the CIS controls, and how.');

/**
 * What the schema yields: the document's shape with plain defaults filled in. The controls section is
 * built from the catalog at run time, so its precise type is spelt out in CisfleetConfig.
 */
export type AccountsFile = Omit<z.output<typeof accountsFileSchema>, 'controls'> & {
  controls: CisfleetConfig['controls'];
};

// ── The loaded configuration ───────────────────────────────────────────────────────────────────────────

type ControlSettings = { readonly mode: ControlMode };

export interface OperationPreferences {
  readonly regionConcurrencyType: 'PARALLEL' | 'SEQUENTIAL';
  readonly regionOrder?: readonly RegionName[];
  /** Exactly one of maxConcurrentCount and maxConcurrentPercentage is set. */
  readonly maxConcurrentCount?: number;
  readonly maxConcurrentPercentage?: number;
  /** Exactly one of failureToleranceCount and failureTolerancePercentage is set. */
  readonly failureToleranceCount?: number;
  readonly failureTolerancePercentage?: number;
  readonly concurrencyMode: 'SOFT_FAILURE_TOLERANCE' | 'STRICT_FAILURE_TOLERANCE';
}

export interface OnboardAccount {
  readonly name: string;
  readonly email: string;
  readonly organizationalUnit: string;
}

export interface AccountExemption {
  readonly accountId: string;
  readonly controls: readonly ControlId[];
  readonly reason: string;
  /** YYYY-MM-DD. */
  readonly expires?: string;
  /** True when `expires` is before the day the file was loaded: the exemption no longer applies. */
  readonly expired: boolean;
}

/** accounts.yaml after loading: every default applied, normalised, checked, frozen. */
export interface CisfleetConfig {
  readonly version: typeof CONFIG_VERSION;
  readonly organization: {
    readonly managementAccountId: string;
    /** CallAs on every StackSet call: DELEGATED_ADMIN when cisfleet runs from a delegated administrator. */
    readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
    readonly delegatedAdminAccountId?: string;
    readonly homeRegion: RegionName;
  };
  readonly targets: {
    /** `ou-…` and `r-…` ids, used as given. */
    readonly organizationalUnitIds: readonly string[];
    /** `/Root/…` paths, resolved to ids against the organization at run time. */
    readonly organizationalUnitPaths: readonly string[];
    readonly includeAccounts: readonly string[];
    readonly excludeAccounts: readonly string[];
    readonly includeManagementAccount: boolean;
    readonly onboard: readonly OnboardAccount[];
  };
  /** Without duplicates, the home region first. */
  readonly regions: readonly RegionName[];
  readonly memberRole: {
    readonly name: string;
    readonly externalId?: string;
    readonly sessionDurationSeconds: number;
    readonly sessionName: string;
  };
  readonly stackSet: {
    readonly name: string;
    readonly permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
    /** SELF_MANAGED only (defaulted there). */
    readonly administrationRoleArn?: string;
    /** SELF_MANAGED only (defaulted there). */
    readonly executionRoleName?: string;
    /** SERVICE_MANAGED only (defaulted there). */
    readonly autoDeployment?: { readonly enabled: boolean; readonly retainStacksOnAccountRemoval: boolean };
    readonly managedExecution: boolean;
    readonly operationPreferences: OperationPreferences;
    readonly tags: Readonly<Record<string, string>>;
  };
  readonly configRecorder: {
    readonly mode: 'auto' | 'create' | 'skip';
    readonly delivery: { readonly centralBucketName?: string; readonly keyPrefix?: string };
  };
  readonly controls: {
    readonly [id in Exclude<ControlId, 'access-keys-rotated' | 'unused-credentials'>]: ControlSettings;
  } & {
    readonly 'access-keys-rotated': ControlSettings & {
      readonly maxAccessKeyAge: number;
      readonly action: 'DEACTIVATE' | 'DELETE';
      readonly deleteGraceDays: number;
    };
    readonly 'unused-credentials': ControlSettings & { readonly maxCredentialUsageAge: number };
  };
  readonly remediation: { readonly maxAutomaticAttempts: number; readonly retryAttemptSeconds: number };
  readonly exemptions: { readonly tagKey: string; readonly accounts: readonly AccountExemption[] };
  readonly resourcePrefix: string;
  readonly resourceTag: { readonly key: string; readonly value: string };
  readonly report: {
    readonly source: 'auto' | 'aggregator' | 'accounts';
    readonly aggregatorName?: string;
    readonly aggregatorRegion?: RegionName;
    readonly failOn: readonly ('noncompliant' | 'drift' | 'error')[];
    readonly format: 'table' | 'json' | 'csv' | 'md' | 'html';
    readonly outputDir: string;
  };
  readonly concurrency: { readonly accounts: number };
}
