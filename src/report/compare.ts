/**
 * `--compare PREVIOUS.json`: what changed between a previous report and this one. Pure: the action reads the
 * file (as lines); this module checks it is a cisfleet report, summarises it and compares.
 */
import { CONTROL_IDS, type ControlId } from '../controls/catalog.js';
import { UsageError } from '../errors.js';
import type { AccountRegionRow, ComplianceReport, ReportComparison, ResourceChange } from './model.js';
import { READABLE_REPORT_VERSIONS } from './model.js';
import { accountRegionRowSchema, REPORT_SCHEMA_PATH, reportEnvelopeSchema } from './schema.js';

/** How many schema problems the error lists before "and N more". */
const MAX_LISTED_PROBLEMS = 5;

type Issue = { path: PropertyKey[]; message: string };

function notJson(file: string, error: unknown): UsageError {
  return new UsageError(
    `${file} is not JSON (${(error as Error).message}): --compare takes a report written by \`cisfleet report --format json\`.`,
  );
}

/** The version check first (a clearer message than the schema's), then the schema problems, as one UsageError. */
function checkReport(file: string, value: unknown, rowIssues: readonly Issue[]): void {
  const version = (value as { version?: unknown } | null)?.version;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof version === 'number' &&
    !READABLE_REPORT_VERSIONS.includes(version)
  ) {
    throw new UsageError(
      `${file} is a version ${version} cisfleet report; this cisfleet compares with version ${READABLE_REPORT_VERSIONS.join(' and ')} reports only.`,
    );
  }
  const envelope = reportEnvelopeSchema.safeParse(value);
  const issues = [...(envelope.success ? [] : envelope.error.issues), ...rowIssues];
  if (issues.length === 0) return;
  const listed = issues
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((i) => `  ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
  const more = issues.length > MAX_LISTED_PROBLEMS ? ['  … and more'] : [];
  throw new UsageError(
    [`${file} is not a cisfleet report (it does not match ${REPORT_SCHEMA_PATH}):`, ...listed, ...more].join('\n') +
      '\n--compare takes a report written by `cisfleet report --format json`.',
  );
}

/** Schema problems of one row, with their path in the report. */
function rowIssues(row: unknown, index: number): Issue[] {
  const checked = accountRegionRowSchema.safeParse(row);
  return checked.success
    ? []
    : checked.error.issues.map((i) => ({ path: ['rows', index, ...i.path], message: i.message }));
}

/**
 * Parses and checks a previous report (the JSON `cisfleet report --format json` wrote). Throws UsageError naming
 * the file when it is not JSON, not a cisfleet report, or a report of another version. Rows are checked one at
 * a time (the validator copies what it checks).
 */
export function parsePreviousReport(text: string, file: string): ComplianceReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw notJson(file, error);
  }
  const rows = (value as { rows?: unknown } | null)?.rows;
  const issues: Issue[] = [];
  if (Array.isArray(rows))
    for (let i = 0; i < rows.length && issues.length <= MAX_LISTED_PROBLEMS; i++) issues.push(...rowIssues(rows[i], i));
  checkReport(file, Array.isArray(rows) ? { ...(value as object), rows: [] } : value, issues);
  // Checked field by field against the schema, so the parsed JSON is the report.
  return value as ComplianceReport;
}

/**
 * What a comparison needs of the previous report, and no more: a large previous report is summarised row by
 * row as it is read, instead of being held whole while the new one is gathered.
 */
export interface PreviousReport {
  readonly generatedAt: string;
  /** By `account|region`. */
  readonly rows: ReadonlyMap<
    string,
    {
      readonly accountId: string;
      readonly region: string;
      readonly status: AccountRegionRow['status'];
      readonly drifted: boolean;
    }
  >;
  /** Keys of the counted non-compliant resources (see findingKey). */
  readonly findings: ReadonlySet<string>;
}

class PreviousReportBuilder {
  readonly rows = new Map<
    string,
    { accountId: string; region: string; status: AccountRegionRow['status']; drifted: boolean }
  >();
  readonly findings = new Set<string>();

  add(row: AccountRegionRow): void {
    this.rows.set(placeKey(row), {
      accountId: row.accountId,
      region: row.region,
      status: row.status,
      drifted: row.drift.status === 'DRIFTED',
    });
    for (const [key] of nonCompliantIn([row])) this.findings.add(key);
  }

  build(generatedAt: string): PreviousReport {
    return { generatedAt, rows: this.rows, findings: this.findings };
  }
}

/** The summary of a whole report. */
export function summarisePrevious(report: ComplianceReport): PreviousReport {
  const builder = new PreviousReportBuilder();
  for (const row of report.rows) builder.add(row);
  return builder.build(report.generatedAt);
}

/** The lines cisfleet writes around the rows (see reportJsonLines). */
const ROWS_START = '  "rows": [';
const ROWS_END = '  ],';

/**
 * Reads a previous report line by line. A report in the layout cisfleet writes (one row per line) is checked and
 * summarised a row at a time; any other JSON layout (reformatted, or written by another tool) is read whole.
 */
export async function readPreviousReport(
  lines: AsyncIterable<string> | Iterable<string>,
  file: string,
): Promise<PreviousReport> {
  const builder = new PreviousReportBuilder();
  const head: string[] = [];
  const issues: Issue[] = [];
  let state: 'head' | 'rows' | 'tail' = 'head';
  let index = 0;
  const whole: string[] = [];
  let layoutKnown = true;
  for await (const line of lines) {
    if (!layoutKnown) {
      whole.push(line);
      continue;
    }
    if (state === 'rows') {
      if (line === ROWS_END) {
        state = 'tail';
        continue;
      }
      let row: unknown;
      try {
        row = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
      } catch (error) {
        throw notJson(file, error);
      }
      const problems = issues.length <= MAX_LISTED_PROBLEMS ? rowIssues(row, index) : [];
      issues.push(...problems);
      if (problems.length === 0) builder.add(row as AccountRegionRow);
      index++;
    } else if (line === ROWS_START && state === 'head') {
      state = 'rows';
    } else {
      head.push(line);
      // The first line of cisfleet's layout is a lone brace, and every head line is `  "key": value,`.
      if ((head.length === 1 && line !== '{') || (state === 'head' && head.length > 1 && !line.startsWith('  "'))) {
        layoutKnown = false;
        whole.push(...head);
      }
    }
  }
  if (!layoutKnown || state !== 'tail')
    return summarisePrevious(parsePreviousReport((layoutKnown ? head : whole).join('\n'), file));
  let envelope: unknown;
  try {
    envelope = JSON.parse([...head.slice(0, 1), '  "rows": [],', ...head.slice(1)].join('\n'));
  } catch (error) {
    throw notJson(file, error);
  }
  checkReport(file, envelope, issues);
  return builder.build((envelope as { generatedAt: string }).generatedAt);
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
        yield [
          `${row.accountId}|${row.region}|${controlId}|${r.resourceType}|${r.resourceId}`,
          () => ({
            accountId: row.accountId,
            region: row.region,
            controlId,
            resourceType: r.resourceType,
            resourceId: r.resourceId,
          }),
        ];
      }
    }
  }
}

/** `account|region` of a finding key: its first two fields. */
function placeOfKey(key: string): string {
  return key.slice(0, key.indexOf('|', key.indexOf('|') + 1));
}

/** The change a finding key stands for (the resource id is last: it may contain the separator). */
function changeOf(key: string): ResourceChange {
  const [accountId = '', region = '', controlId = '', resourceType = '', ...id] = key.split('|');
  return {
    accountId,
    region,
    controlId: controlId as ControlId,
    resourceType,
    resourceId: id.join('|'),
  };
}

/**
 * What changed from `previous` (a report, or its summary) to `current`. A row that could not be read on either
 * side says nothing about its resources: they are neither new nor fixed (its new error is listed instead). A row
 * the previous report did not have (a new account or region) counts all its non-compliant resources as new. Only
 * the differences become objects: a large organization has hundreds of thousands of findings and few changes.
 */
export function compareReports(
  previous: ComplianceReport | PreviousReport,
  current: ComplianceReport,
): ReportComparison {
  const before = 'findings' in previous ? previous : summarisePrevious(previous);
  const after = new Map(current.rows.map((r) => [placeKey(r), r]));
  const place = (r: { accountId: string; region: string }) => ({ accountId: r.accountId, region: r.region });

  const newlyNonCompliant: ResourceChange[] = [];
  const findingsNow = new Set<string>();
  for (const [key, change] of nonCompliantIn(current.rows)) {
    findingsNow.add(key);
    if (!before.findings.has(key) && before.rows.get(placeOfKey(key))?.status !== 'ERROR')
      newlyNonCompliant.push(change());
  }
  const fixed: ResourceChange[] = [];
  for (const key of before.findings) {
    const change = changeOf(key);
    if (!findingsNow.has(key) && after.get(placeKey(change))?.status === 'OK') fixed.push(change);
  }

  const previousRows = [...before.rows.values()];
  const accountsBefore = new Set(previousRows.map((r) => r.accountId));
  const accountsNow = new Set(current.rows.map((r) => r.accountId));
  return {
    previousGeneratedAt: before.generatedAt,
    newlyNonCompliant,
    fixed,
    newAccounts: [...accountsNow].filter((id) => !accountsBefore.has(id)).sort(),
    removedAccounts: [...accountsBefore].filter((id) => !accountsNow.has(id)).sort(),
    driftAppeared: current.rows
      .filter((r) => r.drift.status === 'DRIFTED' && !before.rows.get(placeKey(r))?.drifted)
      .map(place),
    driftCleared: previousRows
      .filter((r) => r.drifted && after.has(placeKey(r)) && after.get(placeKey(r))!.drift.status !== 'DRIFTED')
      .map(place),
    newErrors: current.rows
      .filter((r) => r.status === 'ERROR' && before.rows.get(placeKey(r))?.status !== 'ERROR')
      .map((r) => ({ ...place(r), message: r.error?.message ?? 'could not be read' })),
  };
}
