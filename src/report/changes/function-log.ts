/**
 * Reads back what the access-key function (stacksets/functions/access-key-remediation.js) writes to its log
 * group: one JSON object per line, `{ level, msg, ...fields }`, under Lambda's text prefix
 * (`<time>\t<request id>\tINFO\t<json>`) or inside Lambda's JSON log format (`{ requestId, message }`); and the
 * runtime's own lines when a run fails as a whole. Pure: log records in, changes and runs out.
 */
import type { FunctionLogRecord } from '../../model/remediation-records.js';
import type { FunctionRun, RemediationChange } from './model.js';

/** The function's messages that record a change, a failure, or a run (and the runtime's failure lines). */
const KEY_MESSAGES: Readonly<Record<string, string>> = {
  'key deactivated': 'deactivated',
  'key deleted': 'deleted',
  'key grace-started': 'grace period started (deleted after DeleteGraceDays)',
};
const RUNTIME_FAILURES = ['Task timed out', 'Invoke Error'];
const MESSAGES = [...Object.keys(KEY_MESSAGES), 'user exempt', 'user failed', 'run summary', 'sweep stopped'];

/**
 * The FilterLogEvents pattern: any of the messages above, as quoted terms (a user name, IAM's [\w+=,.@-], cannot
 * hold a space, so none of these phrases can come from one). Lines are still parsed and checked one by one.
 */
export const FUNCTION_LOG_FILTER = [...MESSAGES, ...RUNTIME_FAILURES].map((m) => `?"${m}"`).join(' ');

type Where = Pick<RemediationChange, 'accountId' | 'accountName' | 'ouPath' | 'region'>;

export interface ReadFunctionLog {
  readonly changes: RemediationChange[];
  readonly runs: FunctionRun[];
}

interface Line {
  requestId: string;
  fields: Record<string, unknown>;
}

const REQUEST_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** One log event as the function's fields and the invocation's request id, or undefined when it is not the function's. */
function parseLine(message: string): Line | undefined {
  const text = message.trimEnd();
  const json = text.startsWith('{') ? parseObject(text) : undefined;
  if (json && typeof json.message === 'string') {
    // Lambda's JSON log format: the function's line is the `message` string.
    const fields = parseObject(json.message);
    return fields ? { requestId: typeof json.requestId === 'string' ? json.requestId : '', fields } : undefined;
  }
  const parts = text.split('\t');
  if (parts.length < 4) return undefined;
  const fields = parseObject(parts.slice(3).join('\t'));
  return fields ? { requestId: parts[1] ?? '', fields } : undefined;
}

const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function failuresOf(value: unknown): FunctionRun['failures'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const f = (entry ?? {}) as { user?: unknown; problems?: unknown };
    const problems = Array.isArray(f.problems) ? (f.problems as Array<Record<string, unknown>>) : [{}];
    return problems.map((p) => ({ user: str(f.user), error: str(p?.error) || 'Error', message: str(p?.message) }));
  });
}

/** A run that failed as a whole: no summary of users, only the error. */
function failedRun(where: Where, at: string, executionId: string, error: string): FunctionRun {
  return {
    ...where,
    at,
    executionId,
    kind: 'error',
    checked: 0,
    remediated: 0,
    exempt: 0,
    failed: 0,
    failures: [],
    error,
  };
}

/** Turns one account × region's function log records into changes and runs. */
export function readFunctionLog(records: readonly FunctionLogRecord[], where: Where): ReadFunctionLog {
  const changes: RemediationChange[] = [];
  const runs: FunctionRun[] = [];
  for (const record of records) {
    const at = new Date(record.timestamp).toISOString();
    const line = parseLine(record.message);
    if (!line) {
      const failure = RUNTIME_FAILURES.find((f) => record.message.includes(f));
      if (failure) runs.push(failedRun(where, at, REQUEST_ID.exec(record.message)?.[0] ?? '', record.message.trim()));
      continue;
    }
    const { fields, requestId: executionId } = line;
    const msg = str(fields.msg);
    const user = str(fields.user);
    const base = {
      ...where,
      controlId: 'access-keys-rotated' as const,
      source: 'access-key-function' as const,
      resourceType: 'AWS::IAM::User',
      resourceId: user,
      at,
      executionId,
    };
    const keyAction = KEY_MESSAGES[msg];
    if (keyAction !== undefined) {
      changes.push({ ...base, action: `access key ${str(fields.key)} ${keyAction}`, outcome: 'succeeded' });
    } else if (msg === 'user exempt') {
      changes.push({ ...base, action: 'left alone', outcome: 'exempt', detail: `exemption tag ${str(fields.tag)}` });
    } else if (msg === 'user failed') {
      const key = str(fields.key);
      changes.push({
        ...base,
        action: key ? `access key ${key}` : 'access keys',
        outcome: 'failed',
        detail: `${str(fields.error) || 'Error'}: ${str(fields.message)}`,
      });
    } else if (msg === 'run summary') {
      runs.push({
        ...where,
        at,
        executionId,
        kind: str(fields.kind),
        checked: num(fields.checked),
        remediated: num(fields.remediated),
        exempt: num(fields.exempt),
        failed: num(fields.failed),
        failures: failuresOf(fields.failures),
      });
    } else if (msg === 'sweep stopped') {
      runs.push(failedRun(where, at, executionId, `sweep stopped: ${str(fields.reason)}`));
    }
  }
  return { changes, runs };
}
