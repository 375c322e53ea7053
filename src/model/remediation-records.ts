/**
 * What AWS records about automatic remediation, as plain data: Config's remediation execution status (one per
 * rule × resource, the latest), SSM's automation executions of the runbooks, and the lines the access-key function
 * wrote to its log group. The changes list
 * of `cisfleet report --changes` is built from these (src/report/changes/).
 */

/** One step of a remediation execution (RemediationExecutionStep). */
export interface RemediationStepRecord {
  name: string;
  state: string;
  errorMessage?: string;
  /** ISO 8601. */
  startedAt?: string;
  stoppedAt?: string;
}

/** Config's DescribeRemediationExecutionStatus entry for one resource. */
export interface RemediationExecutionRecord {
  resourceType: string;
  resourceId: string;
  /** QUEUED | IN_PROGRESS | SUCCEEDED | FAILED. */
  state: string;
  /** ISO 8601. */
  invokedAt?: string;
  lastUpdatedAt?: string;
  steps: RemediationStepRecord[];
}

/** One event of a function's log group, as FilterLogEvents returns it. */
export interface FunctionLogRecord {
  logGroupName: string;
  logStreamName: string;
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
}

/**
 * One SSM Automation execution (DescribeAutomationExecutions' AutomationExecutionMetadata): the runbook's own
 * record of what it did, with the document's outputs (`Step.Output` → values).
 */
export interface AutomationExecutionRecord {
  executionId: string;
  documentName: string;
  /** Success | Failed | TimedOut | Cancelled | InProgress | … (SSM's AutomationExecutionStatus). */
  status: string;
  /** ISO 8601. */
  startedAt?: string;
  endedAt?: string;
  outputs: Record<string, string[]>;
  failureMessage?: string;
}
