/**
 * Turns a report into the text of the format asked for. JSON is the report itself (the versioned data of
 * docs/report-schema.json); the other formats come from the renderers in src/report/render.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { jsonText } from '../safe-text.js';
import type { ComplianceReport } from './model.js';
import type { ReportFormat } from './formats.js';
import { renderReport } from './render/index.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

export interface FormatOptions {
  /** Colour (table on a terminal, NO_COLOR respected by the caller). */
  readonly color: boolean;
  /** Terminal width for the table. */
  readonly width?: number;
}

/**
 * The JSON report as lines, as `--format json` writes it and `--compare` reads it back: one line per row, so a
 * report of 40,000 rows is written without ever being one string, and two reports diff row by row.
 */
export function* reportJsonLines(report: ComplianceReport): Generator<string> {
  const { rows, rollups, comparison, changes, ...head } = report;
  yield '{';
  // jsonText: the exact values, with bidi and C1 characters as \u escapes (src/safe-text.ts).
  for (const [key, value] of Object.entries(head)) yield `  ${jsonText(key, 0)}: ${jsonText(value, 0)},`;
  yield '  "rows": [';
  for (let i = 0; i < rows.length; i++) yield `    ${jsonText(rows[i], 0)}${i < rows.length - 1 ? ',' : ''}`;
  yield '  ],';
  const sections: Array<[string, unknown]> = [
    ['comparison', comparison],
    ['changes', changes],
  ];
  const tail = sections.filter(([, value]) => value !== undefined);
  yield `  "rollups": ${jsonText(rollups, 0)}${tail.length > 0 ? ',' : ''}`;
  for (const [i, [key, value]] of tail.entries())
    yield `  ${jsonText(key, 0)}: ${jsonText(value, 0)}${i < tail.length - 1 ? ',' : ''}`;
  yield '}';
}

/** The JSON report as one string (reportJsonLines joined). */
export function reportJson(report: ComplianceReport): string {
  return `${[...reportJsonLines(report)].join('\n')}\n`;
}

/** The report as text in `format`. */
export function formatReport(report: ComplianceReport, format: ReportFormat, options: FormatOptions): string {
  return `${[...formatReportLines(report, format, options)].join('\n')}\n`;
}

/** The report in `format` as lines to write: JSON row by row (see reportJsonLines), a renderer's text whole. */
export function formatReportLines(
  report: ComplianceReport,
  format: ReportFormat,
  options: FormatOptions,
): Iterable<string> {
  if (format === 'json') return reportJsonLines(report);
  const { comparison } = report;
  const text = renderReport(report, format, { ...options, ...(comparison ? { comparison } : {}) });
  return [text.endsWith('\n') ? text.slice(0, -1) : text];
}

/** Writes lines to a file, waiting whenever the file falls behind, so a large report is never one string in memory. */
export async function writeLinesToFile(path: string, lines: Iterable<string>): Promise<void> {
  const file = createWriteStream(path);
  const failed = once(file, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  try {
    for (const line of lines) {
      if (!file.write(`${line}\n`)) await Promise.race([once(file, 'drain'), failed]);
    }
  } finally {
    file.end();
  }
  await Promise.race([finished(file), failed]);
}
