/**
 * CloudWatch Logs as the simulator keeps it: log groups (created by stacks) and the events written to them.
 * Lambda functions write here the lines the real runtime would write, so what a reader finds with
 * FilterLogEvents is what the simulated function did, not a canned answer.
 */
import { randomUUID } from 'node:crypto';
import type { World } from './world.js';
import type { SimLambdaFunction, SimLogGroup } from './types.js';

/** The world's key of a log group: names are unique per account and region. */
export const logGroupKeyOf = (accountId: string, region: string, name: string): string =>
  `${accountId}:${region}:${name}`;

/** The log group a function writes to: `LoggingConfig.LogGroup`, else Lambda's default `/aws/lambda/<name>`. */
export const functionLogGroupName = (fn: SimLambdaFunction): string => fn.logGroup ?? `/aws/lambda/${fn.name}`;

/** The log groups of an account and region, sorted by name as DescribeLogGroups lists them. */
export function logGroupsIn(world: World, accountId: string, region: string): SimLogGroup[] {
  const prefix = logGroupKeyOf(accountId, region, '');
  return [...world.logGroups.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .map(([, group]) => group)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One invocation of a function, as its log shows it: a request id and the lines it wrote. */
export interface FunctionInvocationLog {
  readonly requestId: string;
  /** Writes one `console.log` line of the function (Lambda's text format: time, request id, INFO, message). */
  log(message: string): void;
  /** The simulated time (what the function's clock reads). */
  now(): number;
  /** Ends the invocation (Lambda's END line). */
  end(): void;
}

let eventCounter = 0;

/**
 * Starts an invocation's log, as Lambda's Node.js runtime writes it in the text log format: a START line, each
 * `console.log` as `<ISO time>\t<request id>\tINFO\t<message>`, an END line, all in one log stream named
 * `YYYY/MM/DD/[$LATEST]<id>`. Without the log group (deleted, or never created) the lines are lost, as in AWS.
 */
export function startInvocationLog(
  world: World,
  at: { accountId: string; region: string },
  fn: SimLambdaFunction,
): FunctionInvocationLog {
  const requestId = randomUUID();
  const group = world.logGroups.get(logGroupKeyOf(at.accountId, at.region, functionLogGroupName(fn)));
  const now = world.now();
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
  const logStreamName = `${day}/[$LATEST]${requestId.replaceAll('-', '')}`;
  const write = (message: string) => {
    if (!group) return;
    const timestamp = world.now();
    eventCounter += 1;
    group.events.push({
      logStreamName,
      timestamp,
      message,
      ingestionTime: timestamp,
      eventId: `${String(timestamp).padStart(20, '0')}${String(eventCounter).padStart(16, '0')}`,
    });
  };
  write(`START RequestId: ${requestId} Version: $LATEST\n`);
  return {
    requestId,
    log: (message) => write(`${new Date(world.now()).toISOString()}\t${requestId}\tINFO\t${message}\n`),
    now: () => world.now(),
    end: () => write(`END RequestId: ${requestId}\n`),
  };
}
