/**
 * Config's remediation execution status as changes: one per rule × resource (Config keeps the latest execution
 * of each), within the window. Config records the runbook's steps, their state and error message, but neither
 * the automation execution id nor the runbook's outputs: those come from SSM (runbook-outputs.ts), and a run
 * that skipped an exempt resource, which Config calls SUCCEEDED, is counted exempt.
 */
import type { ControlId } from '../../controls/catalog.js';
import type { RemediationExecutionRecord } from '../../model/remediation-records.js';
import type { ChangeOutcome, RemediationChange } from './model.js';
import type { RunbookLookup } from './runbook-outputs.js';

type Where = Pick<RemediationChange, 'accountId' | 'accountName' | 'ouPath' | 'region'>;

const OUTCOMES: Readonly<Record<string, ChangeOutcome>> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  QUEUED: 'in-progress',
  IN_PROGRESS: 'in-progress',
};

export function configExecutionChanges(
  records: readonly RemediationExecutionRecord[],
  controlId: ControlId,
  where: Where,
  since: Date,
  runbook?: RunbookLookup,
): RemediationChange[] {
  return records.flatMap((x): RemediationChange[] => {
    const at = x.lastUpdatedAt ?? x.invokedAt;
    if (at === undefined || Date.parse(at) < since.getTime()) return [];
    const failedStep =
      x.steps.find((s) => s.state === 'FAILED' && s.errorMessage) ?? x.steps.find((s) => s.errorMessage);
    const steps = x.steps.map((s) => s.name).filter((n) => n !== '');
    const action = steps.length > 0 ? `runbook ${steps.join(', ')}` : 'runbook';
    // A failed run has no outputs naming its resource: a FAILED record is not joined (an earlier success would be).
    const run = x.state === 'SUCCEEDED' ? runbook?.(x.resourceId, at) : undefined;
    const base = {
      ...where,
      controlId,
      source: 'config-remediation' as const,
      resourceType: x.resourceType,
      resourceId: x.resourceId,
      at,
    };
    if (run?.skipped !== undefined)
      return [
        {
          ...base,
          action: `skipped by ${action}`,
          outcome: 'exempt',
          executionId: run.executionId,
          detail: run.skipped,
        },
      ];
    return [
      {
        ...base,
        action,
        outcome: OUTCOMES[x.state] ?? 'failed',
        ...(run ? { executionId: run.executionId } : {}),
        ...(failedStep?.errorMessage !== undefined ? { detail: failedStep.errorMessage } : {}),
      },
    ];
  });
}
