import { ROLLUP_COLUMNS, bounded, boundedResources, cellOf, comparisonSections, describeResource, driftLabel, failingCells, groupByOu, instanceIsHealthy, rowErrorText, summaryLine, viewCell, } from './view.js';
const STATE_ICONS = {
    'non-compliant': '❌',
    compliant: '✅',
    'no-results': '⏳',
    'not-deployed': '',
    exempt: '',
    error: '⚠️',
};
/** Backslash-escapes what markdown would read as markup; line breaks become spaces. */
export function escapeMarkdown(text) {
    return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}
export function renderMarkdown(report, options = {}) {
    const sections = [
        `### cisfleet compliance report\n\n${escapeMarkdown(`${report.organizationId} · stack set ${report.stackSetName} · source ${report.source} · ${report.generatedAt}`)}\n\n**${escapeMarkdown(summaryLine(report))}**`,
        accountTables(report, options),
        failingResources(report, options),
        rollups(report),
        options.comparison ? comparison(options.comparison, options.listLimit ?? 50) : '',
    ];
    return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}
function table(headers, rows, rightAligned = () => false) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    return [line(headers), line(headers.map((_, i) => (rightAligned(i) ? '---:' : '---'))), ...rows.map(line)].join('\n');
}
function needsAttention(report, row) {
    return (row.status === 'ERROR' ||
        row.drift.status === 'DRIFTED' ||
        !instanceIsHealthy(row) ||
        report.controls.some((control) => cellOf(row, control.id).nonCompliant > 0));
}
function accountTables(report, { rowLimit = 300 }) {
    let rows = report.rows;
    let note = '';
    if (rows.length > rowLimit) {
        const attention = bounded(rows.filter((row) => needsAttention(report, row)), rowLimit);
        rows = attention.shown;
        note = `\n\n_${report.rows.length - rows.length} account-regions not shown: only those needing attention are listed${attention.more > 0 ? `, and ${attention.more} of those are left out` : ''}._`;
    }
    const headers = ['Account', 'Name', 'Region', 'Instance', 'Drift', ...report.controls.map((c) => escapeMarkdown(c.id))];
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
                row.accountId,
                escapeMarkdown(row.accountName) + (error ? `<br>⚠️ ${escapeMarkdown(error)}` : ''),
                escapeMarkdown(row.region),
                escapeMarkdown(row.instance.state + (row.instance.reason ? `: ${row.instance.reason}` : '')),
                escapeMarkdown(driftLabel(row)),
                ...cells,
            ];
        });
        return `#### ${escapeMarkdown(ouPath)}\n\n${table(headers, body, (i) => i >= fixedColumns)}`;
    });
    const legend = '_Cells: non-compliant/compliant resources · ❗ some cannot be remediated automatically · n/a: rule not deployed here · ⏳ no results yet._';
    return `${tables.join('\n\n')}${note}\n\n${legend}`;
}
function failingResources(report, { resourcesPerCell = 10, failingCellLimit = 50 }) {
    const cells = failingCells(report);
    if (cells.length === 0)
        return '';
    const { shown, more } = bounded(cells, failingCellLimit);
    const items = shown.map(({ row, control, cell }) => {
        const resources = boundedResources(cell, resourcesPerCell);
        return [
            `- **${row.accountId} ${escapeMarkdown(row.accountName)} ${escapeMarkdown(row.region)} · ${escapeMarkdown(control.id)}**: ${cell.nonCompliant} non-compliant`,
            ...resources.shown.map((r) => `  - ${escapeMarkdown(describeResource(r))}`),
            ...(resources.more > 0 ? [`  - +${resources.more} more`] : []),
        ].join('\n');
    });
    if (more > 0)
        items.push(`- +${more} more cells`);
    return `<details><summary>Failing resources (${cells.length} cells)</summary>\n\n${items.join('\n')}\n\n</details>`;
}
function rollups(report) {
    const headers = (key) => [key, ...ROLLUP_COLUMNS.map((c) => c.header)];
    const row = (r, bold = false) => {
        const cells = [escapeMarkdown(r.key), ...ROLLUP_COLUMNS.map((c) => String(c.value(r)))];
        return bold ? cells.map((c) => `**${c}**`) : cells;
    };
    const rollupTable = (title, key, rollupRows) => `#### ${title}\n\n${table(headers(key), [...rollupRows.map((r) => row(r)), row(report.rollups.total, true)], (i) => i > 0)}`;
    return [
        rollupTable('By OU', 'OU', report.rollups.byOu),
        rollupTable('By region', 'Region', report.rollups.byRegion),
        rollupTable('By control', 'Control', report.rollups.byControl),
    ].join('\n\n');
}
function comparison(changes, listLimit) {
    const sections = comparisonSections(changes);
    const title = `#### Changes since ${escapeMarkdown(changes.previousGeneratedAt)}`;
    if (sections.length === 0)
        return `${title}\n\nNothing changed.`;
    return [
        title,
        ...sections.map((section) => {
            const { shown, more } = bounded(section.items, listLimit);
            const items = [...shown.map((item) => `- ${escapeMarkdown(item)}`), ...(more > 0 ? [`- +${more} more`] : [])];
            return `**${section.title} (${section.items.length})**\n\n${items.join('\n')}`;
        }),
    ].join('\n\n');
}
//# sourceMappingURL=markdown.js.map