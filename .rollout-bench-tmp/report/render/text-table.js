/**
 * A plain-text table for terminals: widths measured on the text before colour is applied, hyphenated
 * headers wrapped onto two lines, chosen columns shrunk (with an ellipsis) to fit a width, and a row's last
 * cell spanning the columns it does not fill.
 */
const GAP = '  ';
const ELLIPSIS = '…';
export function formatTextTable(columns, rows, options) {
    const cells = rows.map((row) => row.map((c) => (typeof c === 'string' ? { text: c } : c)));
    const contentWidths = columns.map((_, i) => Math.max(0, ...cells.filter((row) => i < row.length && !spans(row, i, columns.length)).map((row) => row[i].text.length)));
    const widths = columns.map((column, i) => Math.max(headerWidth(column.header), contentWidths[i]));
    // Columns that may not cut their text can still narrow until their header wraps onto more lines.
    const minimums = columns.map((column, i) => column.shrink ? Math.min(column.shrink.min, widths[i]) : Math.max(contentWidths[i], ...headerPieces(column.header).map((p) => p.trimEnd().length)));
    shrinkToFit(widths, minimums, options.width);
    const paintHeader = options.paintHeader ?? ((s) => s);
    const paintRule = options.paintRule ?? ((s) => s);
    const headerLines = columns.map((column, i) => wrapHeader(column.header, widths[i]));
    const headerHeight = Math.max(...headerLines.map((lines) => lines.length));
    const lines = [];
    for (let line = 0; line < headerHeight; line++) {
        const texts = headerLines.map((h) => h[line - (headerHeight - h.length)] ?? '');
        lines.push(joinCells(texts.map((text) => ({ text })), columns, widths, options.width, paintHeader));
    }
    lines.push(paintRule(widths.map((w) => '─'.repeat(w)).join(GAP)));
    for (const row of cells)
        lines.push(joinCells(row, columns, widths, options.width));
    return lines.join('\n');
}
function joinCells(row, columns, widths, tableWidth, paintAll) {
    const parts = row.map((cell, i) => {
        const spanning = spans(row, i, columns.length);
        // A spanning cell ends the line, so it may use whatever the table width leaves it.
        const offset = widths.slice(0, i).reduce((sum, w) => sum + w + GAP.length, 0);
        const spanWidth = widths.slice(i).reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1 - i);
        const width = spanning ? Math.max(spanWidth, tableWidth - offset) : widths[i];
        const text = cut(cell.text, width, cell.keep ?? columns[i].shrink?.keep ?? 'start');
        const painted = (paintAll ?? cell.paint ?? ((s) => s))(text);
        const padding = ' '.repeat(width - text.length);
        return columns[i].align === 'right' && !spanning ? padding + painted : painted + padding;
    });
    return parts.join(GAP).trimEnd();
}
function spans(row, index, columnCount) {
    return index === row.length - 1 && row.length < columnCount;
}
/** Cuts text to a width with an ellipsis, keeping what `keep` says. */
export function cut(text, width, keep = 'start') {
    if (text.length <= width)
        return text;
    if (width <= 1)
        return text.slice(0, width);
    if (keep === 'path')
        return cutPath(text, width);
    return keep === 'start' ? text.slice(0, width - 1) + ELLIPSIS : ELLIPSIS + text.slice(text.length - width + 1);
}
/** The most specific segments that fit (`…/Card-Processing/Europe`), else the last segment cut at its end. */
function cutPath(path, width) {
    const segments = path.split('/');
    for (let first = 1; first < segments.length; first++) {
        const tail = `${ELLIPSIS}/${segments.slice(first).join('/')}`;
        if (tail.length <= width)
            return tail;
    }
    return cut(segments.at(-1), width, 'start');
}
/** Narrows the widest column that can still narrow, one character at a time, until the table fits. */
function shrinkToFit(widths, minimums, target) {
    let excess = widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1) - target;
    while (excess > 0) {
        let widest = -1;
        widths.forEach((width, i) => {
            if (width > minimums[i] && (widest < 0 || width > widths[widest]))
                widest = i;
        });
        if (widest < 0)
            return;
        widths[widest]--;
        excess--;
    }
}
/** Header pieces broken after hyphens and spaces, so `default-sg-closed` can wrap. */
function headerPieces(header) {
    return header.match(/[^-\s]+[-\s]*/g) ?? [header];
}
/** The narrowest width at which the header fits on two lines. */
function headerWidth(header) {
    const pieces = headerPieces(header);
    let width = Math.max(...pieces.map((p) => p.trimEnd().length));
    while (wrapHeader(header, width).length > 2)
        width++;
    return width;
}
function wrapHeader(header, width) {
    const lines = [];
    let current = '';
    for (const piece of headerPieces(header)) {
        if (current && (current + piece).trimEnd().length > width) {
            lines.push(current.trimEnd());
            current = '';
        }
        current += piece;
    }
    lines.push(current.trimEnd());
    return lines.map((line) => cut(line, width));
}
//# sourceMappingURL=text-table.js.map