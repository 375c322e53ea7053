/**
 * What automatic remediation did, as `cisfleet report --changes` lists it (the `changes` section of the JSON
 * report, docs/report-schema.json): each change AWS recorded, the access-key function's runs, and the account ×
 * regions whose record could not be read.
 */
import type { ControlId } from '../../controls/catalog.js';

/** Where a change was recorded: Config's remediation execution status, or the access-key function's log. */
export type ChangeSource = 'config-remediation' | 'access-key-function';

/**
 * succeeded: the change was made; failed: it was attempted and failed; exempt: the resource carries the exemption
 * tag and was left alone; in-progress: Config has queued or is running it.
 */
export type ChangeOutcome = 'succeeded' | 'failed' | 'exempt' | 'in-progress';

interface Where {
  readonly accountId: string;
  readonly accountName: string;
  readonly ouPath: string;
  readonly region: string;
}

export interface RemediationChange extends Where {
  readonly controlId: ControlId;
  readonly source: ChangeSource;
  readonly resourceType: string;
  /** The resource id Config names (sg-…, AIDA…), or the IAM user name the function logs. */
  readonly resourceId: string;
  /** What was done or attempted: e.g. `access key AKIA… deactivated`, or the runbook step that ran. */
  readonly action: string;
  readonly outcome: ChangeOutcome;
  /** ISO 8601: when it happened (Config: the execution's last update). */
  readonly at: string;
  /** The function's Lambda request id, or the runbook's SSM automation execution id (Config's record names none). */
  readonly executionId?: string;
  /** Why it failed, or why the resource was left alone. */
  readonly detail?: string;
}

/** A user the function could not remediate in a run (its `run summary` line). */
export interface FunctionRunFailure {
  readonly user: string;
  readonly error: string;
  readonly message: string;
}

/** One run of the access-key function: its summary line, or the runtime's word that it failed as a whole. */
export interface FunctionRun extends Where {
  /** ISO 8601. */
  readonly at: string;
  readonly executionId: string;
  /** event | sweep, or `error` when the run itself failed (timed out, crashed, sweep stopped). */
  readonly kind: string;
  readonly checked: number;
  readonly remediated: number;
  readonly exempt: number;
  readonly failed: number;
  /** The failed users the summary lists (the function lists at most 50; `failed` is exact). */
  readonly failures: readonly FunctionRunFailure[];
  /** Set when the run itself failed. */
  readonly error?: string;
}

export interface ChangesReadFailure extends Where {
  readonly kind: 'access-denied' | 'throttled' | 'error';
  readonly message: string;
}

export interface ChangesTotals {
  readonly succeeded: number;
  readonly failed: number;
  readonly inProgress: number;
  /** Distinct resources left alone because they carry the exemption tag (not compliant: exempt). */
  readonly exemptResources: number;
  /** Function runs that failed as a whole or could not remediate some user. */
  readonly failedRuns: number;
}

export interface ChangesSection {
  /** ISO 8601: the start of the window (`--since`). */
  readonly since: string;
  /** Sorted by time, then account, region, resource. */
  readonly changes: readonly RemediationChange[];
  readonly functionRuns: readonly FunctionRun[];
  readonly failures: readonly ChangesReadFailure[];
  readonly totals: ChangesTotals;
}
