/**
 * A titled list of records (sections of rows, plus one flat CSV table) in the report's formats: the terminal
 * table, CSV, markdown and a self-contained HTML page, for `cisfleet impact`. Every string passes the one
 * output-safety layer (src/safe-text.ts) for its format.
 */
import { csvCell, htmlText, markdownText, terminalText } from '../../safe-text.js';
import { makeStyler } from '../../terminal-style.js';
import { REPORT_CSS } from './html-assets.js';
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

export function renderListing(listing: Listing, format: ListingFormat, options: ListingRenderOptions): string {
  switch (format) {
    case 'table':
      return tableText(listing, options);
    case 'csv':
      return `${[listing.csv.columns, ...listing.csv.rows].map((row) => row.map((cell) => csvCell(cell)).join(',')).join('\r\n')}\r\n`;
    case 'md':
      return markdownPage(listing);
    case 'html':
      return htmlPage(listing);
  }
}

function tableText(listing: Listing, options: ListingRenderOptions): string {
  const style = makeStyler(options.color);
  const parts = [style.bold(terminalText(listing.title)), ...listing.summary.map((text) => terminalText(text))];
  for (const section of listing.sections) {
    parts.push('', style.bold(terminalText(section.heading)));
    if (section.rows.length === 0) parts.push(style.dim(terminalText(section.whenEmpty)));
    else {
      const rows = section.rows.map((row) => row.map((text) => terminalText(text)));
      parts.push(
        formatTextTable(section.columns, rows, {
          width: options.width ?? 120,
          paintHeader: style.bold,
          paintRule: style.dim,
        }),
      );
    }
  }
  return `${parts.join('\n')}\n`;
}

function markdownPage(listing: Listing): string {
  const parts = [`### ${markdownText(listing.title)}`, listing.summary.map((line) => markdownText(line)).join('  \n')];
  for (const section of listing.sections) {
    parts.push(`#### ${markdownText(section.heading)}`);
    if (section.rows.length === 0) {
      parts.push(markdownText(section.whenEmpty));
      continue;
    }
    const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
    parts.push(
      [
        line(section.columns.map((c) => markdownText(c.header))),
        line(section.columns.map((c) => (c.align === 'right' ? '---:' : '---'))),
        ...section.rows.map((row) => line(row.map((cell) => markdownText(cell)))),
      ].join('\n'),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

function htmlPage(listing: Listing): string {
  const sections = listing.sections.map((section) => {
    const body =
      section.rows.length === 0
        ? `<p>${htmlText(section.whenEmpty)}</p>`
        : `<table><thead><tr>${section.columns.map((c) => `<th>${htmlText(c.header)}</th>`).join('')}</tr></thead><tbody>${section.rows
            .map(
              (row) =>
                `<tr>${row.map((cell, i) => `<td${section.columns[i]?.align === 'right' ? ' class="num"' : ''}>${htmlText(cell)}</td>`).join('')}</tr>`,
            )
            .join('\n')}</tbody></table>`;
    return `<section><h2>${htmlText(section.heading)}</h2>\n${body}</section>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${htmlText(listing.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header><h1>${htmlText(listing.title)}</h1>${listing.summary.map((line) => `<p>${htmlText(line)}</p>`).join('')}</header>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
