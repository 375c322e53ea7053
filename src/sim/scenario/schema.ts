/**
 * The YAML scenario format: an organization, its OU tree and accounts, what each account holds per region,
 * IAM users, principals with static keys, faults and timing. Ages are in days relative to the clock's start,
 * so a scenario means the same on any day. See src/sim/README.md for an annotated example.
 */
import { z } from 'zod';

/** A 12-digit account id; YAML may read an unquoted id as a number, so numbers are accepted and padded. */
export const accountIdSchema = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v).padStart(12, '0') : v),
  z.string().regex(/^\d{12}$/, 'an account id has 12 digits (quote it in YAML)'),
);

const portsSchema = z
  .union([z.number().int().min(0).max(65535), z.string().regex(/^\d+(-\d+)?$/, 'a port or a range like 1000-2000')])
  .describe('A port (22) or an inclusive range ("1000-2000"); ignored for protocol all.');

export const permissionSchema = z
  .object({
    protocol: z.enum(['tcp', 'udp', 'icmp', 'all']).default('tcp'),
    ports: portsSchema.optional(),
    cidr: z.string().optional().describe('IPv4 range, e.g. 0.0.0.0/0'),
    ipv6: z.string().optional().describe('IPv6 range, e.g. ::/0'),
    sourceGroup: z.string().optional().describe('A referenced security group id (never open to the world)'),
    prefixList: z.string().optional().describe('A managed prefix list id, pl-… (never open to the world)'),
  })
  .strict();

export const securityGroupSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    ingress: z.array(permissionSchema).default([]),
    egress: z.array(permissionSchema).optional().describe('Default: all traffic out to 0.0.0.0/0'),
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const recorderSchema = z.union([
  z.literal('controlTower').describe('aws-controltower-BaselineConfigRecorder with its delivery channel'),
  z
    .object({
      name: z.string().default('default'),
      roleArn: z.string().optional(),
      recording: z.boolean().default(true),
      allSupported: z.boolean().default(true),
      includeGlobalResourceTypes: z.boolean().default(false),
      deliveryChannel: z
        .object({ name: z.string().default('default'), s3BucketName: z.string() })
        .strict()
        .optional(),
    })
    .strict(),
]);

export const networkInterfaceSchema = z
  .object({
    description: z.string().default('interface'),
    groups: z
      .array(z.string().min(1))
      .min(1)
      .describe('Security group names of this account and region (`default` for the default group)'),
    attachedTo: z.string().optional().describe('e.g. an instance id; absent: the interface is available, not in use'),
  })
  .strict();

export const regionContentSchema = z
  .object({
    defaultSecurityGroup: z.enum(['aws-default', 'closed', 'open']).optional(),
    defaultSecurityGroupTags: z.record(z.string(), z.string()).optional().describe('Tags on the default group'),
    securityGroups: z.array(securityGroupSchema).default([]),
    networkInterfaces: z.array(networkInterfaceSchema).default([]),
    configRecorder: recorderSchema.optional(),
  })
  .strict();

export const roleSchema = z
  .object({
    name: z.string().min(1),
    externalId: z.string().optional(),
    assumableAfterMs: z.number().int().nonnegative().optional(),
    trustedAccounts: z.array(accountIdSchema).optional().describe('Default: the management account'),
    maxSessionDurationSeconds: z.number().int().min(3600).max(43200).default(3600),
  })
  .strict();

export const accessKeySchema = z
  .object({
    ageDays: z.number().nonnegative(),
    status: z.enum(['Active', 'Inactive']).default('Active'),
    lastUsedDaysAgo: z.number().nonnegative().optional().describe('Absent: never used'),
    lastUsedService: z.string().optional().describe('Default: s3 for a used key'),
  })
  .strict();

export const iamUserSchema = z
  .object({
    name: z.string().min(1),
    ageDays: z.number().nonnegative().optional().describe('Default: the oldest key age, or 400'),
    tags: z.record(z.string(), z.string()).default({}),
    accessKeys: z.array(accessKeySchema).max(2).default([]),
    password: z
      .object({ ageDays: z.number().nonnegative(), lastUsedDaysAgo: z.number().nonnegative().optional() })
      .strict()
      .optional(),
  })
  .strict();

export const accountSchema = z
  .object({
    id: accountIdSchema,
    name: z.string().min(1),
    email: z.string().optional().describe('Default: <id>@example.com'),
    state: z.enum(['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']).default('ACTIVE'),
    joinedMethod: z.enum(['INVITED', 'CREATED']).default('CREATED'),
    roles: z.array(roleSchema).optional().describe('Default: the member role; [] for an account without it'),
    regions: z.record(z.string(), regionContentSchema).default({}).describe('Per region content'),
    allRegions: regionContentSchema.optional().describe('Content put in every scenario region'),
    iamUsers: z.array(iamUserSchema).default([]),
  })
  .strict();

export type OuSpec = { name: string; accounts: z.infer<typeof accountSchema>[]; ous: OuSpec[] };
export type OuSpecInput = { name: string; accounts?: z.input<typeof accountSchema>[]; ous?: OuSpecInput[] };

export const ouSchema: z.ZodType<OuSpec, OuSpecInput> = z.lazy(() =>
  z
    .object({
      name: z.string().min(1),
      accounts: z.array(accountSchema).default([]),
      ous: z.array(ouSchema).default([]),
    })
    .strict(),
);

export const principalSchema = z
  .object({
    name: z.string().min(1).describe('What credentialsFor(name) is called with'),
    account: accountIdSchema,
    user: z.string().min(1),
    accessKeyId: z
      .string()
      .regex(/^AKIA[A-Z0-9]{16}$/)
      .optional(),
  })
  .strict();

export const faultsSchema = z
  .object({
    latencyMs: z.record(z.string(), z.number().nonnegative()).default({}),
    throttle: z
      .record(
        z.string(),
        z.object({ ratePerSecond: z.number().positive(), burst: z.number().int().positive().optional() }).strict(),
      )
      .default({}),
    deniedAccounts: z.array(accountIdSchema).default([]),
    failingInstances: z
      .array(z.object({ accountId: accountIdSchema, region: z.string().optional(), reason: z.string() }).strict())
      .default([]),
  })
  .strict();

export const generateSchema = z
  .object({
    accounts: z.number().int().min(1).max(100_000),
    regions: z.number().int().min(1).max(20).default(2),
    ous: z.number().int().min(1).max(1000).default(5),
    seed: z.number().int().default(1),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().default('scenario'),
    seed: z.number().int().default(1),
    organization: z
      .object({
        id: z
          .string()
          .regex(/^o-[a-z0-9]{10,32}$/)
          .default('o-sim0000001'),
        rootId: z
          .string()
          .regex(/^r-[0-9a-z]{4,32}$/)
          .default('r-sim0'),
        featureSet: z.enum(['ALL', 'CONSOLIDATED_BILLING']).default('ALL'),
        managementAccount: z
          .object({ id: accountIdSchema, name: z.string().default('Management'), email: z.string().optional() })
          .strict(),
        trustedAccess: z.array(z.string()).default([]),
        delegatedAdmins: z
          .record(z.string(), z.array(accountIdSchema))
          .default({})
          .describe('Service principal → accounts'),
      })
      .strict(),
    regions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region like eu-west-1'))
      .min(1)
      .default(['us-east-1']),
    memberRoleName: z.string().default('OrganizationAccountAccessRole'),
    defaultSecurityGroup: z.enum(['aws-default', 'closed', 'open']).default('aws-default'),
    accounts: z.array(accountSchema).default([]).describe('Accounts directly under the root'),
    ous: z.array(ouSchema).default([]),
    principals: z.array(principalSchema).default([]),
    aggregator: z
      .object({
        name: z.string(),
        region: z.string().optional().describe('Default: the first scenario region'),
        allRegions: z.boolean().default(true),
        regions: z.array(z.string()).default([]),
      })
      .strict()
      .optional(),
    faults: faultsSchema.default({ latencyMs: {}, throttle: {}, deniedAccounts: [], failingInstances: [] }),
    timing: z
      .object({
        stackInstanceMs: z.number().nonnegative(),
        createAccountMs: z.number().nonnegative(),
        newAccountRoleDelayMs: z.number().nonnegative(),
        configEvaluationMs: z.number().nonnegative(),
        remediationMs: z.number().nonnegative(),
        driftDetectionMs: z.number().nonnegative(),
      })
      .partial()
      .strict()
      .default({}),
    emptyPageEvery: z
      .number()
      .int()
      .min(0)
      .default(0)
      .refine((n) => n !== 1, 'emptyPageEvery must be 0 or at least 2'),
    generate: generateSchema.optional().describe('Add a seeded, generated organization of this size'),
  })
  .strict();

/** A validated scenario, defaults filled in. */
export type Scenario = z.infer<typeof scenarioSchema>;
/** A scenario as written (YAML or a test's object literal). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type AccountSpec = z.infer<typeof accountSchema>;
export type RegionContentSpec = z.infer<typeof regionContentSchema>;
export type PermissionSpec = z.infer<typeof permissionSchema>;
export type IamUserSpec = z.infer<typeof iamUserSchema>;
export type GenerateSpec = z.infer<typeof generateSchema>;
