/** What applying a rollout plan did: the rollout summary, `--json` and the exit code read these. */
import type { OperationVerdict, OutcomeCounts } from './operation-outcome.js';
import type { OperationResult, TerminalOperationStatus } from './stack-sets.js';

/** The kinds of operation a rollout plan holds (planning/rollout-plan.ts `PlannedOperation`). */
export type RolloutOperationKind =
  | 'activate-trusted-access'
  | 'create-stack-set'
  | 'update-stack-set'
  | 'create-instances'
  | 'update-instances'
  | 'delete-instances'
  | 'delete-stack-set'
  | 'create-stack'
  | 'update-stack'
  | 'delete-stack';

/** What one planned operation did, in the one outcome model (model/operation-outcome.ts). */
export interface AppliedOperation {
  readonly title: string;
  readonly kind: RolloutOperationKind;
  readonly operationIds: readonly string[];
  /** How AWS ended it (the last one that did not succeed, over several calls); plain calls: SUCCEEDED or FAILED. */
  readonly status: TerminalOperationStatus;
  readonly statusReason?: string;
  /** What the summary, the progress mark, --json and the exit code say about it. */
  readonly verdict: OperationVerdict;
  /** Per account × region, over every call the operation took. */
  readonly counts: OutcomeCounts;
  /** Each with AWS's StatusReason. */
  readonly failed: readonly OperationResult[];
  /** Not attempted: the failure tolerance was exceeded or the operation was stopped. The next rollout deploys them. */
  readonly cancelled: readonly OperationResult[];
  /** Passed over by AWS: the account is suspended. */
  readonly skipped: readonly OperationResult[];
}

export interface RolloutOutcome {
  readonly operations: AppliedOperation[];
  /** Time spent waiting on stack set operations (ours and others'), for the overhead figure. */
  waitedMs: number;
}
