/**
 * A plain-text table for terminals: widths measured on the text before colour is applied, hyphenated
 * headers wrapped onto two lines, chosen columns shrunk (with an ellipsis) to fit a width, and a row's last
 * cell spanning the columns it does not fill.
 */

export interface TextColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /**
   * The column may shrink to `min` when the table is too wide; `keep` says what of a cut text stays: its
   * start (names), its end, or its last path segments (OU paths: `…/Payments/Europe`).
   */
  readonly shrink?: { readonly min: number; readonly keep: CutKeep };
}

export interface TextCell {
  readonly text: string;
  /** Colour applied after measuring and cutting. */
  readonly paint?: (text: string) => string;
  /** How to cut this cell when it does not fit (the column's rule otherwise). */
  readonly keep?: CutKeep;
}

/** A row with fewer cells than columns: its last cell spans the rest. */
export type TextRow = readonly (TextCell | string)[];

export interface TextTableOptions {
  /** Total width to fit; the table may still overflow when nothing can shrink further. */
  readonly width: number;
  /** How headers look (bold, dim). */
  readonly paintHeader?: (text: string) => string;
  readonly paintRule?: (text: string) => string;
}

const GAP = '  ';
const ELLIPSIS = '…';

export function formatTextTable(
  columns: readonly TextColumn[],
  rows: readonly TextRow[],
  options: TextTableOptions,
): string {
  const cells = rows.map((row) => row.map((c) => (typeof c === 'string' ? { text: c } : c)));
  const sizes = columns.map((column, i) => {
    const content = Math.max(
      0,
      ...cells.filter((row) => !spans(row, i, columns.length)).map((row) => row[i]?.text.length ?? 0),
    );
    const width = Math.max(headerWidth(column.header), content);
    // Columns that may not cut their text can still narrow until their header wraps onto more lines.
    const minimum = column.shrink
      ? Math.min(column.shrink.min, width)
      : Math.max(content, ...headerPieces(column.header).map((p) => p.trimEnd().length));
    return { width, minimum };
  });
  const widths = sizes.map((size) => size.width);
  shrinkToFit(
    widths,
    sizes.map((size) => size.minimum),
    options.width,
  );

  const paintHeader = options.paintHeader ?? ((s: string) => s);
  const paintRule = options.paintRule ?? ((s: string) => s);
  const headerLines = columns.map((column, i) => wrapHeader(column.header, widths[i] ?? 0));
  const headerHeight = Math.max(...headerLines.map((lines) => lines.length));
  const lines: string[] = [];
  for (let line = 0; line < headerHeight; line++) {
    const texts = headerLines.map((h) => h[line - (headerHeight - h.length)] ?? '');
    lines.push(
      joinCells(
        texts.map((text) => ({ text })),
        columns,
        widths,
        options.width,
        paintHeader,
      ),
    );
  }
  lines.push(paintRule(widths.map((w) => '─'.repeat(w)).join(GAP)));
  for (const row of cells) lines.push(joinCells(row, columns, widths, options.width));
  return lines.join('\n');
}

function joinCells(
  row: readonly TextCell[],
  columns: readonly TextColumn[],
  widths: readonly number[],
  tableWidth: number,
  paintAll?: (s: string) => string,
): string {
  const parts = row.map((cell, i) => {
    const spanning = spans(row, i, columns.length);
    // A spanning cell ends the line, so it may use whatever the table width leaves it.
    const offset = widths.slice(0, i).reduce((sum, w) => sum + w + GAP.length, 0);
    const spanWidth = widths.slice(i).reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1 - i);
    const width = spanning ? Math.max(spanWidth, tableWidth - offset) : (widths[i] ?? 0);
    const text = cut(cell.text, width, cell.keep ?? columns[i]?.shrink?.keep ?? 'start');
    const painted = (paintAll ?? cell.paint ?? ((s: string) => s))(text);
    const padding = ' '.repeat(width - text.length);
    return columns[i]?.align === 'right' && !spanning ? padding + painted : painted + padding;
  });
  return parts.join(GAP).trimEnd();
}

function spans(row: readonly unknown[], index: number, columnCount: number): boolean {
  return index === row.length - 1 && row.length < columnCount;
}

export type CutKeep = 'start' | 'end' | 'path';

/** Cuts text to a width with an ellipsis, keeping what `keep` says. */
export function cut(text: string, width: number, keep: CutKeep = 'start'): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  if (keep === 'path') return cutPath(text, width);
  return keep === 'start' ? text.slice(0, width - 1) + ELLIPSIS : ELLIPSIS + text.slice(text.length - width + 1);
}

/** The most specific segments that fit (`…/Card-Processing/Europe`), else the last segment cut at its end. */
function cutPath(path: string, width: number): string {
  const segments = path.split('/');
  for (let first = 1; first < segments.length; first++) {
    const tail = `${ELLIPSIS}/${segments.slice(first).join('/')}`;
    if (tail.length <= width) return tail;
  }
  return cut(segments.at(-1)!, width, 'start');
}

/** Narrows the widest column that can still narrow, one character at a time, until the table fits. */
function shrinkToFit(widths: number[], minimums: readonly number[], target: number): void {
  let excess = widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1) - target;
  while (excess > 0) {
    let widest = -1;
    let widestWidth = 0;
    widths.forEach((width, i) => {
      if (width > (minimums[i] ?? width) && (widest < 0 || width > widestWidth)) [widest, widestWidth] = [i, width];
    });
    if (widest < 0) return;
    widths[widest] = widestWidth - 1;
    excess--;
  }
}

/** Header pieces broken after hyphens and spaces, so `default-sg-closed` can wrap. */
function headerPieces(header: string): string[] {
  return header.match(/[^-\s]+[-\s]*/g) ?? [header];
}

/** The narrowest width at which the header fits on two lines. */
function headerWidth(header: string): number {
  const pieces = headerPieces(header);
  let width = Math.max(...pieces.map((p) => p.trimEnd().length));
  while (wrapHeader(header, width).length > 2) width++;
  return width;
}

function wrapHeader(header: string, width: number): string[] {
  const lines: string[] = [];
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
