/**
 * What the runbooks recorded in SSM about each resource, read from their outputs as the template's documents
 * declare them (stacksets/cis-remediation.yaml): `<Step>.ResourceId` is the security group or IAM user id Config
 * passed, `<Step>.Skipped` is `no` or why the resource was left alone (the exemption tag). Config's own record of
 * the execution says only that it succeeded, and names no automation execution. Pure.
 */
import type { AutomationExecutionRecord } from '../../model/remediation-records.js';

/** One runbook execution for one resource. */
export interface RunbookResult {
  readonly executionId: string;
  /** SSM's AutomationExecutionStatus: Success, Failed, … */
  readonly status: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** Why the runbook left the resource alone, when it did. */
  readonly skipped?: string;
}

/** Finds the runbook execution behind Config's record of a resource: the latest one started by `at` (ISO 8601). */
export type RunbookLookup = (resourceId: string, at: string) => RunbookResult | undefined;

/** The documents' `Skipped` value when nothing was skipped (an output value cannot be empty). */
const NOT_SKIPPED = 'no';

/** The first value of the output `<Step>.<name>`, whichever step declares it. */
function outputValue(record: AutomationExecutionRecord, name: string): string | undefined {
  const entry = Object.entries(record.outputs).find(([key]) => key.endsWith(`.${name}`));
  return entry?.[1][0];
}

/** The executions of one document, by the resource their outputs name. */
export function runbookLookup(records: readonly AutomationExecutionRecord[], documentName: string): RunbookLookup {
  const byResource = new Map<string, RunbookResult[]>();
  for (const record of records) {
    if (record.documentName !== documentName || record.startedAt === undefined) continue;
    // A failed step has no outputs (SSM shows a placeholder instead), so only a finished run names its resource.
    const resourceId = record.status === 'Success' ? outputValue(record, 'ResourceId') : undefined;
    if (resourceId === undefined) continue;
    const skipped = outputValue(record, 'Skipped');
    const result: RunbookResult = {
      executionId: record.executionId,
      status: record.status,
      startedAt: record.startedAt,
      ...(skipped !== undefined && skipped !== NOT_SKIPPED ? { skipped } : {}),
    };
    byResource.set(resourceId, [...(byResource.get(resourceId) ?? []), result]);
  }
  return (resourceId, at) => {
    const by = Date.parse(at);
    let latest: RunbookResult | undefined;
    for (const result of byResource.get(resourceId) ?? []) {
      const started = Date.parse(result.startedAt);
      if (started <= by && (latest === undefined || started > Date.parse(latest.startedAt))) latest = result;
    }
    return latest;
  };
}
