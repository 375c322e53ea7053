import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A little HTTP server on 127.0.0.1 that counts the requests it gets; stop it in afterAll. */
export interface HttpStub {
  url: string;
  port: number;
  /** Requests received so far. */
  readonly hits: number;
  stop(): Promise<void>;
}

export type StubHandler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** Serves every request with `handler` (after reading its body). */
export async function startHttpStub(handler: StubHandler): Promise<HttpStub> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get hits() {
      return hits;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What a proxy or load balancer sends when the service behind it is down: an HTML page, no AWS error. */
export function htmlError(status: number): StubHandler {
  return (_req, _body, res) => {
    const page = `<html><head><title>${status}</title></head><body><h1>${status} Bad Gateway</h1><hr>nginx</body></html>`;
    res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
    res.end(page);
  };
}

/** Forwards a request unchanged to `target` (an http://127.0.0.1:port server) and relays the answer. */
export function forwardTo(target: string): StubHandler {
  const { port } = new URL(target);
  return (req, body, res) => {
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.end(body);
  };
}
