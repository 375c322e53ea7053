/**
 * Renders a ComplianceReport in the format the user asked for. Pure: no I/O, no terminal detection (the
 * caller decides colour from NO_COLOR and the TTY, and the width from the terminal).
 */
import { makeStyler } from '../../terminal-style.js';
import type { ComplianceReport, ReportComparison } from '../model.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export type ReportFormat = 'table' | 'json' | 'csv' | 'md' | 'html';

export interface RenderReportOptions {
  /** Colour in the table format (ignored by the others). */
  readonly color: boolean;
  /** What changed since a previous report (`--compare`). */
  readonly comparison?: ReportComparison;
  /** Terminal width for the table format; 120 when not given. */
  readonly width?: number;
}

const DEFAULT_WIDTH = 120;

export function renderReport(report: ComplianceReport, format: ReportFormat, options: RenderReportOptions): string {
  const { comparison } = options;
  switch (format) {
    case 'table':
      return renderTable(report, {
        style: makeStyler(options.color),
        width: options.width ?? DEFAULT_WIDTH,
        comparison,
      });
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
