/**
 * The lines the access-key function (stacksets/functions/access-key-remediation.js) writes, in its own format:
 * one JSON object per `console.log`, `{ level, msg, ...fields }`, and one `run summary` per invocation (also an
 * Embedded Metric Format record). The simulated function writes them through Lambda's log (log-groups.ts), so
 * `cisfleet report --changes` reads in the simulator exactly what it reads in AWS.
 */
import type { FunctionInvocationLog } from './log-groups.js';

/** Failures listed in the summary line (the real function's LISTED_FAILURES; the count is always exact). */
const LISTED_FAILURES = 50;

/** One user's outcome, as the real function's remediateUser returns it. */
export interface AccessKeyUserResult {
  status: 'compliant' | 'exempt' | 'remediated' | 'failed';
  user: string;
  keys: Array<{ key: string; action: 'deactivated' | 'grace-started' | 'deleted' | 'in-grace' }>;
  problems?: Array<{ key?: string; error: string; message: string }>;
}

export interface AccessKeyFunctionLog {
  info(msg: string, fields: Record<string, unknown>): void;
  /** A user's result: its problems as `user failed` lines (the real function's attempt()); the result back. */
  result(result: AccessKeyUserResult): AccessKeyUserResult;
  /** The run's summary line, as the real function's summarise() writes it. */
  summary(
    functionName: string,
    kind: 'event' | 'sweep',
    results: readonly AccessKeyUserResult[],
    extra: Record<string, unknown>,
  ): void;
  end(): void;
}

export function functionLog(invocation: FunctionInvocationLog): AccessKeyFunctionLog {
  const line = (level: string, msg: string, fields: Record<string, unknown>) =>
    invocation.log(JSON.stringify({ level, msg, ...fields }));
  return {
    info: (msg, fields) => line('info', msg, fields),
    result(result) {
      for (const p of result.problems ?? []) line('error', 'user failed', { user: result.user, ...p });
      return result;
    },
    summary(functionName, kind, results, extra) {
      const failed = results.filter((r) => r.status === 'failed');
      const count = (status: AccessKeyUserResult['status']) => results.filter((r) => r.status === status).length;
      line(failed.length > 0 ? 'error' : 'info', 'run summary', {
        kind,
        checked: results.length,
        remediated: count('remediated'),
        exempt: count('exempt'),
        failed: failed.length,
        failures: failed.slice(0, LISTED_FAILURES).map((r) => ({ user: r.user, problems: r.problems })),
        ...extra,
        _aws: {
          Timestamp: invocation.now(),
          CloudWatchMetrics: [
            {
              Namespace: 'cisfleet',
              Dimensions: [['FunctionName']],
              Metrics: [
                { Name: 'UsersFailed', Unit: 'Count' },
                { Name: 'UsersRemediated', Unit: 'Count' },
              ],
            },
          ],
        },
        FunctionName: functionName,
        UsersFailed: failed.length,
        UsersRemediated: count('remediated'),
      });
    },
    end: () => invocation.end(),
  };
}
