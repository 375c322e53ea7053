/**
 * CloudWatch Logs: the two reads `cisfleet report --changes` makes in a member account, DescribeLogGroups (by
 * name prefix) and FilterLogEvents (time window and a filter pattern over unstructured events), over the log
 * groups stacks create and the lines simulated functions write to them (model/log-groups.ts).
 */
import { SimServiceError } from '../core/errors.js';
import type { ActionHandler, ServiceHandlers, SimRequest } from '../core/handler.js';
import { paginate } from '../core/pagination.js';
import { logGroupKeyOf, logGroupsIn } from '../model/log-groups.js';
import type { SimLogEvent } from '../model/types.js';
import type { World } from '../model/world.js';

const INVALID = 'InvalidParameterException';
/** CloudWatch Logs' log group ARNs end in `:*` (LogGroup.arn). */
const groupArn = (request: SimRequest, name: string) =>
  `arn:aws:logs:${request.region}:${request.caller.accountId}:log-group:${name}:*`;

const describeLogGroups: ActionHandler = (world, request) => {
  const { logGroupNamePrefix: prefix, logGroupNamePattern: pattern } = request.input;
  if (prefix !== undefined && pattern !== undefined)
    throw new SimServiceError(INVALID, 'LogGroup name prefix and LogGroup name pattern are mutually exclusive.');
  const groups = logGroupsIn(world, request.caller.accountId, request.region).filter(
    (g) =>
      (typeof prefix !== 'string' || g.name.startsWith(prefix)) &&
      (typeof pattern !== 'string' || g.name.toLowerCase().includes(pattern.toLowerCase())),
  );
  const { items, nextToken } = paginate(groups, {
    maxResults: request.input.limit,
    nextToken: request.input.nextToken,
    defaultSize: 50,
    maxSize: 50,
    invalidInputCode: INVALID,
  });
  return {
    logGroups: items.map((g) => ({
      logGroupName: g.name,
      creationTime: g.createdAt,
      ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
      metricFilterCount: 0,
      arn: groupArn(request, g.name),
      storedBytes: g.events.reduce((sum, e) => sum + Buffer.byteLength(e.message), 0),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
};

/** One term of an unstructured filter pattern: `word`, `"a phrase"`, `?either`, `-excluded`. */
interface PatternTerm {
  text: string;
  kind: 'all' | 'any' | 'none';
}

/**
 * Parses the unstructured form of a filter pattern (CloudWatch Logs User Guide, "Filter pattern syntax for
 * metric filters, subscription filters, filter log events, and Live Tail": terms are case-sensitive
 * substrings; quotes hold terms with spaces or symbols; `?` before every term matches any of them; `-`
 * excludes). JSON (`{ … }`), space-delimited (`[ … ]`) and regular-expression (`%…%`) patterns are not
 * simulated: they are refused, so a caller that needed them would notice (docs/simulator.md).
 */
export function parseFilterPattern(pattern: string): PatternTerm[] {
  const trimmed = pattern.trim();
  if (/^[{[%]/.test(trimmed))
    throw new SimServiceError(INVALID, `The simulator serves unstructured filter patterns only: ${pattern}`);
  const terms: PatternTerm[] = [];
  const re = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    const text = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    terms.push({ text, kind: m[1] === '?' ? 'any' : m[1] === '-' ? 'none' : 'all' });
  }
  return terms;
}

function matchesPattern(terms: readonly PatternTerm[], message: string): boolean {
  const any = terms.filter((t) => t.kind === 'any');
  return (
    terms.every((t) =>
      t.kind === 'all' ? message.includes(t.text) : t.kind === 'none' ? !message.includes(t.text) : true,
    ) &&
    (any.length === 0 || any.some((t) => message.includes(t.text)))
  );
}

const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

const filterLogEvents: ActionHandler = (world: World, request) => {
  const input = request.input;
  const name = String(input.logGroupName);
  const group = world.logGroups.get(logGroupKeyOf(request.caller.accountId, request.region, name));
  if (!group) throw new SimServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined)
    throw new SimServiceError(INVALID, 'logStreamNames and logStreamNamePrefix are mutually exclusive.');
  const terms = parseFilterPattern(typeof input.filterPattern === 'string' ? input.filterPattern : '');
  const from = numberOr(input.startTime, 0);
  const to = numberOr(input.endTime, Number.MAX_SAFE_INTEGER);
  const streams = Array.isArray(input.logStreamNames) ? new Set(input.logStreamNames.map(String)) : undefined;
  const streamPrefix = typeof input.logStreamNamePrefix === 'string' ? input.logStreamNamePrefix : undefined;
  // Interleaved across streams, in time order (events of one time in the order they were written).
  const events: SimLogEvent[] = group.events
    .filter(
      (e) =>
        e.timestamp >= from &&
        e.timestamp <= to &&
        (!streams || streams.has(e.logStreamName)) &&
        (streamPrefix === undefined || e.logStreamName.startsWith(streamPrefix)) &&
        matchesPattern(terms, e.message),
    )
    .sort((a, b) => a.timestamp - b.timestamp);
  const { items, nextToken } = paginate(events, {
    maxResults: input.limit,
    nextToken: input.nextToken,
    defaultSize: 10_000,
    maxSize: 10_000,
    invalidInputCode: INVALID,
  });
  return { events: items, ...(nextToken ? { nextToken } : {}) };
};

export const logsHandlers: ServiceHandlers = {
  DescribeLogGroups: describeLogGroups,
  FilterLogEvents: filterLogEvents,
};
