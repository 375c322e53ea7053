/**
 * A titled list of records (sections of rows, plus one flat CSV table) in the report's formats: the terminal
 * table, CSV, markdown and a self-contained HTML page. `cisfleet impact` and `report --changes` use it; the
 * escaping is the report renderers' own (csvField, escapeMarkdown, escapeHtml) so there is one layer to trust.
 */
import { makeStyler } from '../../ui/reporter.js';
import { csvField } from './csv.js';
import { escapeHtml } from './html.js';
import { REPORT_CSS } from './html-assets.js';
import { escapeMarkdown } from './markdown.js';
import { formatTextTable, type TextColumn } from './text-table.js';

export interface ListingSection {
  readonly heading: string;
  readonly columns: readonly TextColumn[];
  readonly rows: readonly (readonly string[])[];
  /** Said instead of an empty table. */
  readonly whenEmpty: string;
}

export interface Listing {
  readonly title: string;
  readonly summary: readonly string[];
  readonly sections: readonly ListingSection[];
  /** The CSV form: one row per record, every column. */
  readonly csv: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
}

export type ListingFormat = 'table' | 'csv' | 'md' | 'html';

export interface ListingRenderOptions {
  readonly color: boolean;
  readonly width?: number;
}

/** Text from AWS or a config file on a terminal: control characters (escape sequences) shown, never obeyed. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function renderListing(listing: Listing, format: ListingFormat, options: ListingRenderOptions): string {
  switch (format) {
    case 'table':
      return tableText(listing, options);
    case 'csv':
      return `${[listing.csv.columns, ...listing.csv.rows].map((row) => row.map((cell) => csvField(cell)).join(',')).join('\r\n')}\r\n`;
    case 'md':
      return markdownText(listing);
    case 'html':
      return htmlText(listing);
  }
}

function tableText(listing: Listing, options: ListingRenderOptions): string {
  const style = makeStyler(options.color);
  const parts = [style.bold(printable(listing.title)), ...listing.summary.map(printable)];
  for (const section of listing.sections) {
    parts.push('', style.bold(printable(section.heading)));
    if (section.rows.length === 0) parts.push(style.dim(printable(section.whenEmpty)));
    else {
      const rows = section.rows.map((row) => row.map(printable));
      parts.push(formatTextTable(section.columns, rows, { width: options.width ?? 120, paintHeader: style.bold, paintRule: style.dim }));
    }
  }
  return `${parts.join('\n')}\n`;
}

function markdownText(listing: Listing): string {
  const parts = [`### ${escapeMarkdown(listing.title)}`, listing.summary.map((line) => escapeMarkdown(line)).join('  \n')];
  for (const section of listing.sections) {
    parts.push(`#### ${escapeMarkdown(section.heading)}`);
    if (section.rows.length === 0) {
      parts.push(escapeMarkdown(section.whenEmpty));
      continue;
    }
    const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
    parts.push(
      [
        line(section.columns.map((c) => escapeMarkdown(c.header))),
        line(section.columns.map((c) => (c.align === 'right' ? '---:' : '---'))),
        ...section.rows.map((row) => line(row.map((cell) => escapeMarkdown(cell)))),
      ].join('\n'),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

function htmlText(listing: Listing): string {
  const sections = listing.sections.map((section) => {
    const body =
      section.rows.length === 0
        ? `<p>${escapeHtml(section.whenEmpty)}</p>`
        : `<table><thead><tr>${section.columns.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('')}</tr></thead><tbody>${section.rows
            .map((row) => `<tr>${row.map((cell, i) => `<td${section.columns[i]?.align === 'right' ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
            .join('\n')}</tbody></table>`;
    return `<section><h2>${escapeHtml(section.heading)}</h2>\n${body}</section>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(listing.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(listing.title)}</h1>${listing.summary.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</header>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
