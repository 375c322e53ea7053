/** `done/failed/running` for one set of counts; pending and cancelled only when there are any. */
function counts(c) {
    const parts = [`${c.SUCCEEDED} done`, `${c.FAILED} failed`, `${c.RUNNING} running`];
    if (c.PENDING > 0)
        parts.push(`${c.PENDING} pending`);
    if (c.CANCELLED > 0)
        parts.push(`${c.CANCELLED} cancelled`);
    return parts.join(', ');
}
/**
 * One line for a stack set operation in progress, region by region:
 * `RUNNING · us-east-1: 120 done, 2 failed, 30 running · eu-west-1: …`. Used as a progress step's output.
 */
export function formatOperationProgress(progress) {
    if (progress.regions.length === 0)
        return `${progress.status} (waiting for the first results)`;
    return [progress.status, ...progress.regions.map((r) => `${r.region}: ${counts(r.counts)}`)].join(' · ');
}
//# sourceMappingURL=operation-progress.js.map