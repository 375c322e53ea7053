/**
 * The simulator's HTTP front: one node:http server on 127.0.0.1 that speaks every simulated service. Each
 * request is routed by its SigV4 credential scope (service, region) and its access key id (the caller);
 * faults (latency, throttling, denied accounts) apply before the service's handler runs.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { isSimServiceError, SimServiceError } from './core/errors.js';
import { isDenied, latencyFor, Throttler } from './core/faults.js';
import {
  actionFromTarget,
  decodeJsonBody,
  encodeJsonError,
  encodeJsonResponse,
  JSON_CONTENT_TYPE,
} from './core/protocol-json.js';
import { decodeQueryBody, encodeQueryError, encodeQueryResponse } from './core/protocol-query.js';
import { decodeEc2Body, encodeEc2Error, encodeEc2Response } from './core/protocol-ec2.js';
import { parseCredentialScope, type CredentialScope } from './core/sigv4-scope.js';
import type { SimSession } from './model/types.js';
import type { World } from './model/world.js';
import { RealClock, type SimClock } from './core/clock.js';
import { loadScenarioFile } from './scenario/parse.js';
import { buildWorld } from './scenario/build.js';
import type { ScenarioInput } from './scenario/schema.js';
import { SERVICES, type ServiceSpec } from './services/index.js';
import { validateInput } from './core/input-validation.js';
import {
  errorCodeAllowed,
  flushCheckCounts,
  outputProblems,
  recordCheck,
  responseCheckingEnabled,
} from './core/output-check.js';
import { loadServiceModel, type OperationModel } from './core/service-models.js';

/** A request whose service is known, decoded but not yet authorised. */
interface RoutedRequest {
  spec: ServiceSpec;
  scope: CredentialScope;
  action: string;
  input: Record<string, unknown>;
  requestId: string;
}

interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function errorResponse(spec: ServiceSpec | undefined, error: SimServiceError, requestId: string): WireResponse {
  if (spec?.protocol === 'json') {
    return {
      status: error.httpStatus,
      headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-errortype': error.code },
      body: encodeJsonError(error),
    };
  }
  const body = spec?.protocol === 'ec2' ? encodeEc2Error(error, requestId) : encodeQueryError(error, requestId);
  return { status: error.httpStatus, headers: { 'content-type': 'text/xml' }, body };
}

function successResponse(routed: RoutedRequest, output: Record<string, unknown>): WireResponse {
  const { spec } = routed;
  if (spec.protocol === 'json') {
    return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: encodeJsonResponse(output) };
  }
  const encode = spec.protocol === 'ec2' ? encodeEc2Response : encodeQueryResponse;
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: encode(routed.action, spec.xmlns, output, routed.requestId),
  };
}

/** Decodes the request far enough to know service, action and input; throws SimServiceError otherwise. */
function route(req: IncomingMessage, body: string, requestId: string): RoutedRequest {
  const scope = parseCredentialScope(req.headers.authorization);
  if (!scope) {
    throw new SimServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
  const spec = SERVICES.get(scope.service);
  if (!spec) throw new SimServiceError('UnknownService', `The simulator does not serve ${scope.service}.`, 400);
  if (spec.protocol === 'json') {
    const target = req.headers['x-amz-target'];
    const action =
      actionFromTarget(Array.isArray(target) ? target[0] : target, spec.targetPrefix) ?? String(target ?? '');
    let input: Record<string, unknown>;
    try {
      input = decodeJsonBody(body);
    } catch {
      // A JSON service answers in JSON even when the request was not (the caller's spec travels with the error).
      throw Object.assign(
        new SimServiceError('SerializationException', 'The request body is not a valid JSON object.'),
        { spec },
      );
    }
    return { spec, scope, action, input, requestId };
  }
  const { action, input } = spec.protocol === 'ec2' ? decodeEc2Body(body) : decodeQueryBody(body);
  return { spec, scope, action, input, requestId };
}

/** The session behind the access key, checked the way the service would (unknown, expired, denied). */
function authorise(world: World, routed: RoutedRequest): SimSession {
  const { spec, scope } = routed;
  const session = world.sessions.get(scope.accessKeyId);
  if (!session) {
    throw new SimServiceError(spec.errors.invalidToken, 'The security token included in the request is invalid.', 403);
  }
  if (session.expiration !== undefined && world.now() > session.expiration) {
    // 403, as AWS answers (github.com/cfn-sphere/cfn-sphere/issues/55 shows IAM's; cloudquery/cq-provider-aws#1171 a JSON service's).
    throw new SimServiceError(spec.errors.expiredToken, 'The security token included in the request is expired', 403);
  }
  if (isDenied(world.faults, session.accountId)) {
    throw new SimServiceError(
      spec.errors.accessDenied,
      `User: ${session.arn} is not authorized to perform: ${spec.name}:${routed.action} with an explicit deny in a service control policy`,
      403,
    );
  }
  return session;
}

/** Serves one request against the world (synchronously: the world is only touched here). */
function serve(world: World, throttler: Throttler, routed: RoutedRequest): Record<string, unknown> {
  const { spec, action } = routed;
  world.advance();
  const caller = authorise(world, routed);
  world.countCall(spec.name, action);
  if (!throttler.tryAcquire(world.faults, caller.accountId, spec.name, action)) {
    world.countThrottle(spec.name, action);
    throw new SimServiceError(spec.errors.throttling, 'Rate exceeded', 400);
  }
  const handler = Object.hasOwn(spec.handlers, action) ? spec.handlers[action] : undefined;
  if (!handler) {
    throw new SimServiceError(spec.errors.unknownAction, `The action ${action} is not valid for this endpoint.`, 400);
  }
  // AWS validates the request against the operation's model before anything else happens.
  const inputCheck = validateInput(operationModel(routed)?.input, routed.input, spec.protocol);
  if (!inputCheck.ok) throw spec.invalidInput(inputCheck);
  const output = handler(world, {
    service: spec.name,
    action,
    region: routed.scope.region,
    caller,
    input: routed.input,
    requestId: routed.requestId,
  });
  return output;
}

/** The model of the routed operation (undefined without the models, or for an action AWS does not have). */
function operationModel(routed: RoutedRequest): OperationModel | undefined {
  return loadServiceModel(routed.spec.name)?.operation(routed.action);
}

/**
 * With response checking on (tests), checks a response against the model and records it; a violation becomes
 * the 500 the caller gets, naming the operation and the member, so no test can pass over it unnoticed.
 */
function checkResponse(
  routed: RoutedRequest | undefined,
  problemsOf: (operation: OperationModel) => string[],
): SimServiceError | undefined {
  if (!routed || !responseCheckingEnabled()) return undefined;
  // Without a model of the operation (none installed, or an operation newer than it) there is nothing to check.
  const operation = operationModel(routed);
  if (!operation) return undefined;
  const violation = recordCheck(routed.spec.name, routed.action, problemsOf(operation));
  return violation === undefined ? undefined : new SimServiceError('InternalFailure', violation, 500, false);
}

function errorCodeProblems(spec: ServiceSpec, operation: OperationModel, code: string): string[] {
  if (errorCodeAllowed(spec.protocol, operation, code)) return [];
  return spec.protocol === 'ec2'
    ? [`error code ${code} is not in EC2's documented error codes`]
    : [`error code ${code} is neither in the operation's errors nor a common error`];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: WireResponse, requestId: string): void {
  res.writeHead(response.status, {
    ...response.headers,
    'x-amzn-RequestId': requestId,
    'content-length': Buffer.byteLength(response.body),
  });
  res.end(response.body);
}

async function handle(world: World, throttler: Throttler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  let routed: RoutedRequest | undefined;
  let response: WireResponse;
  try {
    const body = await readBody(req);
    routed = route(req, body, requestId);
    const delay = latencyFor(world.faults, routed.spec.name, routed.action);
    // A real timer, so a slow call never holds up the others.
    if (delay > 0) await sleep(delay);
    const output = serve(world, throttler, routed);
    const spec = routed.spec;
    const violation = checkResponse(routed, (operation) => outputProblems(spec.name, spec.protocol, operation, output));
    response = violation ? errorResponse(spec, violation, requestId) : successResponse(routed, output);
  } catch (error) {
    let serviceError = isSimServiceError(error)
      ? error
      : new SimServiceError(
          'InternalFailure',
          `The simulator failed: ${(error as Error)?.message ?? String(error)}`,
          500,
          false,
        );
    serviceError =
      checkResponse(routed, (operation) => errorCodeProblems(routed!.spec, operation, serviceError.code)) ??
      serviceError;
    response = errorResponse(routed?.spec ?? (error as { spec?: ServiceSpec }).spec, serviceError, requestId);
  }
  send(res, response, requestId);
}

/** Starts listening; resolves with the server and its port. */
async function listen(world: World, port = 0, host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  const throttler = new Throttler();
  const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => {
    void handle(world, throttler, req, res);
  });
  // Fan-out tests open many sockets at once.
  server.maxConnections = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** Closes the server and every open keep-alive connection. */
async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface SimulatorOptions {
  /** The scenario as an object (validated); ignored when scenarioFile is given. */
  scenario?: ScenarioInput;
  /** A scenario YAML file. */
  scenarioFile?: string;
  /** Simulated time; RealClock by default. Tests pass a ManualClock. */
  clock?: SimClock;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Adds a generated organization (overrides the scenario's `generate`). */
  generate?: { accounts: number; regions?: number; ous?: number; seed?: number };
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
}

/** Static credentials of a scenario principal. */
export interface SimCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:<port>`: the `endpoint` for every SDK client. */
  url: string;
  port: number;
  world: World;
  /** Static keys of a scenario principal (`admin` always exists: the management account's admin user). */
  credentialsFor(principal: string): SimCredentials;
  stop(): Promise<void>;
}

/** A minimal organization, used when neither a scenario nor a file is given. */
const EMPTY_SCENARIO: ScenarioInput = { organization: { managementAccount: { id: '111111111111' } } };

/** Builds the world from the options and serves it on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const base: ScenarioInput = options.scenarioFile
    ? loadScenarioFile(options.scenarioFile)
    : (options.scenario ?? EMPTY_SCENARIO);
  const scenario: ScenarioInput = {
    ...base,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.generate ? { generate: options.generate } : {}),
  };
  const world = buildWorld(scenario, options.clock ?? new RealClock());
  const { server, port } = await listen(world, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    world,
    credentialsFor(principal: string): SimCredentials {
      const session = world.principals.get(principal);
      if (!session) {
        throw new Error(
          `no principal named '${principal}' in the scenario (known: ${[...world.principals.keys()].join(', ')})`,
        );
      }
      return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
    },
    stop: async () => {
      await close(server);
      flushCheckCounts();
    },
  };
}
