import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/transport';
import type { HttpRequest } from '@smithy/types';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  DescribeStackSetCommand,
  OperationInProgressException,
  StackSetNotFoundException,
} from '@aws-sdk/client-cloudformation';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SimServiceError } from '../../src/sim/core/errors.js';
import { decodeJsonBody, encodeJsonError, encodeJsonResponse } from '../../src/sim/core/protocol-json.js';
import {
  decodeQueryBody,
  encodeQueryError,
  encodeQueryResponse,
  queryList,
} from '../../src/sim/core/protocol-query.js';
import { parseCredentialScope } from '../../src/sim/core/sigv4-scope.js';
import { at } from '../helpers/elements.js';

/** An SDK client config whose "network" is a function: the real SDK serialises and parses, nothing is sent. */
function fakeTransport(
  reply: (request: HttpRequest, body: string) => { status: number; body: string; headers?: Record<string, string> },
) {
  const seen: Array<{ request: HttpRequest; body: string }> = [];
  return {
    seen,
    config: {
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'secret' },
      maxAttempts: 1,
      requestHandler: {
        handle(request: HttpRequest) {
          const body =
            typeof request.body === 'string'
              ? request.body
              : request.body
                ? new TextDecoder().decode(request.body as Uint8Array)
                : '';
          seen.push({ request, body });
          const answer = reply(request, body);
          return Promise.resolve({
            response: new HttpResponse({
              statusCode: answer.status,
              headers: answer.headers ?? {},
              body: Readable.from([Buffer.from(answer.body)]),
            }),
          });
        },
      },
    },
  };
}

describe('query protocol codec', () => {
  it('decodes member lists, lists of structures and entry maps into nested objects', () => {
    const body = new URLSearchParams({
      Action: 'CreateStackInstances',
      Version: '2010-05-15',
      StackSetName: 'cis',
      'Regions.member.2': 'eu-west-1',
      'Regions.member.1': 'us-east-1',
      'DeploymentTargets.OrganizationalUnitIds.member.1': 'ou-abcd-11111111',
      'ParameterOverrides.member.1.ParameterKey': 'Mode',
      'ParameterOverrides.member.1.ParameterValue': 'remediate',
      'Attributes.entry.1.key': 'Color',
      'Attributes.entry.1.value': 'blue',
      Empty: '',
    }).toString();
    const decoded = decodeQueryBody(body);
    expect(decoded.action).toBe('CreateStackInstances');
    expect(decoded.version).toBe('2010-05-15');
    expect(decoded.input).toEqual({
      StackSetName: 'cis',
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: { OrganizationalUnitIds: ['ou-abcd-11111111'] },
      ParameterOverrides: [{ ParameterKey: 'Mode', ParameterValue: 'remediate' }],
      Attributes: { Color: 'blue' },
      Empty: '',
    });
    expect(queryList(decoded.input.Empty)).toEqual([]);
  });

  it('encodes structures, lists, maps, dates and booleans as XML, escaped', () => {
    const xml = encodeQueryResponse(
      'Probe',
      'urn:test',
      {
        Name: 'a<b&c',
        Items: ['x', 'y'],
        Tags: new Map([['k', 'v']]),
        At: new Date(Date.UTC(2026, 0, 2)),
        On: false,
        Gone: undefined,
      },
      'req-1',
    );
    expect(xml).toContain('<ProbeResponse xmlns="urn:test"><ProbeResult>');
    expect(xml).toContain('<Name>a&lt;b&amp;c</Name>');
    expect(xml).toContain('<Items><member>x</member><member>y</member></Items>');
    expect(xml).toContain('<Tags><entry><key>k</key><value>v</value></entry></Tags>');
    expect(xml).toContain('<At>2026-01-02T00:00:00.000Z</At>');
    expect(xml).toContain('<On>false</On>');
    expect(xml).not.toContain('Gone');
    expect(xml).toContain('<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>');
  });

  it('round-trips a real CloudFormation request and response through the SDK', async () => {
    const transport = fakeTransport((_request, body) => {
      const { action } = decodeQueryBody(body);
      const output = {
        StackSet: {
          StackSetName: 'cis',
          Status: 'ACTIVE',
          Capabilities: ['CAPABILITY_NAMED_IAM'],
          Parameters: [{ ParameterKey: 'Mode', ParameterValue: 'remediate' }],
          AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
          OrganizationalUnitIds: ['ou-a', 'ou-b'],
        },
      };
      return {
        status: 200,
        body: encodeQueryResponse(action, 'http://cloudformation.amazonaws.com/doc/2010-05-15/', output, 'r1'),
      };
    });
    const client = new CloudFormationClient(transport.config);
    const result = await client.send(new DescribeStackSetCommand({ StackSetName: 'cis' }));
    expect(result.StackSet).toMatchObject({
      StackSetName: 'cis',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: [{ ParameterKey: 'Mode', ParameterValue: 'remediate' }],
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      OrganizationalUnitIds: ['ou-a', 'ou-b'],
    });

    await client.send(
      new CreateStackInstancesCommand({
        StackSetName: 'cis',
        Regions: ['us-east-1', 'eu-west-1'],
        DeploymentTargets: { OrganizationalUnitIds: ['ou-a'], Accounts: ['222222222222'] },
        ParameterOverrides: [{ ParameterKey: 'Mode', ParameterValue: 'detect' }],
        OperationPreferences: { MaxConcurrentPercentage: 50, RegionOrder: ['us-east-1'] },
      }),
    );
    const sent = decodeQueryBody(at(transport.seen, 1, 'request').body);
    expect(sent.action).toBe('CreateStackInstances');
    expect(sent.input).toMatchObject({
      StackSetName: 'cis',
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: { OrganizationalUnitIds: ['ou-a'], Accounts: ['222222222222'] },
      ParameterOverrides: [{ ParameterKey: 'Mode', ParameterValue: 'detect' }],
      OperationPreferences: { MaxConcurrentPercentage: '50', RegionOrder: ['us-east-1'] },
    });
    expect(parseCredentialScope(String(transport.seen[1]?.request.headers.authorization))).toMatchObject({
      service: 'cloudformation',
      region: 'us-east-1',
      accessKeyId: 'AKIAEXAMPLEEXAMPLE00',
    });
    client.destroy();
  });

  it.each([
    ['StackSetNotFoundException', 404, StackSetNotFoundException],
    ['OperationInProgressException', 409, OperationInProgressException],
  ] as const)('an error coded %s becomes the SDK class', async (code, status, errorClass) => {
    const transport = fakeTransport(() => ({
      status,
      body: encodeQueryError(new SimServiceError(code, 'nope', status), 'r2'),
    }));
    const client = new CloudFormationClient(transport.config);
    const error = await client.send(new DescribeStackSetCommand({ StackSetName: 'cis' })).catch((e: unknown) => e);
    client.destroy();
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toHaveProperty('message', 'nope');
  });
});

describe('JSON 1.1 codec', () => {
  it('writes Dates as epoch seconds and Maps as objects, dropping undefined members', () => {
    const json = JSON.parse(
      encodeJsonResponse({
        At: new Date(1_700_000_000_500),
        Tags: new Map([['a', '1']]),
        List: [{ X: undefined, Y: 1 }],
      }),
    );
    expect(json).toEqual({ At: 1_700_000_000.5, Tags: { a: '1' }, List: [{ Y: 1 }] });
    expect(decodeJsonBody('')).toEqual({});
    expect(JSON.parse(encodeJsonError(new SimServiceError('AccountNotFoundException', 'gone')))).toMatchObject({
      __type: 'AccountNotFoundException',
      message: 'gone',
    });
  });

  it('the Organizations SDK reads our timestamps and errors', async () => {
    let fail = false;
    const transport = fakeTransport(() =>
      fail
        ? {
            status: 400,
            headers: { 'x-amzn-errortype': 'AccountNotFoundException' },
            body: encodeJsonError(new SimServiceError('AccountNotFoundException', 'gone')),
          }
        : {
            status: 200,
            body: encodeJsonResponse({
              Account: { Id: '222222222222', JoinedTimestamp: new Date(Date.UTC(2025, 5, 1)) },
            }),
          },
    );
    const client = new OrganizationsClient(transport.config);
    const { Account: account } = await client.send(new DescribeAccountCommand({ AccountId: '222222222222' }));
    expect(account!.JoinedTimestamp).toEqual(new Date(Date.UTC(2025, 5, 1)));
    expect(transport.seen[0]?.request.headers['x-amz-target']).toBe('AWSOrganizationsV20161128.DescribeAccount');
    fail = true;
    await expect(client.send(new DescribeAccountCommand({ AccountId: '222222222222' }))).rejects.toMatchObject({
      name: 'AccountNotFoundException',
      message: 'gone',
    });
    client.destroy();
  });
});
