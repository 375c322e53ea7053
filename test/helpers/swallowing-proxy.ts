/**
 * A real HTTP server in front of the simulator that forwards every request, except those `swallow` picks: it
 * reads them whole and never answers, as a stuck endpoint does. What cisfleet meets is a real socket that
 * accepted the request and stays silent, not a mocked error.
 *
 *   const proxy = await startSwallowingProxy(sim.url, (req) => accountOf(sim, req) === '444444444444');
 *   // point cisfleet at proxy.url; proxy.swallowed counts what it kept
 *   await proxy.stop();
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseCredentialScope } from '../../src/sim/core/sigv4-scope.js';
import type { TestSimulator } from './sim.js';

export interface ProxiedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface SwallowingProxy {
  readonly url: string;
  /** Requests received and never answered (or whose answer was dropped). */
  readonly swallowed: number;
  stop(): Promise<void>;
}

/**
 * Starts the proxy on 127.0.0.1. `swallow` may also return 'drop-answer': the request is forwarded and the
 * simulator acts on it, then the connection is reset instead of answering — a response lost on the way back,
 * which the SDK retries as a network error.
 */
export async function startSwallowingProxy(
  target: string,
  swallow: (request: ProxiedRequest) => boolean | 'drop-answer',
): Promise<SwallowingProxy> {
  const sockets = new Set<Socket>();
  const silent = new Set<ServerResponse>();
  let swallowed = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const verdict = swallow({ headers: req.headers, body: body.toString('utf8') });
      if (verdict === true) {
        swallowed++;
        silent.add(res);
        return;
      }
      const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
        if (verdict === 'drop-answer') {
          swallowed++;
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (error) => res.destroy(error));
      upstream.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get swallowed() {
      return swallowed;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      silent.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The account whose credentials signed a request to the simulator (a member role session or a static key). */
export function callerAccount(sim: TestSimulator, request: ProxiedRequest): string | undefined {
  const scope = parseCredentialScope(request.headers.authorization);
  return scope ? sim.world.sessions.get(scope.accessKeyId)?.accountId : undefined;
}

/** The AWS action a request calls: the JSON target's operation or the query `Action=`. */
export function actionOf(request: ProxiedRequest): string | undefined {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop();
  return /(?:^|&)Action=([^&]+)/.exec(request.body)?.[1];
}
