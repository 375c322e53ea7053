/**
 * One honest outcome for each account × region of a stack set operation, and for the operation as a whole:
 * the rollout summary, the progress marks, `cisfleet status`, `--json` and the exit code all read these.
 *
 * They come from AWS's own statuses. ListStackSetOperationResults says SUCCEEDED, FAILED or CANCELLED (or
 * PENDING/RUNNING while it runs); CANCELLED covers both an instance StackSets never attempted because the
 * failure tolerance was exceeded (or someone stopped the operation) and one it passed over because the account
 * is suspended. Only the instance's DetailedStatus tells them apart: SKIPPED_SUSPENDED_ACCOUNT.
 */
import type { OperationResult, OperationStatus } from './stack-sets.js';

/** What happened in one account × region. `unfinished`: PENDING or RUNNING (the operation has not ended). */
export type InstanceOutcome = 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'unfinished';

export type OutcomeCounts = Readonly<Record<InstanceOutcome, number>>;

/** An operation result with its outcome. */
export interface ResultWithOutcome extends OperationResult {
  readonly outcome: InstanceOutcome;
}

/**
 * How an operation went as a whole. `failed`: AWS failed it (tolerance exceeded) or an instance failed;
 * `cancelled`: instances were cancelled (or the operation stopped) and none failed; `running`: not ended yet.
 * Skipped (suspended) accounts do not change it: nothing can be deployed there, and the plan lists them.
 */
export type OperationVerdict = 'succeeded' | 'failed' | 'cancelled' | 'running';

/** Identifies an account × region among the skipped instances. */
export const accountRegion = (account: string, region: string): string => `${account} ${region}`;

export function outcomeOf(result: OperationResult, skipped: ReadonlySet<string>): InstanceOutcome {
  switch (result.status) {
    case 'SUCCEEDED':
      return 'succeeded';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return result.account !== undefined && skipped.has(accountRegion(result.account, result.region))
        ? 'skipped'
        : 'cancelled';
    default:
      return 'unfinished';
  }
}

/** Each result with its outcome; `skipped` holds the account × regions whose instance AWS skipped (suspended). */
export function withOutcomes(results: readonly OperationResult[], skipped: ReadonlySet<string>): ResultWithOutcome[] {
  return results.map((r) => ({ ...r, outcome: outcomeOf(r, skipped) }));
}

export const NO_OUTCOMES: OutcomeCounts = { succeeded: 0, failed: 0, cancelled: 0, skipped: 0, unfinished: 0 };

export function countOutcomes(results: readonly Pick<ResultWithOutcome, 'outcome'>[]): OutcomeCounts {
  const counts = { ...NO_OUTCOMES };
  for (const r of results) counts[r.outcome]++;
  return counts;
}

export function addCounts(a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts {
  return {
    succeeded: a.succeeded + b.succeeded,
    failed: a.failed + b.failed,
    cancelled: a.cancelled + b.cancelled,
    skipped: a.skipped + b.skipped,
    unfinished: a.unfinished + b.unfinished,
  };
}

export function operationVerdict(status: OperationStatus, counts: OutcomeCounts): OperationVerdict {
  if (status === 'FAILED' || counts.failed > 0) return 'failed';
  if (status === 'STOPPED' || counts.cancelled > 0) return 'cancelled';
  if (status !== 'SUCCEEDED') return 'running';
  return 'succeeded';
}

/** A verdict someone must act on: the run exits 3 (partial) for it (docs/commands.md). */
export function needsAttention(verdict: OperationVerdict): boolean {
  return verdict === 'failed' || verdict === 'cancelled';
}
