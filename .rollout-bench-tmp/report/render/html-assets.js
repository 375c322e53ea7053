/**
 * The HTML report's inline stylesheet and script. The script holds no report data (it reads the DOM), so
 * nothing from the data can end up inside a <script> element; its hash goes into the page's
 * Content-Security-Policy, which blocks every other script and every network request.
 */
import { createHash } from 'node:crypto';
export const REPORT_CSS = `
:root { color-scheme: light; --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --panel:#f6f8fa;
  --ok:#1a7f37; --ok-bg:#dafbe1; --bad:#cf222e; --bad-fg:#82071e; --warn-bg:#fff8c5; --warn:#7d4e00;
  --info-bg:#ddf4ff; --info:#0550ae; --err:#953800; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { padding: 24px 32px 48px; max-width: 1600px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta, .muted { color: var(--muted); }
.mono, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px; background: var(--bg); }
.card .n { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .l { color: var(--muted); font-size: 12px; }
.card.bad .n { color: var(--bad); } .card.ok .n { color: var(--ok); } .card.warn .n { color: var(--err); }
.controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
.control { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.control .t { font-weight: 600; } .control .s { color: var(--muted); font-size: 12px; }
.bar { display: flex; height: 8px; border-radius: 4px; overflow: hidden; background: var(--panel); margin: 8px 0 4px; min-width: 80px; }
.bar .c { background: var(--ok); } .bar .nc { background: var(--bad); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; text-align: left; vertical-align: middle; }
thead th { position: sticky; top: 0; background: var(--bg); z-index: 2; border-bottom: 2px solid var(--line); font-size: 12px; }
.scroll { overflow: auto; max-height: 80vh; width: fit-content; max-width: 100%; border: 1px solid var(--line); border-radius: 8px; }
#heatmap th.ctl { text-align: center; min-width: 92px; }
#heatmap th.ctl .sub { display: block; font-weight: 400; color: var(--muted); }
#heatmap td, #heatmap th[scope=row] { border-bottom: 1px solid var(--panel); }
#heatmap tbody th[scope=row] { position: sticky; left: 0; background: var(--bg); z-index: 1; font-weight: 500; max-width: 260px; }
#heatmap tr.ou th { background: var(--panel); text-align: left; font-size: 13px; border-top: 1px solid var(--line); position: sticky; left: 0; }
#heatmap tr.ou .muted { font-weight: 400; margin-left: 8px; }
.name { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.rowerr { display: block; color: var(--err); font-size: 12px; white-space: normal; }
td.cell { text-align: center; padding: 2px; min-width: 92px; }
td.cell > span, td.cell > button { display: block; width: 100%; padding: 5px 6px; border-radius: 5px; border: 0; font: inherit; font-variant-numeric: tabular-nums; }
td.cell > button { cursor: pointer; }
td.cell > button:focus-visible { outline: 2px solid var(--info); outline-offset: 1px; }
td.cell > button[aria-expanded=true] { box-shadow: inset 0 0 0 2px var(--fg); }
.s-compliant > * { background: var(--ok-bg); color: var(--ok); }
.s-non-compliant.h1 > * { background: #ffebe9; color: var(--bad-fg); }
.s-non-compliant.h2 > * { background: #ffc1ba; color: var(--bad-fg); }
.s-non-compliant.h3 > * { background: #ff8182; color: #4c0014; font-weight: 600; }
.s-non-compliant.h4 > * { background: var(--bad); color: #fff; font-weight: 650; }
.s-no-results > * { background: var(--warn-bg); color: var(--warn); }
.s-not-deployed > * { background: repeating-linear-gradient(135deg, var(--panel) 0 6px, #eef1f4 6px 12px); color: var(--muted); }
.s-exempt > * { background: var(--info-bg); color: var(--info); }
.s-error > * { background: repeating-linear-gradient(135deg, #fff1e5 0 6px, #ffd8b5 6px 12px); color: var(--err); font-weight: 650; }
.fix { font-weight: 700; margin-left: 2px; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; border: 1px solid transparent; white-space: nowrap; }
.b-good { background: var(--ok-bg); color: var(--ok); } .b-warn { background: var(--warn-bg); color: var(--warn); }
.b-bad { background: #ffebe9; color: var(--bad-fg); } .b-none { color: var(--muted); border-color: var(--line); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 8px 0 12px; padding: 0; list-style: none; font-size: 12px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.legend .sw { display: inline-block; min-width: 52px; padding: 2px 6px; border-radius: 4px; text-align: center; font-weight: 600; }
.toolbar { display: flex; gap: 16px; align-items: center; font-size: 13px; margin-bottom: 8px; }
tr.expand > td { background: var(--panel); padding: 10px 16px 14px; border-bottom: 1px solid var(--line); }
table.plain { border: 1px solid var(--line); border-radius: 8px; }
table.plain thead th { font-size: 12px; color: var(--muted); border-bottom: 1px solid var(--line); }
table.plain td, table.plain tbody th { border-bottom: 1px solid var(--panel); font-weight: 400; }
td.nowrap, th.nowrap { white-space: nowrap; }
.barcell { display: flex; align-items: center; gap: 8px; white-space: nowrap; }
.barcell .bar { width: 120px; margin: 0; }
td.num, th.num { text-align: right; }
table.plain tr.total > * { font-weight: 650; border-top: 2px solid var(--line); }
details.fail { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; padding: 6px 12px; }
details.fail summary { cursor: pointer; }
.manual { color: var(--err); }
.changes { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
.changes section { border: 1px solid var(--line); border-left-width: 4px; border-radius: 8px; padding: 8px 14px; }
.changes h3 { margin-top: 4px; }
.changes .t-bad { border-left-color: var(--bad); } .changes .t-good { border-left-color: var(--ok); } .changes .t-warn { border-left-color: #d4a72c; }
.changes ul { margin: 4px 0; padding-left: 18px; }
.hide-ok tr.ok { display: none; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;
/** Click (or Enter/Space on) a failing cell: its resources open in a row under it; again closes them. */
export const REPORT_SCRIPT = `
(() => {
  const table = document.getElementById('heatmap');
  if (!table) return;
  const columns = table.tHead.rows[table.tHead.rows.length - 1].cells.length;
  const closeIn = (row) => {
    const next = row.nextElementSibling;
    if (!next || !next.classList.contains('expand')) return undefined;
    next.remove();
    row.querySelectorAll('button[aria-expanded="true"]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
    return next.dataset.detail;
  };
  table.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-detail]');
    if (!button) return;
    const row = button.closest('tr');
    const id = button.dataset.detail;
    if (closeIn(row) === id) return;
    const source = document.getElementById(id);
    if (!source) return;
    const expand = document.createElement('tr');
    expand.className = 'expand';
    expand.id = 'x-' + id;
    expand.dataset.detail = id;
    const cell = document.createElement('td');
    cell.colSpan = columns;
    const body = source.querySelector('.resources').cloneNode(true);
    const heading = document.createElement('h3');
    heading.textContent = source.querySelector('summary').textContent;
    cell.append(heading, body);
    expand.append(cell);
    row.after(expand);
    button.setAttribute('aria-expanded', 'true');
    button.setAttribute('aria-controls', expand.id);
  });
  const filter = document.getElementById('only-attention');
  if (filter) filter.addEventListener('change', () => table.classList.toggle('hide-ok', filter.checked));
})();
`;
/** The Content-Security-Policy that lets only REPORT_SCRIPT run and forbids any request. */
export function contentSecurityPolicy() {
    const hash = createHash('sha256').update(REPORT_SCRIPT).digest('base64');
    return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`;
}
//# sourceMappingURL=html-assets.js.map