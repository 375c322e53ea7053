/**
 * GitHub-flavoured markdown for pull-request comments: a summary, an accounts × controls table per OU, the
 * failing resources folded in <details>, the roll-ups and what changed. Every string from the data is
 * escaped, so an account named `a|b` or `<img>` cannot break a table or inject HTML.
 */
import { markdownText } from '../../safe-text.js';
import type { ChangesSection } from '../changes/model.js';
import type { AccountRegionRow, ComplianceReport, ReportComparison, Rollup } from '../model.js';
import { changesView } from './changes-view.js';
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
  rowErrorText,
  summaryLine,
  viewCell,
  type CellState,
} from './view.js';

export interface MarkdownRenderOptions {
  readonly comparison?: ReportComparison;
  /** Above this many rows, only rows that need attention are listed (a PR comment holds 65,536 characters). */
  readonly rowLimit?: number;
  readonly resourcesPerCell?: number;
  readonly failingCellLimit?: number;
  readonly listLimit?: number;
}

const STATE_ICONS: Readonly<Record<CellState, string>> = {
  'non-compliant': '❌',
  compliant: '✅',
  'no-results': '⏳',
  'not-deployed': '',
  exempt: '',
  error: '⚠️',
};

/** The markdown sink of src/safe-text.ts: control characters shown as escapes, markup backslash-escaped. */
export const escapeMarkdown = markdownText;

export function renderMarkdown(report: ComplianceReport, options: MarkdownRenderOptions = {}): string {
  const sections = [
    `### cisfleet compliance report\n\n${escapeMarkdown(
      `${report.organizationId} · stack set ${report.stackSetName} · source ${report.source} · ${report.generatedAt}`,
    )}\n\n**${escapeMarkdown(summaryLine(report))}**`,
    accountTables(report, options),
    failingResources(report, options),
    rollups(report),
    options.comparison ? comparison(options.comparison, options.listLimit ?? 50) : '',
    report.changes ? changes(report.changes, options.listLimit ?? 50) : '',
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: (i: number) => boolean = () => false,
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, i) => (rightAligned(i) ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

function needsAttention(report: ComplianceReport, row: AccountRegionRow): boolean {
  return (
    row.status === 'ERROR' ||
    row.drift.status === 'DRIFTED' ||
    !instanceIsHealthy(row) ||
    report.controls.some((control) => cellOf(row, control.id).nonCompliant > 0)
  );
}

function accountTables(report: ComplianceReport, { rowLimit = 300 }: MarkdownRenderOptions): string {
  let rows = report.rows;
  let note = '';
  if (rows.length > rowLimit) {
    const attention = bounded(
      rows.filter((row) => needsAttention(report, row)),
      rowLimit,
    );
    rows = attention.shown;
    note = `\n\n_${report.rows.length - rows.length} account-regions not shown: only those needing attention are listed${
      attention.more > 0 ? `, and ${attention.more} of those are left out` : ''
    }._`;
  }
  const headers = [
    'Account',
    'Name',
    'Region',
    'Instance',
    'Drift',
    ...report.controls.map((c) => escapeMarkdown(c.id)),
  ];
  const fixedColumns = 5;
  const tables = groupByOu(rows).map(({ ouPath, rows: group }) => {
    const body = group.map((row) => {
      const error = rowErrorText(row);
      const cells = report.controls.map((control) => {
        const view = viewCell(cellOf(row, control.id));
        const icon = STATE_ICONS[view.state];
        return `${icon ? `${icon} ` : ''}${escapeMarkdown(view.label)}${view.cannotAutoRemediate > 0 ? ' ❗' : ''}`;
      });
      return [
        escapeMarkdown(row.accountId),
        escapeMarkdown(row.accountName) + (error ? `<br>⚠️ ${escapeMarkdown(error)}` : ''),
        escapeMarkdown(row.region),
        escapeMarkdown(row.instance.state + (row.instance.reason ? `: ${row.instance.reason}` : '')),
        escapeMarkdown(driftLabel(row)),
        ...cells,
      ];
    });
    return `#### ${escapeMarkdown(ouPath)}\n\n${table(headers, body, (i) => i >= fixedColumns)}`;
  });
  const legend =
    '_Cells: non-compliant/compliant resources · ❗ some cannot be remediated automatically · n/a: rule not deployed here · ⏳ no results yet._';
  return `${tables.join('\n\n')}${note}\n\n${legend}`;
}

function failingResources(
  report: ComplianceReport,
  { resourcesPerCell = 10, failingCellLimit = 50 }: MarkdownRenderOptions,
): string {
  const cells = failingCells(report);
  if (cells.length === 0) return '';
  const { shown, more } = bounded(cells, failingCellLimit);
  const items = shown.map(({ row, control, cell }) => {
    const resources = boundedResources(cell, resourcesPerCell);
    return [
      `- **${escapeMarkdown(row.accountId)} ${escapeMarkdown(row.accountName)} ${escapeMarkdown(row.region)} · ${escapeMarkdown(control.id)}**: ${cell.nonCompliant} non-compliant`,
      ...resources.shown.map((r) => `  - ${escapeMarkdown(describeResource(r))}`),
      ...(resources.more > 0 ? [`  - +${resources.more} more`] : []),
    ].join('\n');
  });
  if (more > 0) items.push(`- +${more} more cells`);
  return `<details><summary>Failing resources (${cells.length} cells)</summary>\n\n${items.join('\n')}\n\n</details>`;
}

function rollups(report: ComplianceReport): string {
  const headers = (key: string) => [key, ...ROLLUP_COLUMNS.map((c) => c.header)];
  const row = (r: Rollup, bold = false) => {
    const cells = [escapeMarkdown(r.key), ...ROLLUP_COLUMNS.map((c) => String(c.value(r)))];
    return bold ? cells.map((c) => `**${c}**`) : cells;
  };
  const rollupTable = (title: string, key: string, rollupRows: readonly Rollup[]) =>
    `#### ${title}\n\n${table(headers(key), [...rollupRows.map((r) => row(r)), row(report.rollups.total, true)], (i) => i > 0)}`;
  return [
    rollupTable('By OU', 'OU', report.rollups.byOu),
    rollupTable('By region', 'Region', report.rollups.byRegion),
    rollupTable('By control', 'Control', report.rollups.byControl),
  ].join('\n\n');
}

function changes(section: ChangesSection, listLimit: number): string {
  const view = changesView(section);
  return [
    `#### ${escapeMarkdown(view.title)}\n\n${escapeMarkdown(view.summary)}`,
    ...view.tables.map((t) => {
      const { shown, more } = bounded(t.rows, listLimit);
      const body =
        t.rows.length === 0
          ? 'None.'
          : table(
              t.headers,
              shown.map((row) => row.map(escapeMarkdown)),
            );
      return `**${escapeMarkdown(t.title)}**\n\n${body}${more > 0 ? `\n\n+${more} more` : ''}`;
    }),
  ].join('\n\n');
}

function comparison(changes: ReportComparison, listLimit: number): string {
  const sections = comparisonSections(changes);
  const title = `#### Changes since ${escapeMarkdown(changes.previousGeneratedAt)}`;
  if (sections.length === 0) return `${title}\n\nNothing changed.`;
  return [
    title,
    ...sections.map((section) => {
      const { shown, more } = bounded(section.items, listLimit);
      const items = [...shown.map((item) => `- ${escapeMarkdown(item)}`), ...(more > 0 ? [`- +${more} more`] : [])];
      return `**${section.title} (${section.items.length})**\n\n${items.join('\n')}`;
    }),
  ].join('\n\n');
}
