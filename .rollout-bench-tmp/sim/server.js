/**
 * The simulator's HTTP front: one node:http server on 127.0.0.1 that speaks every simulated service. Each
 * request is routed by its SigV4 credential scope (service, region) and its access key id (the caller);
 * faults (latency, throttling, denied accounts) apply before the service's handler runs.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { isSimServiceError, SimServiceError } from './core/errors.js';
import { isDenied, latencyFor, Throttler } from './core/faults.js';
import { actionFromTarget, decodeJsonBody, encodeJsonError, encodeJsonResponse, JSON_CONTENT_TYPE } from './core/protocol-json.js';
import { decodeQueryBody, encodeQueryError, encodeQueryResponse } from './core/protocol-query.js';
import { parseCredentialScope } from './core/sigv4-scope.js';
import { RealClock } from './core/clock.js';
import { loadScenarioFile } from './scenario/parse.js';
import { buildWorld } from './scenario/build.js';
import { SERVICES } from './services/index.js';
function errorResponse(spec, error, requestId) {
    if (spec?.protocol === 'json') {
        return {
            status: error.httpStatus,
            headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-errortype': error.code },
            body: encodeJsonError(error),
        };
    }
    return { status: error.httpStatus, headers: { 'content-type': 'text/xml' }, body: encodeQueryError(error, requestId) };
}
function successResponse(routed, output) {
    const { spec } = routed;
    if (spec.protocol === 'json') {
        return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: encodeJsonResponse(output) };
    }
    return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: encodeQueryResponse(routed.action, spec.xmlns, output, routed.requestId),
    };
}
/** Decodes the request far enough to know service, action and input; throws SimServiceError otherwise. */
function route(req, body, requestId) {
    const scope = parseCredentialScope(req.headers.authorization);
    if (!scope) {
        throw new SimServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    }
    const spec = SERVICES.get(scope.service);
    if (!spec)
        throw new SimServiceError('UnknownService', `The simulator does not serve ${scope.service}.`, 400);
    if (spec.protocol === 'json') {
        const target = req.headers['x-amz-target'];
        const action = actionFromTarget(Array.isArray(target) ? target[0] : target, spec.targetPrefix) ?? String(target ?? '');
        let input;
        try {
            input = decodeJsonBody(body);
        }
        catch {
            throw new SimServiceError('SerializationException', 'The request body is not valid JSON.');
        }
        return { spec, scope, action, input, requestId };
    }
    const { action, input } = decodeQueryBody(body);
    return { spec, scope, action, input, requestId };
}
/** The session behind the access key, checked the way the service would (unknown, expired, denied). */
function authorise(world, routed) {
    const { spec, scope } = routed;
    const session = world.sessions.get(scope.accessKeyId);
    if (!session) {
        throw new SimServiceError(spec.errors.invalidToken, 'The security token included in the request is invalid.', 403);
    }
    if (session.expiration !== undefined && world.now() > session.expiration) {
        throw new SimServiceError(spec.errors.expiredToken, 'The security token included in the request is expired', 400);
    }
    if (isDenied(world.faults, session.accountId)) {
        throw new SimServiceError(spec.errors.accessDenied, `User: ${session.arn} is not authorized to perform: ${spec.name}:${routed.action} with an explicit deny in a service control policy`, 403);
    }
    return session;
}
/** Serves one request against the world (synchronously: the world is only touched here). */
function serve(world, throttler, routed) {
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
    const output = handler(world, {
        service: spec.name,
        action,
        region: routed.scope.region,
        caller,
        input: routed.input,
        requestId: routed.requestId,
    });
    return successResponse(routed, output);
}
function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}
function send(res, response, requestId) {
    res.writeHead(response.status, {
        ...response.headers,
        'x-amzn-RequestId': requestId,
        'content-length': Buffer.byteLength(response.body),
    });
    res.end(response.body);
}
async function handle(world, throttler, req, res) {
    const requestId = randomUUID();
    let routed;
    let response;
    try {
        const body = await readBody(req);
        routed = route(req, body, requestId);
        const delay = latencyFor(world.faults, routed.spec.name, routed.action);
        // A real timer, so a slow call never holds up the others.
        if (delay > 0)
            await sleep(delay);
        response = serve(world, throttler, routed);
    }
    catch (error) {
        const serviceError = isSimServiceError(error)
            ? error
            : new SimServiceError('InternalFailure', `The simulator failed: ${error?.message ?? String(error)}`, 500, false);
        response = errorResponse(routed?.spec, serviceError, requestId);
    }
    send(res, response, requestId);
}
/** Starts listening; resolves with the server and its port. */
async function listen(world, port = 0, host = '127.0.0.1') {
    const throttler = new Throttler();
    const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => {
        void handle(world, throttler, req, res);
    });
    // Fan-out tests open many sockets at once.
    server.maxConnections = 20_000;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, backlog: 4096 }, () => {
            server.off('error', reject);
            resolve();
        });
    });
    return { server, port: server.address().port };
}
/** Closes the server and every open keep-alive connection. */
async function close(server) {
    await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
    });
}
/** A minimal organization, used when neither a scenario nor a file is given. */
const EMPTY_SCENARIO = { organization: { managementAccount: { id: '111111111111' } } };
/** Builds the world from the options and serves it on 127.0.0.1. */
export async function startSimulator(options = {}) {
    const base = options.scenarioFile ? loadScenarioFile(options.scenarioFile) : (options.scenario ?? EMPTY_SCENARIO);
    const scenario = {
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
        credentialsFor(principal) {
            const session = world.principals.get(principal);
            if (!session) {
                throw new Error(`no principal named '${principal}' in the scenario (known: ${[...world.principals.keys()].join(', ')})`);
            }
            return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
        },
        stop: () => close(server),
    };
}
//# sourceMappingURL=server.js.map