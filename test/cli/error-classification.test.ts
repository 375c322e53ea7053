/**
 * Expected failures through the real built CLI: each is a clear error with its exit code and its fix, never
 * "a bug in cisfleet"; credentials are never printed (docs/commands.md, exit codes).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli, runCliAsync, type CliRun } from '../helpers/run-cli.js';
import { forwardTo, htmlError, startHttpStub, type HttpStub } from '../helpers/http-stub.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { builtinScenarioPath, startSimulator, type RunningSimulator } from '../../src/sim/index.js';

const SECRET = 'h4-secret-key-never-printed';
const BUG = /bug in cisfleet/;

/** The environment of a run with static keys against an endpoint; two attempts per call keep retries short. */
function keys(accessKeyId: string): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '2',
  };
}

function expectNoSecret(run: CliRun): void {
  expect(run.stdout + run.stderr).not.toContain(SECRET);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let demo: RunningSimulator;
let adminKey: string;

beforeAll(async () => {
  demo = await startSimulator({ scenarioFile: builtinScenarioPath('demo') });
  adminKey = demo.credentialsFor('admin').accessKeyId;
});
afterAll(async () => demo.stop());

describe('credentials that cannot be used are an auth error (exit 1) with the fix', () => {
  it('no credentials at all: says where credentials come from', async () => {
    const run = await runCliAsync(['org', '--endpoint-url', demo.url], { env: { AWS_REGION: 'us-east-1' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No AWS credentials were found');
    expect(run.stderr).toContain('aws sso login');
    expect(run.stderr).not.toMatch(BUG);
  });

  it('an unknown profile: names it and says to check the profile name', async () => {
    const run = await runCliAsync(['org', '--profile', 'no-such-profile', '--endpoint-url', demo.url], {
      env: { AWS_REGION: 'us-east-1' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "Profile 'no-such-profile' is not in the AWS config or credentials file: check the profile name",
    );
    expect(run.stderr).not.toMatch(BUG);
  });

  it('an SSO profile without a session: run aws sso login --profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cisfleet-sso-'));
    const config = join(dir, 'config');
    writeFileSync(
      config,
      '[profile team]\nsso_session = s\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\n' +
        '[sso-session s]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
    );
    const run = await runCliAsync(['org', '--profile', 'team', '--endpoint-url', demo.url], {
      env: { HOME: dir, AWS_CONFIG_FILE: config },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('aws sso login --profile team');
    expect(run.stderr).not.toMatch(BUG);
  });

  it('keys AWS does not know: the AWS error code, the request id and "check the profile name"; the secret is not printed', async () => {
    const run = await runCliAsync(['org', '--endpoint-url', demo.url], { env: keys('AKIAUNKNOWNKEY000000') });
    expect(run.status).toBe(1);
    // The first call is STS's GetCallerIdentity (the caller check), whose code for this is InvalidClientTokenId.
    expect(run.stderr).toMatch(
      /GetCallerIdentity failed: InvalidClientTokenId: The security token included in the request is invalid\. \(request [0-9a-f-]{36}\)/,
    );
    expect(run.stderr).toContain('check the profile name');
    expect(run.stderr).not.toMatch(BUG);
    expectNoSecret(run);
  });

  it('an expired token: keeps ExpiredTokenException and the request id, and says to refresh the credentials', async () => {
    const expired = await startHttpStub((_req, _body, res) => {
      const body = JSON.stringify({
        __type: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
      });
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': 'req-expired-1' });
      res.end(body);
    });
    try {
      const run = await runCliAsync(['report', '--endpoint-url', expired.url], {
        env: { ...keys(adminKey), AWS_SESSION_TOKEN: 'session-token-secret' },
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        'ExpiredTokenException: The security token included in the request is expired (request req-expired-1)',
      );
      expect(run.stderr).toContain('The credentials have expired: refresh them');
      expect(run.stderr).not.toMatch(BUG);
      expectNoSecret(run);
      expect(run.stdout + run.stderr).not.toContain('session-token-secret');
    } finally {
      await expired.stop();
    }
  });
});

describe('AccessDenied from Organizations', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder().account('222222222222', { ou: 'Security' }).principal('member', '222222222222'),
    );
  });
  afterAll(async () => sim.stop());

  it('is exit 1 with the code, the request id and the permission the caller needs', async () => {
    const run = await runCliAsync(['report', '--endpoint-url', sim.url], {
      env: keys(sim.credentialsFor('member').accessKeyId),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/AccessDeniedException: .* \(request [0-9a-f-]{36}\)/);
    expect(run.stderr).toContain(
      'AccessDenied: the caller needs organizations:ListRoots — see docs/iam-permissions.md',
    );
    expect(run.stderr).not.toMatch(BUG);
    expectNoSecret(run);
  });
});

describe('--endpoint-url is checked before any call', () => {
  let stub: HttpStub;
  beforeAll(async () => {
    stub = await startHttpStub(htmlError(500));
  });
  afterAll(async () => stub.stop());

  it.each([`ftp://127.0.0.1:PORT`, 'file:///etc/passwd', 'http://', 'not a url'])(
    '%s is a usage error (exit 2) and nothing is sent',
    async (raw) => {
      const endpoint = raw.replace('PORT', String(stub.port));
      const run = await runCliAsync(['org', '--endpoint-url', endpoint], { env: keys(adminKey) });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('--endpoint-url (or AWS_ENDPOINT_URL)');
      expect(run.stderr).toContain('Give http(s)://host[:port]');
      expect(stub.hits).toBe(0);
    },
  );

  it('credentials in the endpoint URL are refused without echoing them', async () => {
    const run = await runCliAsync(['org', '--endpoint-url', `http://user:${SECRET}@127.0.0.1:${stub.port}`], {
      env: keys(adminKey),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('carries credentials');
    expectNoSecret(run);
  });

  it('AWS_ENDPOINT_URL is checked the same way', async () => {
    const run = await runCliAsync(['org'], { env: { ...keys(adminKey), AWS_ENDPOINT_URL: 'ftp://127.0.0.1:21' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'ftp://127.0.0.1:21' uses ftp: only http and https are AWS endpoints");
  });
});

describe('an endpoint that cannot be reached', () => {
  it('connection refused is a network error naming the endpoint (exit 1)', async () => {
    const port = await closedPort();
    const run = await runCliAsync(['org', '--endpoint-url', `http://127.0.0.1:${port}`], { env: keys(adminKey) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`cannot reach 127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
    expect(run.stderr).toContain('Check --endpoint-url');
    expect(run.stderr).not.toMatch(BUG);
  });
});

describe('a body that is not AWS (HTML 5xx from a proxy) is a retryable service error, never a bug', () => {
  it('instead of the endpoint: retried as often as AWS_MAX_ATTEMPTS says, then exit 1 naming the HTTP status', async () => {
    const proxy = await startHttpStub(htmlError(502));
    try {
      const run = await runCliAsync(['org', '--endpoint-url', proxy.url], { env: keys(adminKey) });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/HTTP 502: the endpoint answered HTTP 502 with a body that is not an AWS response/);
      expect(run.stderr).not.toMatch(BUG);
      // The first call failed on both of its attempts, and nothing else was tried.
      expect(proxy.hits).toBe(2);
    } finally {
      await proxy.stop();
    }
  });

  it('in front of the simulator, failing only AWS Config: report goes on and lists each account × region with HTTP 503 (exit 3)', async () => {
    const forward = forwardTo(demo.url);
    const fail = htmlError(503);
    const proxy = await startHttpStub((req, body, res) =>
      (/\/config\/aws4_request/.test(req.headers.authorization ?? '') ? fail : forward)(req, body, res),
    );
    try {
      const run = await runCliAsync(['report', '--source', 'accounts', '--endpoint-url', proxy.url, '--no-color'], {
        env: keys(adminKey),
      });
      expect(run.stderr).not.toMatch(BUG);
      expect(run.status).toBe(3);
      expect(run.stdout + run.stderr).toMatch(/HTTP 503/);
    } finally {
      await proxy.stop();
    }
  });
});

describe('bad input to the CLI itself', () => {
  it('sim serve --port 99999 is a usage error (exit 2)', () => {
    const run = runCli(['sim', 'serve', '--port', '99999']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--port 99999 is not a TCP port');
    expect(run.stderr).not.toMatch(BUG);
  });

  it('a YAML alias bomb is a config error naming the file (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cisfleet-bomb-'));
    const file = join(dir, 'accounts.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h'].entries()) {
      const prev = String.fromCharCode('a'.charCodeAt(0) + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(file, `${levels.join('\n')}\n`);
    const run = runCli(['validate', '--config', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}: YAML aliases (*name) expand to too much`);
    expect(run.stderr).not.toMatch(BUG);
  });
});
