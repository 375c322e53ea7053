/**
 * Roll-ups of report rows per OU, per region, per control and in total. Exempt cells are shown in rows but
 * left out of every count here: an exemption is a decision, not a finding. Pure.
 */
import { CONTROL_IDS, type ControlId } from '../controls/catalog.js';
import type { AccountRegionRow, ControlCell, ControlTotals, ReportRollups, Rollup } from './model.js';

/** Cells that count towards compliance totals: read, and not exempt. */
function counts(cell: ControlCell): boolean {
  return cell.state === 'evaluated';
}

function totalsOf(rows: readonly AccountRegionRow[], controlId: ControlId): ControlTotals {
  let compliant = 0;
  let nonCompliant = 0;
  let cannotAutoRemediate = 0;
  for (const row of rows) {
    const cell = row.controls[controlId];
    if (!counts(cell)) continue;
    compliant += cell.compliant;
    nonCompliant += cell.nonCompliant;
    cannotAutoRemediate += cell.nonCompliantResources.filter((r) => r.cannotAutoRemediate !== undefined).length;
  }
  return { compliant, nonCompliant, cannotAutoRemediate };
}

const ZERO: ControlTotals = { compliant: 0, nonCompliant: 0, cannotAutoRemediate: 0 };

/** Whether the row has a non-compliant resource among `controls`. */
function rowNonCompliant(row: AccountRegionRow, controls: readonly ControlId[]): boolean {
  return controls.some((id) => counts(row.controls[id]) && row.controls[id].nonCompliant > 0);
}

/**
 * One roll-up over `rows`, counting the given controls (all of them, or one for a per-control roll-up, whose
 * byControl then holds zeros for the others).
 */
export function rollupOf(
  key: string,
  rows: readonly AccountRegionRow[],
  controls: readonly ControlId[] = CONTROL_IDS,
): Rollup {
  const byControl = {} as Record<ControlId, ControlTotals>;
  for (const id of CONTROL_IDS) byControl[id] = controls.includes(id) ? totalsOf(rows, id) : ZERO;
  return {
    key,
    accounts: new Set(rows.map((r) => r.accountId)).size,
    rows: rows.length,
    errorRows: rows.filter((r) => r.status === 'ERROR').length,
    nonCompliantRows: rows.filter((r) => rowNonCompliant(r, controls)).length,
    driftedRows: rows.filter((r) => r.drift.status === 'DRIFTED').length,
    instancesNotCurrent: rows.filter((r) => r.instance.state !== 'CURRENT').length,
    compliant: controls.reduce((sum, id) => sum + byControl[id].compliant, 0),
    nonCompliant: controls.reduce((sum, id) => sum + byControl[id].nonCompliant, 0),
    byControl,
  };
}

function groupBy(
  rows: readonly AccountRegionRow[],
  keyOf: (row: AccountRegionRow) => string,
): Map<string, AccountRegionRow[]> {
  const groups = new Map<string, AccountRegionRow[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  return groups;
}

/** Per OU (sorted by path), per region (in row order), per control (catalog order), and the total. */
export function buildRollups(rows: readonly AccountRegionRow[]): ReportRollups {
  const byOu = [...groupBy(rows, (r) => r.ouPath)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => rollupOf(key, group));
  const byRegion = [...groupBy(rows, (r) => r.region)].map(([key, group]) => rollupOf(key, group));
  const byControl = CONTROL_IDS.map((id) => rollupOf(id, rows, [id]));
  return { byOu, byRegion, byControl, total: rollupOf('total', rows) };
}
