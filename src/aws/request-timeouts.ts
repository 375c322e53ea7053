/**
 * Bounds on every AWS request. The SDK's NodeHttpHandler waits forever by default (no connection or response
 * timeout), so one endpoint that accepts a request and never answers would hang a whole run. The handler's own
 * TimeoutError is retried by the SDK like any transient error; once the retries are spent, this module turns it
 * into a NoAnswerError that names the service, the call and the time waited, so the account is listed with it.
 */
import type { MiddlewareStack } from '@smithy/types';

export interface RequestTimeouts {
  /** TCP (and TLS) connection: an AWS endpoint accepts in well under a second. 0 = no limit. */
  readonly connectMs: number;
  /** Silence on an open connection, waiting for the response (a socket idle timeout). 0 = no limit. */
  readonly responseMs: number;
}

/**
 * Response: 60 s, botocore's (and so the AWS CLI's) read timeout; cisfleet's slowest call answers a page of 100
 * in seconds. Connect: 10 s, six times less than botocore's 60 s, because an endpoint that does not accept a
 * connection in 10 s is down or blocked, and each attempt of AWS_MAX_ATTEMPTS would wait it out again.
 */
export const DEFAULT_REQUEST_TIMEOUTS: RequestTimeouts = { connectMs: 10_000, responseMs: 60_000 };

/**
 * A request got no answer (or no connection) within its timeout, on every attempt. It carries no `cause`: the
 * SDK retries any error whose cause chain holds a TimeoutError, and a call whose credentials (AssumeRole) got no
 * answer must fail at once, not retry that whole wait.
 */
export class NoAnswerError extends Error {
  readonly $metadata: { attempts?: number };

  constructor(message: string, attempts: number | undefined) {
    super(message);
    this.name = 'NoAnswer';
    this.$metadata = { attempts };
  }
}

/** The NodeHttpHandler options for these timeouts (socketTimeout is the idle timeout the handler honours). */
export function handlerTimeoutOptions(timeouts: RequestTimeouts): { connectionTimeout: number; socketTimeout: number } {
  return { connectionTimeout: timeouts.connectMs, socketTimeout: timeouts.responseMs };
}

/** Outermost middleware of every client: after the SDK's retries, a handler TimeoutError becomes a NoAnswerError. */
export function addNoAnswerMiddleware(stack: MiddlewareStack<object, object>, timeouts: RequestTimeouts): void {
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw noAnswerFrom(error, timeouts, context) ?? error;
      }
    },
    { step: 'initialize', priority: 'high', name: 'cisfleetNoAnswer', override: true },
  );
}

function noAnswerFrom(
  error: unknown,
  timeouts: RequestTimeouts,
  context: { clientName?: string; commandName?: string },
): NoAnswerError | undefined {
  const e = error as { name?: string; message?: string; $metadata?: { attempts?: number } } | undefined;
  if (e?.name !== 'TimeoutError') return undefined;
  const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
  const call = context.commandName ? ` ${context.commandName.replace(/Command$/, '')}` : '';
  const attempts = e.$metadata?.attempts;
  const tries = attempts && attempts > 1 ? ` (${attempts} attempts)` : '';
  const connecting = /establish a connection/.test(e.message ?? '');
  const message = connecting
    ? `no connection to ${service} within ${seconds(timeouts.connectMs)}${tries}: the endpoint does not accept connections (check --endpoint-url, a proxy or the network; --connect-timeout sets the limit)`
    : `no answer from ${service}${call} in ${seconds(timeouts.responseMs)}${tries}: the request was sent and nothing came back (--request-timeout sets the limit)`;
  return new NoAnswerError(message, attempts);
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
