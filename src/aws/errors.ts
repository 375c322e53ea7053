import { AuthError, AwsOperationError, CisfleetError, InternalError, NetworkError } from '../errors.js';

/** What cisfleet needs to know about a failed AWS call, without SDK types leaking out of src/aws. */
export interface AwsErrorInfo {
  name: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
  throttled: boolean;
  accessDenied: boolean;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
/** The caller is known but not allowed: an IAM policy, an SCP or a permission boundary said no. */
const NOT_ALLOWED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthFailure']);
/** The credentials themselves were refused: expired, or not keys AWS knows. */
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const NOT_RECOGNISED = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidSignatureException',
]);
/** Node's socket errors: the endpoint could not be reached at all, so there is no AWS answer to report. */
const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};
/** Service prefix of IAM actions, by SDK client name (for "the caller needs organizations:ListRoots"). */
const IAM_PREFIX: Readonly<Record<string, string>> = {
  OrganizationsClient: 'organizations',
  CloudFormationClient: 'cloudformation',
  ConfigServiceClient: 'config',
  STSClient: 'sts',
  IAMClient: 'iam',
  EC2Client: 'ec2',
  CloudWatchLogsClient: 'logs',
  SSMClient: 'ssm',
};

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  address?: string;
  port?: number;
  tryNextLink?: boolean;
  $fault?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number };
  $cisfleetCall?: AwsCall;
}

/** The SDK call an error came from, as the client factory's middleware records it. */
export interface AwsCall {
  /** `OrganizationsClient` */
  client: string;
  /** `ListRoots` */
  action: string;
}

/**
 * What AWS answered, for a per-account failure line or kind: an error withAwsErrors mapped is described by the
 * SDK error it wraps (its cause), so a gateway's mapped error and a raw one read the same.
 */
export function describeAwsError(error: unknown): AwsErrorInfo {
  const e = answerOf(error) as SdkErrorShape | undefined;
  const status = e?.$metadata?.httpStatusCode;
  const nonAws = isNonAwsBody(e);
  const name = nonAws ? `HTTP ${status}` : (e?.name ?? 'Error');
  return {
    name,
    message: nonAws ? nonAwsBodyMessage(e!) : (e?.message ?? String(answerOf(error))),
    requestId: e?.$metadata?.requestId,
    httpStatus: status,
    throttled: THROTTLING.has(name) || status === 429,
    accessDenied: NOT_ALLOWED.has(name) || EXPIRED.has(name) || NOT_RECOGNISED.has(name),
  };
}

/** The error AWS (or the network, or the credential chain) threw, under the CisfleetErrors that mapped it. */
function answerOf(error: unknown): unknown {
  let answer = error;
  while (answer instanceof CisfleetError && answer.cause !== undefined) answer = answer.cause;
  return answer;
}

/** One line for a per-account failure: `AccessDenied: User … is not authorized … (request 1234)`. */
export function formatAwsError(error: unknown): string {
  const info = describeAwsError(error);
  return `${info.name}: ${info.message}${info.requestId ? ` (request ${info.requestId})` : ''}`;
}

/**
 * Records on every error which SDK call it came from, so that an error classified far from the call (in the bin
 * entry) still names the action and the IAM permission. Added to each client by the client factory.
 */
export function recordCallOnError(client: string, action: string, error: unknown): void {
  if (error && typeof error === 'object' && !(error as SdkErrorShape).$cisfleetCall) {
    Object.defineProperty(error, '$cisfleetCall', {
      value: { client, action: action.replace(/Command$/, '') },
      enumerable: false,
    });
  }
}

/**
 * The one classifier of failed AWS calls: whatever an SDK call, the credential chain or the network threw, the
 * CisfleetError that says what happened and what to do. Usage and config errors never reach here (they are
 * found before any call); cisfleet's own errors pass through; what is left unrecognised is a bug.
 */
export function classifyAwsError(error: unknown, action?: string): CisfleetError {
  if (error instanceof CisfleetError) return error;
  const e = (error ?? {}) as SdkErrorShape;
  const call = e.$cisfleetCall;
  const what = action ?? call?.action ?? 'AWS call';
  if (isCredentialChainError(e)) return credentialsError(e);
  const info = describeAwsError(error);
  const request = info.requestId ? ` (request ${info.requestId})` : '';
  const said = `${what} failed: ${info.name}: ${info.message}${request}`;
  if (EXPIRED.has(info.name)) {
    return new AuthError(
      `${said}\nThe credentials have expired: refresh them (aws sso login, or new temporary keys) and run again.`,
      { cause: error },
    );
  }
  if (NOT_RECOGNISED.has(info.name)) {
    return new AuthError(
      `${said}\nAWS does not recognise these credentials: check the profile name and the keys (aws sts get-caller-identity shows who they are).`,
      { cause: error },
    );
  }
  if (NOT_ALLOWED.has(info.name)) {
    const permission = call && IAM_PREFIX[call.client] ? `${IAM_PREFIX[call.client]}:${call.action}` : what;
    return new AwsOperationError(what, said, [], {
      cause: error,
      requestId: info.requestId,
      fix: `AccessDenied: the caller needs ${permission} — see docs/iam-permissions.md.`,
    });
  }
  const network = e.code ? NETWORK_CODES[e.code] : undefined;
  if (network) {
    const where = e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : 'the AWS endpoint';
    return new NetworkError(
      `${what} failed: cannot reach ${where}: ${network} (${e.code}). Check --endpoint-url (or AWS_ENDPOINT_URL) and that the endpoint is up, or the network and proxy settings.`,
      { cause: error },
    );
  }
  if (e.$metadata || e.$fault) {
    const fix = info.throttled
      ? 'AWS kept throttling the calls after every retry: run again later, or lower concurrency.accounts in accounts.yaml.'
      : undefined;
    return new AwsOperationError(what, said, [], { cause: error, requestId: info.requestId, ...(fix ? { fix } : {}) });
  }
  return new InternalError(e.message ?? String(error), { cause: error });
}

/**
 * Runs SDK calls and turns what they throw into cisfleet's errors (cisfleet errors pass through): the one
 * error-mapping wrapper of the gateways. `action` names what failed; without it (a read made of several calls)
 * the error names the SDK call that failed, as the client factory's middleware recorded it.
 */
export function withAwsErrors<T>(call: () => Promise<T>): Promise<T>;
export function withAwsErrors<T>(action: string, call: () => Promise<T>): Promise<T>;
export async function withAwsErrors<T>(
  actionOrCall: string | (() => Promise<T>),
  maybeCall?: () => Promise<T>,
): Promise<T> {
  const [action, call] = typeof actionOrCall === 'string' ? [actionOrCall, maybeCall!] : [undefined, actionOrCall];
  try {
    return await call();
  } catch (error) {
    if (isWaiterFailure(error)) {
      const what = action ?? 'AWS waiter';
      throw new AwsOperationError(what, `${what} failed: ${(error as Error).message}`, [], { cause: error });
    }
    throw classifyAwsError(error, action);
  }
}

/**
 * An SDK waiter (waitUntilStackCreateComplete, …) that reached a failure state rejects with a plain Error whose
 * message is the JSON of its state and reason, not with an SDK error: AWS said no, so it is no bug of cisfleet's.
 */
function isWaiterFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'Error' && error.message.startsWith('{"state":');
}

const GENERIC_CHAIN_FAILURE = 'Could not load credentials from any providers';

/** The credential chain (not AWS) failed: no credentials, an unknown profile, an SSO session to renew. */
function isCredentialChainError(e: SdkErrorShape): boolean {
  return e.name === 'CredentialsProviderError' || e.name === 'TokenProviderError' || e.tryNextLink !== undefined;
}

/** The credential chain's error in words, with the fix; the profile (when one was named) sharpens the advice. */
export function credentialsError(error: unknown, profile?: string, profileKnown?: boolean): AuthError {
  const message = (error as SdkErrorShape)?.message ?? String(error);
  const login = profile ? `aws sso login --profile ${profile}` : 'aws sso login';
  let advice: string;
  if (/sso/i.test(message))
    advice = `The SSO session has expired or was never started: run \`${login}\`, then run cisfleet again.`;
  else if (profile && profileKnown === false) {
    advice = `Profile '${profile}' is not in the AWS config or credentials file: check the profile name (\`aws configure list-profiles\` lists them).`;
  } else if (profile)
    advice = `Profile '${profile}' gave no credentials: check the profile name, or for an SSO profile run \`${login}\`.`;
  else {
    advice =
      'No AWS credentials were found: name a profile with --profile (or AWS_PROFILE), run `aws sso login` for an SSO profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
  }
  // The SDK's generic line adds nothing to the advice; anything more specific is kept.
  const detail = /sso/i.test(message) || message === GENERIC_CHAIN_FAILURE ? '' : `\n(${message})`;
  return new AuthError(`${advice}${detail}`, { cause: error });
}

/**
 * A body that is no AWS answer: an HTML page from a proxy or load balancer. The JSON protocol's parser throws a
 * SyntaxError, the query protocol's names it `Unknown` (well-formed markup) or fails to parse it (the SDK then
 * says "Deserialization error"); either way only the HTTP status says anything.
 */
function isNonAwsBody(e: SdkErrorShape | undefined): boolean {
  const status = e?.$metadata?.httpStatusCode;
  if (status === undefined || status < 300) return false;
  return (
    e?.name === 'SyntaxError' ||
    e?.name === 'Unknown' ||
    e?.name === 'UnknownError' ||
    /Deserialization error/.test(e?.message ?? '')
  );
}

function nonAwsBodyMessage(e: SdkErrorShape): string {
  const status = e.$metadata?.httpStatusCode ?? 0;
  const attempts = e.$metadata?.attempts;
  return (
    `the endpoint answered HTTP ${status} with a body that is not an AWS response (a proxy or load balancer in the way, or the service is down)` +
    (attempts && attempts > 1 ? `, ${attempts} attempts` : '')
  );
}
