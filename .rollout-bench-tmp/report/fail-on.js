export const FAIL_ON_CONDITIONS = ['noncompliant', 'drift', 'error'];
/** How often each condition occurs in the report (exempt cells never count as non-compliant). */
export function conditionCounts(report) {
    const total = report.rollups.total;
    return { noncompliant: total.nonCompliant, drift: total.driftedRows, error: total.errorRows };
}
const DESCRIBE = {
    noncompliant: (n) => `${n} non-compliant resource${n === 1 ? '' : 's'}`,
    drift: (n) => `${n} drifted stack instance${n === 1 ? '' : 's'}`,
    error: (n) => `${n} account × region row${n === 1 ? '' : 's'} could not be read`,
};
/** The conditions among `conditions` that the report meets. */
export function evaluateFailOn(report, conditions) {
    const counts = conditionCounts(report);
    const met = FAIL_ON_CONDITIONS.filter((c) => conditions.includes(c) && counts[c] > 0);
    return { met, reasons: met.map((c) => DESCRIBE[c](counts[c])) };
}
//# sourceMappingURL=fail-on.js.map