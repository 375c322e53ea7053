/**
 * The JSON report: the model as it is (docs/report-schema.json), with the comparison when `--compare` ran.
 * This is the input of a later `--compare`, so nothing is dropped or reshaped.
 */
import type { ComplianceReport, ReportComparison } from '../model.js';

export function renderJson(report: ComplianceReport, comparison?: ReportComparison): string {
  return `${JSON.stringify(comparison ? { ...report, comparison } : report, null, 2)}\n`;
}
