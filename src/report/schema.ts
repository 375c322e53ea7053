/**
 * The JSON form of ComplianceReport as a zod schema: the source of docs/report-schema.json (JSON Schema
 * 2020-12, generated, a test keeps the committed file in sync) and the check `--compare` runs on a previous
 * report. zod, not ajv, checks at run time because ajv is a development dependency; both read the same schema.
 */
import { z } from 'zod';
import { CONTROL_IDS, CONTROL_MODES, type ControlId, type ControlMode } from '../controls/catalog.js';
import { READABLE_REPORT_VERSIONS, REPORT_VERSION, type ComplianceReport } from './model.js';

/** Where the published schema lives, relative to the package root. */
export const REPORT_SCHEMA_PATH = 'docs/report-schema.json';
export const REPORT_SCHEMA_ID = 'https://github.com/cisfleet/cisfleet/blob/main/docs/report-schema.json';

const isoTime = z.string().meta({ id: 'IsoTime', description: 'ISO 8601 date and time (UTC).' });
const accountId = z
  .string()
  .regex(/^\d{12}$/)
  .meta({ id: 'AccountId', description: 'AWS account id (12 digits).' });
const controlId = z
  .enum(CONTROL_IDS as [ControlId, ...ControlId[]])
  .meta({ id: 'ControlId', description: 'cisfleet control id.' });
const count = z.int().min(0).meta({ id: 'Count' });

/** An object with one entry per control, every control present. */
function perControl<T extends z.ZodType>(value: T) {
  return z.strictObject(Object.fromEntries(CONTROL_IDS.map((id) => [id, value])) as Record<ControlId, T>);
}

const reportControl = z
  .strictObject({
    id: controlId,
    title: z.string(),
    ruleName: z.string().describe('The deployed AWS Config rule name.'),
    homeRegionOnly: z
      .boolean()
      .describe('IAM controls run in the home region only; other regions show `not-deployed`.'),
    cis: z.record(z.string(), z.string()).describe('CIS AWS Foundations Benchmark item per benchmark version.'),
    securityHub: z.array(z.string()).describe('Security Hub control ids.'),
  })
  .meta({ id: 'ReportControl', description: 'A control the report covers.' });

const nonCompliantResource = z
  .strictObject({
    resourceType: z.string(),
    resourceId: z.string(),
    annotation: z.string().optional().describe("The rule's explanation."),
    cannotAutoRemediate: z
      .string()
      .optional()
      .describe('Set when automatic remediation gave up on the resource: why. Needs a person.'),
  })
  .meta({ id: 'NonCompliantResource' });

const controlCell = z
  .strictObject({
    state: z
      .enum(['evaluated', 'no-results', 'not-deployed', 'exempt', 'error'])
      .describe(
        'evaluated: exact counts; no-results: the rule has no COMPLIANT or NON_COMPLIANT result; not-deployed: no rule here (IAM rules outside the home region); exempt: accounts.yaml exempts the account (counts shown, not rolled up); error: the row could not be read.',
      ),
    mode: z
      .enum(CONTROL_MODES as [ControlMode, ...ControlMode[]])
      .optional()
      .describe('AUTO, MANUAL or DETECT (exempt accounts run DETECT).'),
    compliant: count.describe('COMPLIANT resources, exact.'),
    nonCompliant: count.describe('NON_COMPLIANT resources, exact (not the contributor count capped at 100).'),
    nonCompliantResources: z.array(nonCompliantResource).describe('Every non-compliant resource.'),
    exemption: z.strictObject({ reason: z.string(), expires: z.string().optional() }).optional(),
  })
  .meta({ id: 'ControlCell', description: 'One control in one account × region.' });

const instanceCell = z
  .strictObject({
    state: z.enum(['CURRENT', 'OUTDATED', 'INOPERABLE', 'FAILED', 'MISSING', 'SKIPPED']),
    detailedStatus: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'InstanceCell' });

const driftedResource = z.strictObject({
  logicalId: z.string(),
  resourceType: z.string(),
  status: z.enum(['MODIFIED', 'DELETED']),
  differences: z
    .array(
      z.strictObject({
        path: z.string(),
        expected: z.string().optional(),
        actual: z.string().optional(),
        kind: z.string(),
      }),
    )
    .optional(),
});

const driftCell = z
  .strictObject({
    status: z.enum(['DRIFTED', 'IN_SYNC', 'NOT_CHECKED', 'UNKNOWN']),
    lastCheckedAt: isoTime.optional(),
    resources: z
      .array(driftedResource)
      .optional()
      .describe('With DRIFTED: the resources changed outside CloudFormation.'),
  })
  .meta({ id: 'DriftCell' });

export const accountRegionRowSchema = z
  .strictObject({
    accountId,
    accountName: z.string(),
    ouPath: z.string().describe("Path of the account's OU from the root, e.g. /Root/Workloads/Prod."),
    region: z.string(),
    status: z
      .enum(['OK', 'ERROR'])
      .describe('ERROR: compliance could not be read (see error); the row is never left out.'),
    error: z
      .strictObject({
        kind: z.enum(['unreachable', 'access-denied', 'throttled', 'not-recording', 'error']),
        message: z.string(),
      })
      .optional(),
    source: z.enum(['aggregator', 'accounts']),
    instance: instanceCell,
    drift: driftCell,
    controls: perControl(controlCell),
  })
  .meta({ id: 'AccountRegionRow', description: 'One targeted account × region.' });

const controlTotals = z
  .strictObject({ compliant: count, nonCompliant: count, cannotAutoRemediate: count })
  .meta({ id: 'ControlTotals' });

const rollup = z
  .strictObject({
    key: z.string().describe('OU path, region, control id, or `total`.'),
    accounts: count,
    rows: count,
    errorRows: count,
    nonCompliantRows: count.describe('Rows with at least one non-compliant resource (exempt cells excluded).'),
    driftedRows: count,
    instancesNotCurrent: count,
    compliant: count,
    nonCompliant: count,
    byControl: perControl(controlTotals),
  })
  .meta({ id: 'Rollup' });

const place = z.strictObject({ accountId, region: z.string() }).meta({ id: 'AccountRegion' });
const resourceChange = z
  .strictObject({ accountId, region: z.string(), controlId, resourceType: z.string(), resourceId: z.string() })
  .meta({ id: 'ResourceChange' });

const comparison = z
  .strictObject({
    previousGeneratedAt: isoTime,
    newlyNonCompliant: z.array(resourceChange),
    fixed: z.array(resourceChange),
    newAccounts: z.array(accountId),
    removedAccounts: z.array(accountId),
    driftAppeared: z.array(place),
    driftCleared: z.array(place),
    newErrors: z.array(z.strictObject({ accountId, region: z.string(), message: z.string() })),
  })
  .meta({ id: 'ReportComparison', description: 'What changed since the report given to --compare.' });

const where = { accountId, accountName: z.string(), ouPath: z.string(), region: z.string() };
const remediationChange = z
  .strictObject({
    ...where,
    controlId,
    source: z
      .enum(['config-remediation', 'access-key-function'])
      .describe("Config's remediation execution status, or the access-key function's log."),
    resourceType: z.string(),
    resourceId: z.string().describe('The resource id Config names, or the IAM user name the function logs.'),
    action: z.string().describe('What was done or attempted.'),
    outcome: z
      .enum(['succeeded', 'failed', 'exempt', 'in-progress'])
      .describe('exempt: the resource carries the exemption tag and was left alone.'),
    at: isoTime,
    executionId: z
      .string()
      .optional()
      .describe("The access-key function's Lambda request id, or the runbook's SSM automation execution id."),
    detail: z.string().optional().describe('Why it failed, or why it was left alone.'),
  })
  .meta({ id: 'RemediationChange' });
const functionRun = z
  .strictObject({
    ...where,
    at: isoTime,
    executionId: z.string(),
    kind: z.string().describe('event | sweep, or error when the run failed as a whole.'),
    checked: count,
    remediated: count,
    exempt: count,
    failed: count,
    failures: z.array(z.strictObject({ user: z.string(), error: z.string(), message: z.string() })),
    error: z.string().optional(),
  })
  .meta({ id: 'FunctionRun', description: "One run of the access-key function, from its log's summary line." });
const changes = z
  .strictObject({
    since: isoTime,
    changes: z.array(remediationChange),
    functionRuns: z.array(functionRun),
    failures: z.array(
      z.strictObject({ ...where, kind: z.enum(['access-denied', 'throttled', 'error']), message: z.string() }),
    ),
    totals: z.strictObject({
      succeeded: count,
      failed: count,
      inProgress: count,
      exemptResources: count.describe('Distinct resources left alone for the exemption tag (not counted compliant).'),
      failedRuns: count,
    }),
  })
  .meta({ id: 'ReportChanges', description: 'What automatic remediation did since `since` (--changes).' });

export const complianceReportSchema = z
  .strictObject({
    version: z.literal(REPORT_VERSION).describe('Report format version; a change that breaks readers bumps it.'),
    generatedAt: isoTime,
    organizationId: z.string(),
    stackSetName: z.string(),
    source: z
      .enum(['aggregator', 'accounts', 'mixed'])
      .describe('mixed: the aggregator, with some accounts read directly (`--source auto`).'),
    driftChecked: z.boolean().describe('Whether drift detection ran for this report (--drift).'),
    driftUnavailable: z
      .string()
      .optional()
      .describe(
        'With --drift: why the drift of the stack set could not be read; compliance is reported all the same (exit 3).',
      ),
    regions: z.array(z.string()),
    controls: z.array(reportControl),
    rows: z
      .array(accountRegionRowSchema)
      .describe('One per targeted account × region, sorted by OU path, account id, region.'),
    rollups: z.strictObject({
      byOu: z.array(rollup),
      byRegion: z.array(rollup),
      byControl: z.array(rollup),
      total: rollup,
    }),
    comparison: comparison.optional(),
    changes: changes.optional(),
  })
  .describe('cisfleet compliance and drift report (`cisfleet report --format json`).');

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
// Compile-time guard: the schema and the model describe the same JSON (the build fails if they part ways).
type SchemaReport = z.output<typeof complianceReportSchema>;
const modelFitsSchema = (r: Mutable<ComplianceReport>): SchemaReport => r;
const schemaFitsModel = (r: SchemaReport): ComplianceReport => r;
void modelFitsSchema;
void schemaFitsModel;

/**
 * The report without its rows checked: `--compare` checks rows one at a time, so that a large report is not
 * copied whole by the validator (zod returns a fresh copy of what it parses).
 */
export const reportEnvelopeSchema = complianceReportSchema.extend({
  version: z.number().refine((v) => READABLE_REPORT_VERSIONS.includes(v)),
  rows: z.array(z.unknown()),
});

/** The published JSON Schema (draft 2020-12). */
export function reportJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(complianceReportSchema, {
    target: 'draft-2020-12',
    io: 'output',
  }) as Record<string, unknown>;
  return { $schema, $id: REPORT_SCHEMA_ID, title: 'cisfleet compliance report', ...rest };
}

/** Text of docs/report-schema.json. */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
