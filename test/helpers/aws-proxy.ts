/**
 * A real HTTP proxy in front of the simulator, for tests of what cisfleet does when AWS answers something the
 * simulator would not: every request is forwarded unchanged, except those the test answers itself, whose
 * request it rewrites, that it never answers (a stuck endpoint: the socket accepted the request and stays
 * silent), or whose answer it drops after the simulator acted (the connection is reset: a lost response).
 *
 *   const proxy = await startAwsProxy(sim.url, {
 *     answer: (call) => call.action === 'DescribeRemediationExecutionStatus' ? jsonError(400, 'NoSuch…', '…') : undefined,
 *   });
 *   // point cisfleet at proxy.url; proxy.calls counts what went through; await proxy.stop();
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy saw it. */
export interface ProxiedCall {
  /** The SigV4 credential scope's service (`config`, `cloudformation`, …). */
  service: string;
  /** The operation: X-Amz-Target's suffix (JSON 1.1) or the `Action` form field (query). */
  action: string;
  /** The raw request body. */
  body: string;
  /** The access key that signed it (the simulator knows whose it is: see callerAccount). */
  accessKeyId: string;
}

/** An answer the test gives instead of the simulator's. */
export interface ProxyAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface AwsProxyOptions {
  /** Answers a call itself (the simulator never sees it); undefined forwards it. */
  answer?: (call: ProxiedCall) => ProxyAnswer | undefined;
  /** Rewrites the body a forwarded call sends to the simulator; undefined keeps it. */
  rewriteRequest?: (call: ProxiedCall) => string | undefined;
  /** Reads the call and never answers it. */
  silence?: (call: ProxiedCall) => boolean;
  /** Forwards the call, lets the simulator act on it, then resets the connection instead of answering. */
  dropAnswer?: (call: ProxiedCall) => boolean;
}

export interface AwsProxy {
  url: string;
  /** Every call that went through, in order. */
  calls: ProxiedCall[];
  /** Calls silenced or whose answer was dropped. */
  readonly unanswered: number;
  stop(): Promise<void>;
}

/** A JSON 1.1 error as AWS's JSON services send it: the code in `__type` and x-amzn-ErrorType. */
export function jsonError(status: number, code: string, message: string): ProxyAnswer {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': `${code}:`,
      'x-amzn-requestid': `proxy-${code}`,
    },
    body: JSON.stringify({ __type: code, message }),
  };
}

/** A query-protocol (CloudFormation, STS) error as AWS sends it: XML with the code in Error/Code. */
export function queryError(status: number, code: string, message: string): ProxyAnswer {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': `proxy-${code}` },
    body: `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>proxy-${code}</RequestId></ErrorResponse>`,
  };
}

function callOf(headers: IncomingHttpHeaders, body: string): ProxiedCall {
  const scope = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(headers.authorization ?? ''));
  const target = headers['x-amz-target'];
  const action =
    typeof target === 'string'
      ? target.slice(target.indexOf('.') + 1)
      : (new URLSearchParams(body).get('Action') ?? '');
  return { service: scope?.[2] ?? '', action, body, accessKeyId: scope?.[1] ?? '' };
}

/** Starts the proxy on 127.0.0.1 (a random port), forwarding to `target` (the simulator's URL). */
export async function startAwsProxy(target: string, options: AwsProxyOptions = {}): Promise<AwsProxy> {
  const upstream = new URL(target);
  const calls: ProxiedCall[] = [];
  let unanswered = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const call = callOf(req.headers, body.toString('utf8'));
      calls.push(call);
      const answer = options.answer?.(call);
      if (answer) {
        res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
        res.end(answer.body);
        return;
      }
      if (options.silence?.(call)) {
        unanswered++;
        return;
      }
      const drop = options.dropAnswer?.(call) ?? false;
      const upstreamBody = options.rewriteRequest?.(call) ?? body;
      const headers = {
        ...req.headers,
        host: upstream.host,
        'content-length': String(Buffer.byteLength(upstreamBody)),
      };
      delete headers['transfer-encoding'];
      const forwarded = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (upstreamRes) => {
          if (drop) {
            unanswered++;
            upstreamRes.resume();
            upstreamRes.on('end', () => req.socket.destroy());
            return;
          }
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forwarded.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error.message}`);
      });
      forwarded.end(upstreamBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    get unanswered() {
      return unanswered;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The account whose credentials signed a call to the simulator (a member role session or a static key). */
export function callerAccount(
  sim: { world: { sessions: ReadonlyMap<string, { accountId: string }> } },
  call: ProxiedCall,
): string | undefined {
  return sim.world.sessions.get(call.accessKeyId)?.accountId;
}
