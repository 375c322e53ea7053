import {
  CloudWatchLogsClient,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient, paginateDescribeRemediationExecutionStatus } from '@aws-sdk/client-config-service';
import type { AwsClientFactory } from './client-factory.js';
import { isNoSuchRemediationConfiguration } from './compliance-reads.js';
import { withAwsErrors } from './errors.js';
import type { FunctionLogRecord, RemediationExecutionRecord } from '../model/remediation-records.js';

/** DescribeRemediationExecutionStatus's largest page. */
const EXECUTIONS_PAGE_SIZE = 100;
/** DescribeLogGroups' largest page. */
const LOG_GROUPS_PAGE_SIZE = 50;

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/**
 * The reads of `cisfleet report --changes` in one member account (docs/commands/report.md has the call plan):
 * Config's remediation executions of one rule, and the events of the access-key function's log groups that
 * match a filter pattern within a time window. `accountId` undefined: the account of the base credentials.
 */
export class ChangesGateway {
  constructor(private readonly factory: AwsClientFactory) {}

  /** Every execution of the rule's remediation; none when the rule has no remediation configuration (DETECT). */
  remediationExecutions(
    accountId: string | undefined,
    region: string,
    ruleName: string,
  ): Promise<RemediationExecutionRecord[]> {
    return withAwsErrors('DescribeRemediationExecutionStatus', async () => {
      const client = this.factory.client(ConfigServiceClient, { ...(accountId ? { accountId } : {}), region });
      const out: RemediationExecutionRecord[] = [];
      try {
        for await (const page of paginateDescribeRemediationExecutionStatus(
          { client, pageSize: EXECUTIONS_PAGE_SIZE },
          { ConfigRuleName: ruleName },
        )) {
          for (const x of page.RemediationExecutionStatuses ?? []) {
            out.push({
              resourceType: x.ResourceKey?.resourceType ?? '',
              resourceId: x.ResourceKey?.resourceId ?? '',
              state: x.State ?? '',
              ...(x.InvocationTime ? { invokedAt: iso(x.InvocationTime) } : {}),
              ...(x.LastUpdatedTime ? { lastUpdatedAt: iso(x.LastUpdatedTime) } : {}),
              steps: (x.StepDetails ?? []).map((s) => ({
                name: s.Name ?? '',
                state: s.State ?? '',
                ...(s.ErrorMessage !== undefined ? { errorMessage: s.ErrorMessage } : {}),
                ...(s.StartTime ? { startedAt: iso(s.StartTime) } : {}),
                ...(s.StopTime ? { stoppedAt: iso(s.StopTime) } : {}),
              })),
            });
          }
        }
      } catch (error) {
        // A rule without a remediation configuration (its control in DETECT) has no executions.
        if (!isNoSuchRemediationConfiguration(error)) throw error;
      }
      return out;
    });
  }

  /**
   * The events since `since` matching `filterPattern` in every log group whose name starts with `groupPrefix`
   * (a stack's group and the ones earlier stacks retained), in time order per group.
   */
  logEvents(
    accountId: string | undefined,
    region: string,
    groupPrefix: string,
    since: Date,
    filterPattern: string,
  ): Promise<FunctionLogRecord[]> {
    return withAwsErrors(async () => {
      const client = this.factory.client(CloudWatchLogsClient, { ...(accountId ? { accountId } : {}), region });
      const out: FunctionLogRecord[] = [];
      for await (const groups of paginateDescribeLogGroups(
        { client, pageSize: LOG_GROUPS_PAGE_SIZE },
        { logGroupNamePrefix: groupPrefix },
      )) {
        for (const group of groups.logGroups ?? []) {
          const logGroupName = group.logGroupName ?? '';
          for await (const page of paginateFilterLogEvents(
            { client },
            { logGroupName, startTime: since.getTime(), filterPattern },
          )) {
            for (const e of page.events ?? [])
              out.push({
                logGroupName,
                logStreamName: e.logStreamName ?? '',
                timestamp: e.timestamp ?? 0,
                message: e.message ?? '',
              });
          }
        }
      }
      return out;
    });
  }

  /** The account's clients and credentials are no longer needed. */
  releaseAccount(accountId: string | undefined): void {
    if (accountId) this.factory.releaseAccount(accountId);
  }
}
