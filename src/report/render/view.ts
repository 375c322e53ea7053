/**
 * What every human-facing renderer (table, md, html) shows, decided once: how a control cell reads, which
 * cells are failing, how rows group by OU and what the comparison lists. Renderers only lay it out.
 */
import type { ControlId } from '../../controls/catalog.js';
import type {
  AccountRegionRow,
  ComplianceReport,
  ControlCell,
  NonCompliantResource,
  ReportComparison,
  ReportControl,
  Rollup,
} from '../model.js';

/** A cell as people see it: evaluated cells split into compliant and non-compliant. */
export type CellState = 'compliant' | 'non-compliant' | 'no-results' | 'not-deployed' | 'exempt' | 'error';

/** Every cell state, in legend order. */
export const CELL_STATES: readonly CellState[] = [
  'non-compliant',
  'compliant',
  'no-results',
  'not-deployed',
  'exempt',
  'error',
];

/** What each state means, for legends. */
export const CELL_STATE_MEANINGS: Readonly<Record<CellState, string>> = {
  'non-compliant': 'non-compliant / compliant resources',
  compliant: 'all evaluated resources compliant',
  'no-results': 'rule deployed, no results yet',
  'not-deployed': 'rule not deployed here',
  exempt: 'account exempt in accounts.yaml',
  error: 'could not be read',
};

export interface CellView {
  readonly state: CellState;
  /** Short text for the cell: `3/40`, `exempt`, `n/a`, `ERROR`. */
  readonly label: string;
  readonly nonCompliant: number;
  readonly compliant: number;
  /** Listed non-compliant resources that remediation cannot fix. */
  readonly cannotAutoRemediate: number;
}

const NOT_DEPLOYED: ControlCell = { state: 'not-deployed', compliant: 0, nonCompliant: 0, nonCompliantResources: [] };

/** The row's cell for a control; a report read back from JSON may lack a control the row never had. */
export function cellOf(row: AccountRegionRow, controlId: ControlId): ControlCell {
  return row.controls[controlId] ?? NOT_DEPLOYED;
}

export function viewCell(cell: ControlCell): CellView {
  const cannotAutoRemediate = cell.nonCompliantResources.filter((r) => r.cannotAutoRemediate !== undefined).length;
  const base = { nonCompliant: cell.nonCompliant, compliant: cell.compliant, cannotAutoRemediate };
  switch (cell.state) {
    case 'evaluated':
      return {
        ...base,
        state: cell.nonCompliant > 0 ? 'non-compliant' : 'compliant',
        label: `${cell.nonCompliant}/${cell.compliant}`,
      };
    case 'no-results':
      return { ...base, state: 'no-results', label: 'no data' };
    case 'not-deployed':
      return { ...base, state: 'not-deployed', label: 'n/a' };
    case 'exempt':
      return { ...base, state: 'exempt', label: 'exempt' };
    case 'error':
      return { ...base, state: 'error', label: 'ERROR' };
  }
}

/** A cell with non-compliant resources, and where it is. */
export interface FailingCell {
  readonly row: AccountRegionRow;
  readonly control: ReportControl;
  readonly cell: ControlCell;
}

/** Failing cells in report order (rows, then controls). */
export function failingCells(report: ComplianceReport): FailingCell[] {
  return report.rows.flatMap((row) =>
    report.controls.flatMap((control) => {
      const cell = cellOf(row, control.id);
      return cell.nonCompliant > 0 ? [{ row, control, cell }] : [];
    }),
  );
}

/** The first `limit` resources of a cell, and how many more the cell counts (the exact count may exceed the list). */
export function boundedResources(
  cell: ControlCell,
  limit: number,
): { shown: readonly NonCompliantResource[]; more: number } {
  const shown = cell.nonCompliantResources.slice(0, limit);
  return { shown, more: Math.max(cell.nonCompliant, cell.nonCompliantResources.length) - shown.length };
}

export interface OuGroup {
  readonly ouPath: string;
  readonly rows: readonly AccountRegionRow[];
}

/** Rows grouped by OU path, keeping the report's order (it is sorted by OU path already). */
export function groupByOu(rows: readonly AccountRegionRow[]): OuGroup[] {
  const groups = new Map<string, AccountRegionRow[]>();
  for (const row of rows) {
    const group = groups.get(row.ouPath);
    if (group) group.push(row);
    else groups.set(row.ouPath, [row]);
  }
  return [...groups].map(([ouPath, grouped]) => ({ ouPath, rows: grouped }));
}

/** `kind: message` of an ERROR row, or undefined. */
export function rowErrorText(row: AccountRegionRow): string | undefined {
  if (row.status !== 'ERROR' && !row.error) return undefined;
  return row.error ? `${row.error.kind}: ${row.error.message}` : 'error';
}

/** The drift column's text: `DRIFTED (2)`, `IN_SYNC`, `not checked`. */
export function driftLabel(row: AccountRegionRow): string {
  const { drift } = row;
  if (drift.status === 'DRIFTED') return `DRIFTED (${drift.resources?.length ?? 0})`;
  if (drift.status === 'NOT_CHECKED') return 'not checked';
  return drift.status;
}

/** How every format says that the stack set's drift could not be read. */
export function driftUnavailableText(reason: string): string {
  return `drift unavailable: ${reason}`;
}

/** Whether the stack instance is as deployed; SKIPPED (a suspended account) counts as not current, as in the roll-ups. */
export function instanceIsHealthy(row: AccountRegionRow): boolean {
  return row.instance.state === 'CURRENT';
}

/** Why the stack instance is in its state: `DetailedStatus: reason`, either part when known. */
export function instanceReason(row: AccountRegionRow): string {
  return [row.instance.detailedStatus, row.instance.reason].filter(Boolean).join(': ');
}

/** One line per failing resource: type, id, annotation, and why it cannot be remediated. */
export function describeResource(resource: NonCompliantResource): string {
  const annotation = resource.annotation ? ` (${resource.annotation})` : '';
  const manual = resource.cannotAutoRemediate ? ` [cannot auto-remediate: ${resource.cannotAutoRemediate}]` : '';
  return `${resource.resourceType} ${resource.resourceId}${annotation}${manual}`;
}

/** The number columns every roll-up shows, in order. */
export const ROLLUP_COLUMNS: readonly { readonly header: string; readonly value: (rollup: Rollup) => number }[] = [
  { header: 'accounts', value: (r) => r.accounts },
  { header: 'rows', value: (r) => r.rows },
  { header: 'failing rows', value: (r) => r.nonCompliantRows },
  { header: 'non-compliant', value: (r) => r.nonCompliant },
  { header: 'compliant', value: (r) => r.compliant },
  { header: 'drifted', value: (r) => r.driftedRows },
  { header: 'not current', value: (r) => r.instancesNotCurrent },
  { header: 'errors', value: (r) => r.errorRows },
  // A per-control roll-up holds zeros for the other controls, so the sum is right for every roll-up.
  {
    header: 'cannot auto-fix',
    value: (r) => Object.values(r.byControl).reduce((sum, c) => sum + c.cannotAutoRemediate, 0),
  },
];

/** A one-line summary of the whole report, from the total roll-up. */
export function summaryLine(report: ComplianceReport): string {
  const total = report.rollups.total;
  const parts = [
    `${total.accounts} accounts × ${report.regions.length} regions`,
    `${total.nonCompliant} non-compliant and ${total.compliant} compliant resources`,
    `${total.nonCompliantRows} of ${total.rows} account-regions failing`,
  ];
  if (report.driftChecked) parts.push(`${total.driftedRows} drifted`);
  if (report.driftUnavailable !== undefined) parts.push(driftUnavailableText(report.driftUnavailable));
  if (total.instancesNotCurrent > 0) parts.push(`${total.instancesNotCurrent} stack instances not current`);
  if (total.errorRows > 0) parts.push(`${total.errorRows} could not be read`);
  return parts.join(', ');
}

export interface ComparisonSection {
  readonly title: string;
  readonly items: readonly string[];
}

/** What changed since the previous report, as titled lists (empty ones left out). */
export function comparisonSections(comparison: ReportComparison): ComparisonSection[] {
  const place = (c: { accountId: string; region: string }) => `${c.accountId} ${c.region}`;
  const resource = (c: ReportComparison['fixed'][number]) =>
    `${place(c)} ${c.controlId}: ${c.resourceType} ${c.resourceId}`;
  const sections: ComparisonSection[] = [
    { title: 'Newly non-compliant', items: comparison.newlyNonCompliant.map(resource) },
    { title: 'Fixed', items: comparison.fixed.map(resource) },
    { title: 'New accounts', items: comparison.newAccounts },
    { title: 'Removed accounts', items: comparison.removedAccounts },
    { title: 'Drift appeared', items: comparison.driftAppeared.map(place) },
    { title: 'Drift cleared', items: comparison.driftCleared.map(place) },
    { title: 'New errors', items: comparison.newErrors.map((e) => `${place(e)}: ${e.message}`) },
  ];
  return sections.filter((s) => s.items.length > 0);
}

/** Keeps the first `limit` items and says how many were left out. */
export function bounded<T>(items: readonly T[], limit: number): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}
