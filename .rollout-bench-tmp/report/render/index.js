/**
 * Renders a ComplianceReport in the format the user asked for. Pure: no I/O, no terminal detection (the
 * caller decides colour from NO_COLOR and the TTY, and the width from the terminal).
 */
import { makeStyler } from '../../ui/reporter.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';
const DEFAULT_WIDTH = 120;
export function renderReport(report, format, options) {
    const { comparison } = options;
    switch (format) {
        case 'table':
            return renderTable(report, { style: makeStyler(options.color), width: options.width ?? DEFAULT_WIDTH, comparison });
        case 'json':
            return renderJson(report, comparison);
        case 'csv':
            return renderCsv(report);
        case 'md':
            return renderMarkdown(report, { comparison });
        case 'html':
            return renderHtml(report, { comparison });
    }
}
//# sourceMappingURL=index.js.map