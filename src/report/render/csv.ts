/**
 * CSV, one row per account × region × control (RFC 4180: CRLF line ends, fields with a comma, quote or
 * line break quoted, quotes doubled). Every field goes through csvCell (src/safe-text.ts): a text that starts
 * like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading single quote, as OWASP recommends; counts are
 * written as numbers.
 */
import { csvCell } from '../../safe-text.js';
import type { ComplianceReport } from '../model.js';
import { changesView } from './changes-view.js';
import { cellOf, driftUnavailableText, rowErrorText, viewCell } from './view.js';

/** The header row, in order; docs/commands/report.md describes each column. */
export const CSV_COLUMNS = [
  'account_id',
  'account_name',
  'ou_path',
  'region',
  'control_id',
  'rule_name',
  'state',
  'mode',
  'non_compliant',
  'compliant',
  'cannot_auto_remediate',
  'instance_status',
  'drift_status',
  'error',
] as const;

export function renderCsv(report: ComplianceReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of report.rows) {
    for (const control of report.controls) {
      const cell = cellOf(row, control.id);
      const fields: Record<(typeof CSV_COLUMNS)[number], string | number> = {
        account_id: row.accountId,
        account_name: row.accountName,
        ou_path: row.ouPath,
        region: row.region,
        control_id: control.id,
        rule_name: control.ruleName,
        state: cell.state,
        mode: cell.mode ?? '',
        non_compliant: cell.nonCompliant,
        compliant: cell.compliant,
        cannot_auto_remediate: viewCell(cell).cannotAutoRemediate,
        instance_status: row.instance.state,
        drift_status:
          report.driftUnavailable === undefined ? row.drift.status : driftUnavailableText(report.driftUnavailable),
        error: rowErrorText(row) ?? '',
      };
      lines.push(CSV_COLUMNS.map((column) => csvCell(fields[column])).join(','));
    }
  }
  if (report.changes) {
    // A second table after an empty line: one row per change (docs/commands/report.md, `--changes`).
    const changes = changesView(report.changes).tables[0]!;
    lines.push('', changes.headers.map((h) => csvCell(`change_${h}`)).join(','));
    for (const row of changes.rows) lines.push(row.map((cell) => csvCell(cell)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
