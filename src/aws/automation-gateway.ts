import { paginateDescribeAutomationExecutions, SSMClient } from '@aws-sdk/client-ssm';
import type { AwsClientFactory } from './client-factory.js';
import { withAwsErrors } from './errors.js';
import type { AutomationExecutionRecord } from '../model/remediation-records.js';

/** DescribeAutomationExecutions' largest page (MaxResults 1–50). */
const EXECUTIONS_PAGE_SIZE = 50;

/**
 * SSM's StartTime filters take an ISO 8601 time such as `2024-05-08T15:16:43Z`
 * (docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-datetime-strings.html): whole seconds,
 * rounded down so the window loses nothing.
 */
export const ssmFilterTime = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/**
 * SSM Automation's record of the runbooks Config's remediation ran in one member account (docs/commands/report.md
 * has the call plan). `accountId` undefined: the account of the base credentials.
 */
export class AutomationGateway {
  constructor(private readonly factory: AwsClientFactory) {}

  /** Every automation execution of a document whose name starts with `documentNamePrefix`, started since `since`. */
  automationExecutions(
    accountId: string | undefined,
    region: string,
    documentNamePrefix: string,
    since: Date,
  ): Promise<AutomationExecutionRecord[]> {
    const client = this.factory.client(SSMClient, { ...(accountId ? { accountId } : {}), region });
    return withAwsErrors('DescribeAutomationExecutions', async () => {
      const out: AutomationExecutionRecord[] = [];
      for await (const page of paginateDescribeAutomationExecutions(
        { client, pageSize: EXECUTIONS_PAGE_SIZE },
        {
          Filters: [
            { Key: 'DocumentNamePrefix', Values: [documentNamePrefix] },
            { Key: 'StartTimeAfter', Values: [ssmFilterTime(since)] },
          ],
        },
      )) {
        for (const x of page.AutomationExecutionMetadataList ?? []) {
          out.push({
            executionId: x.AutomationExecutionId ?? '',
            documentName: x.DocumentName ?? '',
            status: x.AutomationExecutionStatus ?? '',
            ...(x.ExecutionStartTime ? { startedAt: x.ExecutionStartTime.toISOString() } : {}),
            ...(x.ExecutionEndTime ? { endedAt: x.ExecutionEndTime.toISOString() } : {}),
            outputs: x.Outputs ?? {},
            ...(x.FailureMessage !== undefined ? { failureMessage: x.FailureMessage } : {}),
          });
        }
      }
      return out;
    });
  }
}
