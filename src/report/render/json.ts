/**
 * The JSON report: the model as it is (docs/report-schema.json), with the comparison when `--compare` ran.
 * This is the input of a later `--compare`, so nothing is dropped or reshaped.
 */
import { jsonText } from '../../safe-text.js';
import type { ComplianceReport, ReportComparison } from '../model.js';

export function renderJson(report: ComplianceReport, comparison?: ReportComparison): string {
  return `${jsonText(comparison ? { ...report, comparison } : report)}\n`;
}
