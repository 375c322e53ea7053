import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent } from 'node:http';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startTestSimulator, orgBuilder, type TestSimulator } from '../helpers/sim.js';

describe('simulator server', () => {
  let sim: TestSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator(orgBuilder().account('222222222222', { ou: 'Prod' }));
  });
  afterAll(async () => {
    await sim.stop();
  });

  const authorization = (service: string, accessKeyId = sim.credentialsFor('admin').accessKeyId) =>
    `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261128/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

  async function post(service: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(sim.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: authorization(service),
        ...headers,
      },
      body,
    });
    return {
      status: response.status,
      requestId: response.headers.get('x-amzn-requestid'),
      text: await response.text(),
    };
  }

  it('answers an unknown query action with InvalidAction naming it, and a request id', async () => {
    const response = await post('cloudformation', 'Action=LaunchRockets&Version=2010-05-15');
    expect(response.status).toBe(400);
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.text).toContain('<Code>InvalidAction</Code>');
    expect(response.text).toContain('LaunchRockets');
    expect(response.text).toContain(`<RequestId>${response.requestId}</RequestId>`);
  });

  it('answers an unknown Config action with UnknownOperationException', async () => {
    const response = await post('config', '{}', {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'StarlingDoveService.LaunchRockets',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('refuses a request without SigV4 credentials', async () => {
    const response = await fetch(sim.url, { method: 'POST', body: 'Action=GetCallerIdentity' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
  });

  it('counts each call by service and action', async () => {
    const before = sim.world.calls.get('sts:GetCallerIdentity') ?? 0;
    const sts = new STSClient(sim.clientConfig);
    await sts.send(new GetCallerIdentityCommand({}));
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(sim.world.calls.get('sts:GetCallerIdentity')).toBe(before + 2);
  });

  it('serves thousands of concurrent SDK calls over keep-alive connections', async () => {
    const httpAgent = new Agent({ keepAlive: true, maxSockets: 256 });
    const sts = new STSClient({ ...sim.clientConfig, requestHandler: { httpAgent } });
    const orgs = new OrganizationsClient({ ...sim.clientConfig, requestHandler: { httpAgent } });
    const calls = Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0
        ? sts.send(new GetCallerIdentityCommand({})).then((r) => r.Account)
        : orgs.send(new ListAccountsCommand({})).then((r) => String(r.Accounts?.length)),
    );
    const results = await Promise.all(calls);
    sts.destroy();
    orgs.destroy();
    httpAgent.destroy();
    expect(results.filter((r) => r === '111111111111')).toHaveLength(500);
    expect(results.filter((r) => r === '2')).toHaveLength(500);
  });
});
