/** The changes section from what was read: sorted, with its totals. Pure. */
import type { ChangesReadFailure, ChangesSection, FunctionRun, RemediationChange } from './model.js';

const byTimeThenPlace = <T extends { at: string; accountId: string; region: string }>(a: T, b: T): number =>
  a.at.localeCompare(b.at) || a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region);

export function buildChangesSection(input: {
  since: Date;
  changes: readonly RemediationChange[];
  runs: readonly FunctionRun[];
  failures: readonly ChangesReadFailure[];
}): ChangesSection {
  const changes = [...input.changes].sort(
    (a, b) => byTimeThenPlace(a, b) || a.resourceId.localeCompare(b.resourceId) || a.action.localeCompare(b.action),
  );
  const functionRuns = [...input.runs].sort(byTimeThenPlace);
  const count = (outcome: RemediationChange['outcome']) => changes.filter((c) => c.outcome === outcome).length;
  const exempt = new Set(
    changes.filter((c) => c.outcome === 'exempt').map((c) => `${c.accountId}|${c.resourceType}|${c.resourceId}`),
  );
  return {
    since: input.since.toISOString(),
    changes,
    functionRuns,
    failures: [...input.failures].sort(byTimeOrPlace),
    totals: {
      succeeded: count('succeeded'),
      failed: count('failed'),
      inProgress: count('in-progress'),
      exemptResources: exempt.size,
      failedRuns: functionRuns.filter((r) => r.error !== undefined || r.failed > 0).length,
    },
  };
}

function byTimeOrPlace(a: ChangesReadFailure, b: ChangesReadFailure): number {
  return a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region);
}
