/**
 * Config's remediation execution status as changes: one per rule × resource (Config keeps the latest execution
 * of each), within the window. Config records the runbook's steps, their state and error message, but neither
 * the automation execution id nor the runbook's outputs.
 */
import type { ControlId } from '../../controls/catalog.js';
import type { RemediationExecutionRecord } from '../../model/remediation-records.js';
import type { ChangeOutcome, RemediationChange } from './model.js';

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
): RemediationChange[] {
  return records.flatMap((x): RemediationChange[] => {
    const at = x.lastUpdatedAt ?? x.invokedAt;
    if (at === undefined || Date.parse(at) < since.getTime()) return [];
    const failedStep =
      x.steps.find((s) => s.state === 'FAILED' && s.errorMessage) ?? x.steps.find((s) => s.errorMessage);
    const steps = x.steps.map((s) => s.name).filter((n) => n !== '');
    return [
      {
        ...where,
        controlId,
        source: 'config-remediation',
        resourceType: x.resourceType,
        resourceId: x.resourceId,
        action: steps.length > 0 ? `runbook ${steps.join(', ')}` : 'runbook',
        outcome: OUTCOMES[x.state] ?? 'failed',
        at,
        ...(failedStep?.errorMessage !== undefined ? { detail: failedStep.errorMessage } : {}),
      },
    ];
  });
}
