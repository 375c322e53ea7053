/**
 * The terminal report: one line per account × region with a column per control, what needs attention
 * (errors, instances, drift), the failing resources (bounded), roll-ups and the comparison.
 */
import { terminalView } from '../../safe-text.js';
import type { ChangesSection } from '../changes/model.js';
import { changesView } from './changes-view.js';
import type { Styler } from '../../terminal-style.js';
import type {
  AccountRegionRow,
  ComplianceReport,
  DriftCell,
  InstanceState,
  ReportComparison,
  Rollup,
} from '../model.js';
import { formatTextTable, type TextCell, type TextColumn, type TextRow } from './text-table.js';
import {
  ROLLUP_COLUMNS,
  bounded,
  boundedResources,
  cellOf,
  comparisonSections,
  describeResource,
  driftLabel,
  failingCells,
  groupByOu,
  instanceIsHealthy,
  instanceReason,
  rowErrorText,
  summaryLine,
  viewCell,
  type CellState,
} from './view.js';

export interface TableRenderOptions {
  readonly style: Styler;
  readonly width: number;
  readonly comparison?: ReportComparison;
  /** Failing resources listed per cell before "+N more". */
  readonly resourcesPerCell?: number;
  /** Failing cells listed before the rest is only counted (a large organization would scroll for minutes). */
  readonly failingCellLimit?: number;
  /** Entries listed per comparison section and per attention list. */
  readonly listLimit?: number;
}

/**
 * Every string of the report (names, reasons, annotations, resource ids) reaches the terminal through
 * terminalView (src/safe-text.ts): one control character shown as an escape, never a forged line.
 */
export function renderTable(untrustedReport: ComplianceReport, untrustedOptions: TableRenderOptions): string {
  const report = terminalView(untrustedReport);
  const options = { ...untrustedOptions, comparison: terminalView(untrustedOptions.comparison) };
  const { style } = options;
  const header = [
    `${style.bold('Compliance report')} ${report.organizationId} · stack set ${report.stackSetName} · source ${report.source} · ${report.generatedAt}`,
    summaryLine(report) +
      (report.driftChecked || report.driftUnavailable !== undefined ? '' : style.dim(' (drift not checked: --drift)')),
  ];
  const sections = [
    header.join('\n'),
    accountTable(report, options),
    attention(report, options),
    failingResources(report, options),
    rollups(report, options),
    options.comparison ? comparison(options.comparison, options) : '',
    report.changes ? changes(report.changes, options) : '',
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function changes(section: ChangesSection, { style, width, listLimit = 50 }: TableRenderOptions): string {
  const view = changesView(section);
  return [
    `${style.bold(view.title)}\n${view.summary}`,
    ...view.tables.map((table) => {
      if (table.rows.length === 0) return `${style.bold(table.title)}\nnone`;
      const { shown, more } = bounded(table.rows, listLimit);
      const text = formatTextTable(
        table.headers.map((header): TextColumn => ({ header })),
        shown,
        { width, paintHeader: style.dim, paintRule: style.dim },
      );
      return `${style.bold(table.title)}\n${text}${more > 0 ? `\n${style.dim(`+${more} more: --format json, csv or html lists them all`)}` : ''}`;
    }),
  ].join('\n\n');
}

function accountTable(report: ComplianceReport, { style, width }: TableRenderOptions): string {
  const columns: TextColumn[] = [
    { header: 'account' },
    { header: 'name', shrink: { min: 8, keep: 'start' } },
    { header: 'region' },
    { header: 'instance' },
    // Without --drift every row would say "not checked": the header line says it once instead.
    ...(report.driftChecked ? [{ header: 'drift' }] : []),
    ...report.controls.map((control): TextColumn => ({ header: control.id, align: 'right' })),
  ];
  // OUs head their groups of rows rather than fill a column: paths are long and repeat on every row.
  const rows = groupByOu(report.rows).flatMap(({ ouPath, rows: group }): TextRow[] => [
    [{ text: ouPath, keep: 'path', paint: (s) => style.bold(style.cyan(s)) }],
    ...group.map((row) => accountRow(report, row, style)),
  ]);
  const table = formatTextTable(columns, rows, { width, paintHeader: style.bold, paintRule: style.dim });
  const legend = style.dim(
    'cells: non-compliant/compliant resources · ! some cannot be remediated automatically · n/a rule not deployed here · no data: no results yet',
  );
  return `${table}\n${legend}`;
}

function accountRow(report: ComplianceReport, row: AccountRegionRow, style: Styler): TextRow {
  const fixed: TextCell[] = [
    { text: row.accountId },
    { text: row.accountName },
    { text: row.region },
    { text: row.instance.state, paint: INSTANCE_PAINTS[row.instance.state](style) },
    ...(report.driftChecked ? [{ text: driftLabel(row), paint: DRIFT_PAINTS[row.drift.status](style) }] : []),
  ];
  const error = rowErrorText(row);
  const allErrors = report.controls.every((control) => cellOf(row, control.id).state === 'error');
  // A row that could not be read has one reason, not one per control: it spans the control columns.
  if (error && allErrors) return [...fixed, { text: `ERROR ${error}`, paint: (s) => style.bold(style.red(s)) }];
  return [
    ...fixed,
    ...report.controls.map((control): TextCell => {
      const view = viewCell(cellOf(row, control.id));
      return {
        text: view.cannotAutoRemediate > 0 ? `${view.label}!` : view.label,
        paint: CELL_PAINTS[view.state](style),
      };
    }),
  ];
}

/** Errors, stack instances that are not current, and drifted resources, each with its reason. */
function attention(report: ComplianceReport, { style, listLimit = 20 }: TableRenderOptions): string {
  const place = (row: AccountRegionRow) => `${row.accountId} ${row.accountName} ${row.region}`;
  const errors = report.rows.flatMap((row) => {
    const error = rowErrorText(row);
    return error ? [`${place(row)}: ${error}`] : [];
  });
  const instances = report.rows
    .filter((row) => !instanceIsHealthy(row))
    .map((row) => {
      const why = instanceReason(row);
      return `${place(row)}: ${row.instance.state}${why ? ` (${why})` : ''}`;
    });
  const drifted = report.rows.flatMap((row) =>
    (row.drift.status === 'DRIFTED' ? (row.drift.resources ?? []) : []).map(
      (r) =>
        `${place(row)}: ${r.logicalId} ${r.resourceType} ${r.status}${r.differences?.length ? ` (${r.differences.map((d) => d.path).join(', ')})` : ''}`,
    ),
  );
  const lists: [string, string[], (s: string) => string][] = [
    ['Could not be read', errors, style.red],
    ['Stack instances not current', instances, style.yellow],
    ['Drifted resources', drifted, style.yellow],
  ];
  return lists
    .filter(([, items]) => items.length > 0)
    .map(([title, items, paint]) => titledList(`${title} (${items.length})`, items, listLimit, style, paint))
    .join('\n\n');
}

function failingResources(
  report: ComplianceReport,
  { style, resourcesPerCell = 5, failingCellLimit = 50 }: TableRenderOptions,
): string {
  const cells = failingCells(report);
  if (cells.length === 0) return '';
  const { shown, more } = bounded(cells, failingCellLimit);
  const lines = [style.bold(`Failing resources (${cells.length} cells)`)];
  for (const { row, control, cell } of shown) {
    lines.push(
      `${row.accountId} ${row.accountName} ${row.region} · ${control.id}: ${style.red(`${cell.nonCompliant} non-compliant`)}`,
    );
    const resources = boundedResources(cell, resourcesPerCell);
    for (const resource of resources.shown) {
      lines.push(
        `  ${resource.cannotAutoRemediate ? style.yellow(describeResource(resource)) : describeResource(resource)}`,
      );
    }
    if (resources.more > 0) lines.push(style.dim(`  +${resources.more} more`));
  }
  if (more > 0) lines.push(style.dim(`+${more} more cells: --format csv or html lists them all`));
  return lines.join('\n');
}

function rollups(report: ComplianceReport, { style, width }: TableRenderOptions): string {
  const columns = (key: string): TextColumn[] => [
    { header: key, shrink: { min: 12, keep: 'path' } },
    ...ROLLUP_COLUMNS.map((c): TextColumn => ({ header: c.header, align: 'right' })),
  ];
  const cellsOf = (rollup: Rollup) => [rollup.key, ...ROLLUP_COLUMNS.map((c) => String(c.value(rollup)))];
  const totalRow = cellsOf(report.rollups.total).map((text): TextCell => ({ text, paint: style.bold }));
  const table = (title: string, key: string, rows: readonly Rollup[]) =>
    `${style.bold(title)}\n${formatTextTable(columns(key), [...rows.map(cellsOf), totalRow], {
      width,
      paintHeader: style.dim,
      paintRule: style.dim,
    })}`;
  return [
    table('By OU', 'OU', report.rollups.byOu),
    table('By region', 'region', report.rollups.byRegion),
    table('By control', 'control', report.rollups.byControl),
  ].join('\n\n');
}

function comparison(changes: ReportComparison, { style, listLimit = 20 }: TableRenderOptions): string {
  const sections = comparisonSections(changes);
  const title = style.bold(`Changes since ${changes.previousGeneratedAt}`);
  if (sections.length === 0) return `${title}\nnothing changed`;
  const paints: Record<string, (s: string) => string> = {
    'Newly non-compliant': style.red,
    Fixed: style.green,
    'New errors': style.red,
  };
  return [
    title,
    ...sections.map((s) =>
      titledList(`${s.title} (${s.items.length})`, s.items, listLimit, style, paints[s.title] ?? ((x) => x)),
    ),
  ].join('\n');
}

function titledList(
  title: string,
  items: readonly string[],
  limit: number,
  style: Styler,
  paint: (s: string) => string,
): string {
  const { shown, more } = bounded(items, limit);
  return [
    style.bold(title),
    ...shown.map((item) => `  ${paint(item)}`),
    ...(more > 0 ? [style.dim(`  +${more} more`)] : []),
  ].join('\n');
}

type Paint = (style: Styler) => (text: string) => string;

const CELL_PAINTS: Readonly<Record<CellState, Paint>> = {
  'non-compliant': (style) => style.red,
  compliant: (style) => style.green,
  error: (style) => (text) => style.bold(style.red(text)),
  exempt: (style) => style.cyan,
  'no-results': (style) => style.yellow,
  'not-deployed': (style) => style.dim,
};

const INSTANCE_PAINTS: Readonly<Record<InstanceState, Paint>> = {
  CURRENT: (style) => style.green,
  SKIPPED: (style) => style.dim,
  OUTDATED: (style) => style.yellow,
  INOPERABLE: (style) => style.red,
  FAILED: (style) => style.red,
  MISSING: (style) => style.red,
};

const DRIFT_PAINTS: Readonly<Record<DriftCell['status'], Paint>> = {
  DRIFTED: (style) => style.yellow,
  IN_SYNC: (style) => style.green,
  NOT_CHECKED: (style) => style.dim,
  UNKNOWN: (style) => style.dim,
};
