/**
 * SSM Automation's execution history, as `cisfleet report --changes` reads it in a member account:
 * DescribeAutomationExecutions (filters, pages) and GetAutomationExecution, over the executions Config's
 * remediation starts (model/automation-executions.ts). Sources: SSM's API reference
 * (docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeAutomationExecutions.html,
 * API_AutomationExecutionFilter.html, API_GetAutomationExecution.html), the error texts of SSM's model
 * (botocore ssm/2014-11-06), and the ISO 8601 form of the StartTime filters
 * (docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-datetime-strings.html).
 */
import { SimServiceError } from '../core/errors.js';
import type { ActionHandler, ServiceHandlers, SimRequest } from '../core/handler.js';
import { paginate } from '../core/pagination.js';
import type { SimAutomationExecution } from '../model/types.js';
import type { World } from '../model/world.js';

/** DescribeAutomationExecutions' largest page (MaxResults 1–50 in SSM's model); AWS documents no default. */
const PAGE_SIZE_MAX = 50;

type Filter = (execution: SimAutomationExecution) => boolean;

/** An ISO 8601 time (`2024-05-08T15:16:43Z`); anything else is InvalidFilterValue. */
function filterTime(key: string, values: readonly string[]): number {
  const text = values[0] ?? '';
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time))
    throw new SimServiceError(
      'InvalidFilterValue',
      `${key} must be an ISO 8601 time such as 2024-05-08T15:16:43Z: ${text}`,
    );
  return time;
}

/**
 * One filter: its values are alternatives, and filters are all applied. The StartTime filters are inclusive
 * here (AWS does not say). Keys SSM accepts that the simulator does not serve (CurrentAction, TagKey,
 * TargetResourceGroup, AutomationSubtype, OpsItemId) are refused, so a caller that needed one would notice.
 */
function filterOf(key: string, values: readonly string[]): Filter {
  switch (key) {
    case 'DocumentNamePrefix':
      return (x) => values.some((v) => x.documentName.startsWith(v));
    case 'ExecutionStatus':
      return (x) => values.includes(x.status);
    case 'ExecutionId':
      return (x) => values.includes(x.id);
    case 'StartTimeAfter': {
      const after = filterTime(key, values);
      return (x) => x.startedAt >= after;
    }
    case 'StartTimeBefore': {
      const before = filterTime(key, values);
      return (x) => x.startedAt <= before;
    }
    // Every simulated execution is a local one with no parent.
    case 'AutomationType':
      return () => values.includes('Local');
    case 'ParentExecutionId':
      return () => false;
    default:
      throw new SimServiceError('InvalidFilterKey', `The simulator does not serve the filter key ${key}.`);
  }
}

function filtersOf(input: unknown): Filter[] {
  if (!Array.isArray(input)) return [];
  return input.map((f: { Key?: unknown; Values?: unknown }) =>
    filterOf(String(f.Key), Array.isArray(f.Values) ? f.Values.map(String) : []),
  );
}

function executionsOf(world: World, request: SimRequest): SimAutomationExecution[] {
  return world.existingRegion(request.caller.accountId, request.region)?.automationExecutions ?? [];
}

/** The members both operations share. */
function common(x: SimAutomationExecution): Record<string, unknown> {
  const outputs = Object.entries(x.outputs);
  return {
    AutomationExecutionId: x.id,
    DocumentName: x.documentName,
    DocumentVersion: x.documentVersion,
    AutomationExecutionStatus: x.status,
    ExecutionStartTime: new Date(x.startedAt),
    ExecutionEndTime: new Date(x.endedAt),
    // The map's values are lists of 1–512 character strings, and an empty map is left out (it has at least one entry).
    ...(outputs.length > 0 ? { Outputs: new Map(outputs) } : {}),
    Mode: 'Auto',
    ...(x.failureMessage !== undefined ? { FailureMessage: x.failureMessage } : {}),
  };
}

const describeAutomationExecutions: ActionHandler = (world, request) => {
  const filters = filtersOf(request.input.Filters);
  // Newest first; AWS documents no order, and cisfleet does not depend on one.
  const matching = executionsOf(world, request)
    .filter((x) => filters.every((f) => f(x)))
    .sort((a, b) => b.startedAt - a.startedAt);
  const { items, nextToken } = paginate(matching, {
    maxResults: request.input.MaxResults,
    nextToken: request.input.NextToken,
    defaultSize: PAGE_SIZE_MAX,
    maxSize: PAGE_SIZE_MAX,
    invalidInputCode: 'InvalidNextToken',
    invalidTokenMessage: () => "The specified token isn't valid.",
  });
  return {
    AutomationExecutionMetadataList: items.map((x) => ({ ...common(x), AutomationType: 'Local' })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
};

const getAutomationExecution: ActionHandler = (world, request) => {
  const id = String(request.input.AutomationExecutionId);
  const x = executionsOf(world, request).find((e) => e.id === id);
  if (!x)
    throw new SimServiceError(
      'AutomationExecutionNotFoundException',
      `There is no automation execution information for the requested automation execution ID ${id}.`,
    );
  const parameters = Object.entries(x.parameters);
  return {
    AutomationExecution: {
      ...common(x),
      StepExecutions: x.step
        ? [
            {
              StepName: x.step.name,
              Action: x.step.action,
              ExecutionStartTime: new Date(x.startedAt),
              ExecutionEndTime: new Date(x.endedAt),
              StepStatus: x.status,
              ...(x.failureMessage !== undefined ? { FailureMessage: x.failureMessage } : {}),
            },
          ]
        : [],
      StepExecutionsTruncated: false,
      ...(parameters.length > 0 ? { Parameters: new Map(parameters) } : {}),
    },
  };
};

export const ssmHandlers: ServiceHandlers = {
  DescribeAutomationExecutions: describeAutomationExecutions,
  GetAutomationExecution: getAutomationExecution,
};
