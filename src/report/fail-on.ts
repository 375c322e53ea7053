/**
 * `--fail-on`: which CI conditions a report meets. Pure; the action turns a met condition into exit code 4.
 */
import type { ComplianceReport } from './model.js';

export type FailOnCondition = 'noncompliant' | 'drift' | 'error';
export const FAIL_ON_CONDITIONS: readonly FailOnCondition[] = ['noncompliant', 'drift', 'error'];

export interface FailOnResult {
  /** The asked-for conditions the report meets, in FAIL_ON_CONDITIONS order. */
  readonly met: readonly FailOnCondition[];
  /** One line per met condition, saying how many rows or resources met it. */
  readonly reasons: readonly string[];
}

/** How often each condition occurs in the report (exempt cells never count as non-compliant). */
export function conditionCounts(report: ComplianceReport): Record<FailOnCondition, number> {
  const total = report.rollups.total;
  return { noncompliant: total.nonCompliant, drift: total.driftedRows, error: total.errorRows };
}

const DESCRIBE: Record<FailOnCondition, (n: number) => string> = {
  noncompliant: (n) => `${n} non-compliant resource${n === 1 ? '' : 's'}`,
  drift: (n) => `${n} drifted stack instance${n === 1 ? '' : 's'}`,
  error: (n) => `${n} account × region row${n === 1 ? '' : 's'} could not be read`,
};

/** The conditions among `conditions` that the report meets. */
export function evaluateFailOn(report: ComplianceReport, conditions: readonly FailOnCondition[]): FailOnResult {
  const counts = conditionCounts(report);
  const met = FAIL_ON_CONDITIONS.filter((c) => conditions.includes(c) && counts[c] > 0);
  return { met, reasons: met.map((c) => DESCRIBE[c](counts[c])) };
}
