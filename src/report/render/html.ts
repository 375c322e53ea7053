/**
 * The HTML report: one self-contained file (inline CSS and script, no requests) with totals, an accounts ×
 * controls heatmap grouped by OU, what needs attention, the failing resources per cell, roll-ups and the
 * comparison. Every string from the data goes through `escapeHtml`; state is always written as text, never
 * colour alone.
 */
import { htmlText } from '../../safe-text.js';
import type { ChangesSection } from '../changes/model.js';
import type { AccountRegionRow, ComplianceReport, ReportComparison, ReportControl, Rollup } from '../model.js';
import { changesView } from './changes-view.js';
import { REPORT_CSS, REPORT_SCRIPT, contentSecurityPolicy } from './html-assets.js';
import {
  CELL_STATES,
  CELL_STATE_MEANINGS,
  ROLLUP_COLUMNS,
  boundedResources,
  cellOf,
  comparisonSections,
  driftLabel,
  failingCells,
  groupByOu,
  instanceIsHealthy,
  instanceReason,
  rowErrorText,
  summaryLine,
  viewCell,
  bounded,
  type CellState,
  type CellView,
  type FailingCell,
} from './view.js';

export interface HtmlRenderOptions {
  readonly comparison?: ReportComparison;
  /** Resources listed per failing cell (the count stays exact). */
  readonly resourcesPerCell?: number;
  readonly listLimit?: number;
}

/** Escapes text for element content and quoted attribute values: the HTML sink of src/safe-text.ts. */
export const escapeHtml = htmlText;

/** Tagged template: interpolated strings are escaped unless wrapped in `raw()`. */
function html(strings: TemplateStringsArray, ...values: (string | number | Raw | readonly Raw[])[]): Raw {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const text =
      typeof value === 'string' || typeof value === 'number'
        ? escapeHtml(String(value))
        : value instanceof Raw
          ? value.html
          : value.map((v) => v.html).join('');
    out += text + strings[i + 1]!;
  });
  return new Raw(out);
}

class Raw {
  constructor(readonly html: string) {}
}

const none = new Raw('');

/** Non-compliant counts on a log scale: 1–9, 10–99, 100–999, 1000+. */
function heatLevel(nonCompliant: number): number {
  return Math.min(4, Math.max(1, Math.floor(Math.log10(nonCompliant)) + 1));
}

export function renderHtml(report: ComplianceReport, options: HtmlRenderOptions = {}): string {
  const failing = failingCells(report);
  const detailIds = new Map(failing.map((f, i) => [f, `fail-${i}`]));
  // One lookup per cell would be quadratic on a large organization: index by row, then control.
  const byRow = new Map<AccountRegionRow, Map<string, string>>();
  for (const [f, id] of detailIds) {
    const controls = byRow.get(f.row) ?? new Map<string, string>();
    controls.set(f.control.id, id);
    byRow.set(f.row, controls);
  }
  const title = `cisfleet compliance report · ${report.organizationId}`;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<title>${title}</title>
<style>${new Raw(REPORT_CSS)}</style>
</head>
<body>
<main>
${header(report)}
${controlCards(report)}
${heatmap(report, (row, controlId) => byRow.get(row)?.get(controlId))}
${attention(report, options.listLimit ?? 200)}
${failingSection(failing, detailIds, options.resourcesPerCell ?? 50)}
${rollupSection(report)}
${options.comparison ? comparisonSection(options.comparison, options.listLimit ?? 200) : none}
${report.changes ? changesSection(report.changes, options.listLimit ?? 200) : none}
<footer>cisfleet report, format version ${report.version} · generated ${report.generatedAt}</footer>
</main>
<script>${new Raw(REPORT_SCRIPT)}</script>
</body>
</html>
`;
  return page.html;
}

function header(report: ComplianceReport): Raw {
  const total = report.rollups.total;
  const card = (n: number, label: string, tone: string) =>
    html`<div class="card ${tone}"><div class="n">${n}</div><div class="l">${label}</div></div>`;
  const cards = [
    card(total.nonCompliant, 'non-compliant resources', total.nonCompliant > 0 ? 'bad' : 'ok'),
    card(total.compliant, 'compliant resources', 'ok'),
    card(total.nonCompliantRows, `of ${total.rows} account-regions failing`, total.nonCompliantRows > 0 ? 'bad' : 'ok'),
    report.driftChecked
      ? card(total.driftedRows, 'stack instances drifted', total.driftedRows > 0 ? 'warn' : 'ok')
      : none,
    card(total.instancesNotCurrent, 'stack instances not current', total.instancesNotCurrent > 0 ? 'warn' : 'ok'),
    card(total.errorRows, 'account-regions could not be read', total.errorRows > 0 ? 'warn' : 'ok'),
  ];
  return html`<header>
<h1>Compliance report</h1>
<div class="meta">Organization <span class="mono">${report.organizationId}</span> · stack set <span class="mono">${report.stackSetName}</span> · source ${report.source} · ${report.generatedAt}${report.driftChecked || report.driftUnavailable !== undefined ? '' : ' · drift not checked'}</div>
<p>${summaryLine(report)}</p>
<div class="cards">${cards}</div>
</header>`;
}

function complianceBar(compliant: number, nonCompliant: number): Raw {
  const total = compliant + nonCompliant;
  if (total === 0) return html`<div class="bar" aria-hidden="true"></div>`;
  const pct = (n: number) => `${((100 * n) / total).toFixed(2)}%`;
  return html`<div class="bar" aria-hidden="true"><span class="nc" style="width:${pct(nonCompliant)}"></span><span class="c" style="width:${pct(compliant)}"></span></div>`;
}

function percentCompliant(compliant: number, nonCompliant: number): string {
  const total = compliant + nonCompliant;
  return total === 0 ? 'no resources evaluated' : `${((100 * compliant) / total).toFixed(1)}% compliant`;
}

function cisLabel(control: ReportControl): string {
  const versions = Object.keys(control.cis).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const latest = versions.at(-1);
  return latest ? `CIS ${latest} ${control.cis[latest]}` : '';
}

function controlCards(report: ComplianceReport): Raw {
  const cards = report.controls.map((control) => {
    const totals = report.rollups.total.byControl[control.id] ?? {
      compliant: 0,
      nonCompliant: 0,
      cannotAutoRemediate: 0,
    };
    return html`<div class="control"><div class="t">${control.title}</div>
<div class="s">${control.id} · ${cisLabel(control)}${control.securityHub.length ? ` · Security Hub ${control.securityHub.join(', ')}` : ''}</div>
${complianceBar(totals.compliant, totals.nonCompliant)}
<div class="s"><strong>${totals.nonCompliant}</strong> non-compliant · ${totals.compliant} compliant · ${percentCompliant(totals.compliant, totals.nonCompliant)}${
      totals.cannotAutoRemediate > 0 ? ` · ${totals.cannotAutoRemediate} cannot be remediated automatically` : ''
    }</div></div>`;
  });
  return html`<section aria-labelledby="by-control"><h2 id="by-control">Controls</h2><div class="controls">${cards}</div></section>`;
}

function cellClass(view: CellView): string {
  return view.state === 'non-compliant'
    ? `cell s-non-compliant h${heatLevel(view.nonCompliant)}`
    : `cell s-${view.state}`;
}

const LEGEND_SAMPLES: Readonly<Record<CellState, string>> = {
  'non-compliant': '3/40',
  compliant: '0/40',
  'no-results': 'no data',
  'not-deployed': 'n/a',
  exempt: 'exempt',
  error: 'ERROR',
};

function legend(): Raw {
  const items = CELL_STATES.map(
    (state) =>
      html`<li><span class="${state === 'non-compliant' ? 's-non-compliant h2' : `s-${state}`}"><span class="sw">${LEGEND_SAMPLES[state]}</span></span>${CELL_STATE_MEANINGS[state]}</li>`,
  );
  return html`<ul class="legend" aria-label="Legend">${items}<li><span class="fix">!</span> some resources cannot be remediated automatically</li><li>darker red: more non-compliant resources</li></ul>`;
}

function instanceBadge(row: AccountRegionRow): Raw {
  const tone =
    row.instance.state === 'CURRENT'
      ? 'b-good'
      : row.instance.state === 'OUTDATED'
        ? 'b-warn'
        : row.instance.state === 'SKIPPED'
          ? 'b-none'
          : 'b-bad';
  return html`<span class="badge ${tone}" title="${instanceReason(row)}">${row.instance.state}</span>`;
}

function driftBadge(row: AccountRegionRow): Raw {
  const tone = row.drift.status === 'DRIFTED' ? 'b-warn' : row.drift.status === 'IN_SYNC' ? 'b-good' : 'b-none';
  const resources = (row.drift.resources ?? []).map((r) => `${r.logicalId} ${r.status}`).join(', ');
  return html`<span class="badge ${tone}" title="${resources}">${driftLabel(row)}</span>`;
}

function heatmap(
  report: ComplianceReport,
  detailFor: (row: AccountRegionRow, controlId: string) => string | undefined,
): Raw {
  const columnCount = 4 + report.controls.length;
  const head = html`<thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Stack instance</th><th scope="col">Drift</th>${report.controls.map(
    (c) => html`<th scope="col" class="ctl" title="${c.title}">${c.id}<span class="sub">${cisLabel(c)}</span></th>`,
  )}</tr></thead>`;
  const groups = groupByOu(report.rows).map(({ ouPath, rows }) => {
    const accounts = new Set(rows.map((r) => r.accountId)).size;
    const failingRows = rows.filter((r) => report.controls.some((c) => cellOf(r, c.id).nonCompliant > 0)).length;
    const body = rows.map((row) => {
      const error = rowErrorText(row);
      const healthy =
        !error &&
        instanceIsHealthy(row) &&
        row.drift.status !== 'DRIFTED' &&
        !report.controls.some((c) => cellOf(row, c.id).nonCompliant > 0);
      const cells = report.controls.map((control) => {
        const view = viewCell(cellOf(row, control.id));
        const label = html`${view.label}${view.cannotAutoRemediate > 0 ? html`<span class="fix" title="some resources cannot be remediated automatically">!</span>` : none}`;
        const detail = detailFor(row, control.id);
        const inner = detail
          ? html`<button type="button" data-detail="${detail}" aria-expanded="false" aria-label="${control.id}: ${view.nonCompliant} non-compliant, ${view.compliant} compliant; show resources">${label}</button>`
          : view.state === 'error' && error
            ? html`<span title="${error}">${label}</span>`
            : html`<span>${label}</span>`;
        // No per-cell title: the legend and column headers explain, and 160,000 cells must stay light.
        return html`<td class="${cellClass(view)}" data-account="${row.accountId}" data-region="${row.region}" data-control="${control.id}" data-state="${view.state}" data-noncompliant="${view.nonCompliant}">${inner}</td>`;
      });
      return html`<tr class="${healthy ? 'ok' : 'attention'}"><th scope="row"><span class="name" title="${row.accountName}">${row.accountName}</span><span class="id">${row.accountId}</span>${
        error ? html`<span class="rowerr">ERROR ${error}</span>` : none
      }</th><td>${row.region}</td><td>${instanceBadge(row)}</td><td>${driftBadge(row)}</td>${cells}</tr>`;
    });
    return html`<tbody><tr class="ou"><th scope="rowgroup" colspan="${columnCount}">${ouPath}<span class="muted">${plural(accounts, 'account')} · ${failingRows} of ${plural(rows.length, 'account-region')} failing</span></th></tr>${body}</tbody>`;
  });
  return html`<section aria-labelledby="heatmap-title"><h2 id="heatmap-title">Accounts × controls</h2>
${legend()}
<div class="toolbar"><label><input type="checkbox" id="only-attention"> only rows that need attention</label><span class="muted">Select a red cell to see its failing resources.</span></div>
<div class="scroll"><table id="heatmap"><caption class="muted" style="caption-side:bottom;text-align:left;padding:6px 8px">Cells: non-compliant / compliant resources per account, region and control.</caption>${head}${groups}</table></div>
</section>`;
}

function attention(report: ComplianceReport, limit: number): Raw {
  const errors = report.rows.filter((r) => rowErrorText(r));
  const instances = report.rows.filter((r) => !instanceIsHealthy(r));
  const drifted = report.rows.filter((r) => r.drift.status === 'DRIFTED');
  if (errors.length + instances.length + drifted.length === 0) return none;
  const place = (row: AccountRegionRow) =>
    html`<td>${row.accountName} <span class="id">${row.accountId}</span></td><td class="nowrap">${row.region}</td>`;
  const more = (n: number) => (n > 0 ? html`<p class="muted">+${n} more</p>` : none);
  const errorTable = bounded(errors, limit);
  const instanceTable = bounded(instances, limit);
  const driftRows = drifted.flatMap((row) => (row.drift.resources ?? []).map((resource) => ({ row, resource })));
  const driftTable = bounded(driftRows, limit);
  return html`<section aria-labelledby="attention-title"><h2 id="attention-title">Needs attention</h2>
${
  errors.length
    ? html`<h3>Could not be read (${errors.length})</h3><table class="plain"><thead><tr><th>Account</th><th>Region</th><th>Reason</th></tr></thead><tbody>${errorTable.shown.map(
        (row) => html`<tr>${place(row)}<td>${rowErrorText(row) ?? ''}</td></tr>`,
      )}</tbody></table>${more(errorTable.more)}`
    : none
}
${
  instances.length
    ? html`<h3>Stack instances not current (${instances.length})</h3><table class="plain"><thead><tr><th>Account</th><th>Region</th><th>Status</th><th>Reason</th></tr></thead><tbody>${instanceTable.shown.map(
        (row) => html`<tr>${place(row)}<td>${instanceBadge(row)}</td><td>${instanceReason(row)}</td></tr>`,
      )}</tbody></table>${more(instanceTable.more)}`
    : none
}
${
  driftRows.length
    ? html`<h3>Drifted resources (${driftRows.length})</h3><table class="plain"><thead><tr><th>Account</th><th>Region</th><th>Resource</th><th>Type</th><th>Status</th><th>Differences</th></tr></thead><tbody>${driftTable.shown.map(
        ({ row, resource }) =>
          html`<tr>${place(row)}<td class="mono">${resource.logicalId}</td><td class="mono">${resource.resourceType}</td><td>${resource.status}</td><td>${(
            resource.differences ?? []
          )
            .map((d) => `${d.path}: ${d.expected ?? '∅'} → ${d.actual ?? '∅'}`)
            .join('; ')}</td></tr>`,
      )}</tbody></table>${more(driftTable.more)}`
    : none
}
</section>`;
}

function failingSection(
  failing: readonly FailingCell[],
  ids: ReadonlyMap<FailingCell, string>,
  resourcesPerCell: number,
): Raw {
  if (failing.length === 0) return none;
  const items = failing.map((f) => {
    const { shown, more } = boundedResources(f.cell, resourcesPerCell);
    const rows = shown.map(
      (r) =>
        html`<tr><td class="mono">${r.resourceType}</td><td class="mono">${r.resourceId}</td><td>${r.annotation ?? ''}</td><td>${
          r.cannotAutoRemediate
            ? html`<span class="manual">cannot auto-remediate: ${r.cannotAutoRemediate}</span>`
            : none
        }</td></tr>`,
    );
    return html`<details class="fail" id="${ids.get(f)!}"><summary>${f.row.accountName} (${f.row.accountId}) · ${f.row.region} · ${f.control.id}: ${f.cell.nonCompliant} non-compliant</summary>
<div class="resources"><table class="plain"><thead><tr><th>Type</th><th>Resource</th><th>Annotation</th><th>Remediation</th></tr></thead><tbody>${rows}</tbody></table>${
      more > 0 ? html`<p class="muted">+${more} more non-compliant resources</p>` : none
    }</div></details>`;
  });
  return html`<section aria-labelledby="failing-title"><h2 id="failing-title">Failing resources (${failing.length} cells)</h2>${items}</section>`;
}

function rollupTable(caption: string, key: string, rollups: readonly Rollup[], total: Rollup): Raw {
  const row = (r: Rollup, cls = '') =>
    html`<tr class="${cls}"><th scope="row">${r.key}</th>${ROLLUP_COLUMNS.map(
      (c) => html`<td class="num">${c.value(r)}</td>`,
    )}<td><div class="barcell">${complianceBar(r.compliant, r.nonCompliant)}<span class="muted">${percentCompliant(r.compliant, r.nonCompliant)}</span></div></td></tr>`;
  return html`<h3>${caption}</h3><table class="plain"><thead><tr><th scope="col">${key}</th>${ROLLUP_COLUMNS.map(
    (c) => html`<th scope="col" class="num">${c.header}</th>`,
  )}<th scope="col">compliance</th></tr></thead><tbody>${rollups.map((r) => row(r))}${row(total, 'total')}</tbody></table>`;
}

function rollupSection(report: ComplianceReport): Raw {
  const { byOu, byRegion, byControl, total } = report.rollups;
  return html`<section aria-labelledby="rollups-title"><h2 id="rollups-title">Roll-ups</h2>
${rollupTable('By OU', 'OU', byOu, total)}
${rollupTable('By region', 'Region', byRegion, total)}
${rollupTable('By control', 'Control', byControl, total)}
</section>`;
}

const CHANGE_TONES: Readonly<Record<string, string>> = {
  'Newly non-compliant': 't-bad',
  'New errors': 't-bad',
  Fixed: 't-good',
  'Drift cleared': 't-good',
};

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function changesSection(section: ChangesSection, limit: number): Raw {
  const view = changesView(section);
  const tables = view.tables.map((t) => {
    const { shown, more } = bounded(t.rows, limit);
    const body =
      t.rows.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<table><thead><tr>${t.headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${shown.map(
            (row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`,
          )}</tbody></table>`;
    return html`<h3>${t.title}</h3>${body}${more > 0 ? html`<p class="muted">+${more} more: --format json or csv lists them all</p>` : none}`;
  });
  return html`<section aria-labelledby="remediation-title"><h2 id="remediation-title">${view.title}</h2><p>${view.summary}</p>${tables}</section>`;
}

function comparisonSection(comparison: ReportComparison, limit: number): Raw {
  const sections = comparisonSections(comparison);
  const body = sections.length
    ? html`<div class="changes">${sections.map((s) => {
        const { shown, more } = bounded(s.items, limit);
        return html`<section class="${CHANGE_TONES[s.title] ?? 't-warn'}"><h3>${s.title} (${s.items.length})</h3><ul>${shown.map((item) => html`<li>${item}</li>`)}</ul>${
          more > 0 ? html`<p class="muted">+${more} more</p>` : none
        }</section>`;
      })}</div>`
    : html`<p>Nothing changed.</p>`;
  return html`<section aria-labelledby="changes-title"><h2 id="changes-title">Changes since ${comparison.previousGeneratedAt}</h2>${body}</section>`;
}
