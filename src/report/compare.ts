/**
 * `--compare PREVIOUS.json`: what changed between a previous report and this one. Pure: the action reads the
 * file; this module checks it is a cisfleet report and compares.
 */
import { CONTROL_IDS } from '../controls/catalog.js';
import { UsageError } from '../errors.js';
import type { AccountRegionRow, ComplianceReport, ReportComparison, ResourceChange } from './model.js';
import { REPORT_VERSION } from './model.js';
import { accountRegionRowSchema, REPORT_SCHEMA_PATH, reportEnvelopeSchema } from './schema.js';

/** How many schema problems the error lists before "and N more". */
const MAX_LISTED_PROBLEMS = 5;

/**
 * Parses and checks a previous report (the JSON `cisfleet report --format json` wrote). Throws UsageError naming
 * the file when it is not JSON, not a cisfleet report, or a report of another version.
 */
export function parsePreviousReport(text: string, file: string): ComplianceReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON (${(error as Error).message}): --compare takes a report written by \`cisfleet report --format json\`.`);
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof value === 'object' && value !== null && typeof version === 'number' && version !== REPORT_VERSION) {
    throw new UsageError(`${file} is a version ${version} cisfleet report; this cisfleet compares with version ${REPORT_VERSION} reports only.`);
  }
  const issues = schemaIssues(value);
  if (issues.length > 0) {
    const listed = issues.slice(0, MAX_LISTED_PROBLEMS).map((i) => `  ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
    const more = issues.length > MAX_LISTED_PROBLEMS ? ['  … and more'] : [];
    throw new UsageError(
      [`${file} is not a cisfleet report (it does not match ${REPORT_SCHEMA_PATH}):`, ...listed, ...more].join('\n') +
        '\n--compare takes a report written by `cisfleet report --format json`.',
    );
  }
  // Checked field by field against the schema, so the parsed JSON is the report.
  return value as ComplianceReport;
}

/** Schema problems, the rows checked one at a time (see reportEnvelopeSchema); stops early once enough are found. */
function schemaIssues(value: unknown): Array<{ path: PropertyKey[]; message: string }> {
  const envelope = reportEnvelopeSchema.safeParse(value);
  if (!envelope.success) return envelope.error.issues;
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  envelope.data.rows.forEach((row, index) => {
    if (issues.length > MAX_LISTED_PROBLEMS) return;
    const checked = accountRegionRowSchema.safeParse(row);
    if (!checked.success) issues.push(...checked.error.issues.map((i) => ({ path: ['rows', index, ...i.path], message: i.message })));
  });
  return issues;
}

const placeKey = (row: { accountId: string; region: string }) => `${row.accountId}|${row.region}`;

/** Each counted non-compliant resource of the rows (read, not exempt), by a key that identifies it across reports. */
function* nonCompliantIn(rows: readonly AccountRegionRow[]): Generator<[key: string, change: () => ResourceChange]> {
  for (const row of rows) {
    if (row.status !== 'OK') continue;
    for (const controlId of CONTROL_IDS) {
      const cell = row.controls[controlId];
      if (cell.state !== 'evaluated') continue;
      for (const r of cell.nonCompliantResources) {
        yield [`${row.accountId}|${row.region}|${controlId}|${r.resourceType}|${r.resourceId}`, () => ({ accountId: row.accountId, region: row.region, controlId, resourceType: r.resourceType, resourceId: r.resourceId })];
      }
    }
  }
}

/**
 * Resources of `from` not in `against`, at places `where` allows. Keys only, objects just for the differences:
 * a large organization has hundreds of thousands of findings and few changes.
 */
function missingFrom(from: readonly AccountRegionRow[], against: readonly AccountRegionRow[], where: (row: AccountRegionRow) => boolean): ResourceChange[] {
  const keys = new Set<string>();
  for (const [key] of nonCompliantIn(against)) keys.add(key);
  const missing: ResourceChange[] = [];
  for (const [key, change] of nonCompliantIn(from.filter(where))) if (!keys.has(key)) missing.push(change());
  return missing;
}

/**
 * What changed from `previous` to `current`. A row that could not be read on either side says nothing about
 * its resources: they are neither new nor fixed (its new error is listed instead). A row the previous report did
 * not have (a new account or region) counts all its non-compliant resources as new.
 */
export function compareReports(previous: ComplianceReport, current: ComplianceReport): ReportComparison {
  const before = new Map(previous.rows.map((r) => [placeKey(r), r]));
  const after = new Map(current.rows.map((r) => [placeKey(r), r]));
  const readBefore = (row: AccountRegionRow) => before.get(placeKey(row))?.status !== 'ERROR';
  const readNow = (row: AccountRegionRow) => after.get(placeKey(row))?.status === 'OK';

  const accountsBefore = new Set(previous.rows.map((r) => r.accountId));
  const accountsNow = new Set(current.rows.map((r) => r.accountId));
  const drifted = (row: AccountRegionRow | undefined) => row?.drift.status === 'DRIFTED';
  const place = (r: AccountRegionRow) => ({ accountId: r.accountId, region: r.region });

  return {
    previousGeneratedAt: previous.generatedAt,
    newlyNonCompliant: missingFrom(current.rows, previous.rows, readBefore),
    fixed: missingFrom(previous.rows, current.rows, readNow),
    newAccounts: [...accountsNow].filter((id) => !accountsBefore.has(id)).sort(),
    removedAccounts: [...accountsBefore].filter((id) => !accountsNow.has(id)).sort(),
    driftAppeared: current.rows.filter((r) => drifted(r) && !drifted(before.get(placeKey(r)))).map(place),
    driftCleared: previous.rows.filter((r) => drifted(r) && after.has(placeKey(r)) && !drifted(after.get(placeKey(r)))).map(place),
    newErrors: current.rows
      .filter((r) => r.status === 'ERROR' && before.get(placeKey(r))?.status !== 'ERROR')
      .map((r) => ({ ...place(r), message: r.error?.message ?? 'could not be read' })),
  };
}
