/**
 * The simulator against AWS's own service models (Debian's python3-botocore): every operation it serves exists
 * there, requests are validated against the input shapes and answered as AWS answers a bad request, and the
 * response check that runs over the whole suite catches a broken response. See docs/simulator.md.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DescribeAccountCommand, InvalidInputException, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SimServiceError } from '../../src/sim/core/errors.js';
import {
  MODEL_GAPS,
  OPERATIONS_NEWER_THAN_MODEL,
  checkedSoFar,
  outputProblems,
  takeViolations,
} from '../../src/sim/core/output-check.js';
import {
  loadServiceModel,
  modelFile,
  uncompiledPatterns,
  type OperationModel,
} from '../../src/sim/core/service-models.js';
import { ec2Handlers } from '../../src/sim/services/ec2.js';
import { SERVICES } from '../../src/sim/services/index.js';
import { organizationsHandlers } from '../../src/sim/services/organizations.js';
import { describeWithModels } from '../helpers/botocore-models.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { at, defined } from '../helpers/elements.js';

const JSON_TARGETS: Record<string, string> = {
  organizations: 'AWSOrganizationsV20161128',
  config: 'StarlingDoveService',
};

describeWithModels('the simulator against AWS service models', () => {
  let sim: TestSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator(orgBuilder().account('222222222222', { ou: 'Workloads' }));
  });
  afterAll(async () => {
    const { responses, operations } = checkedSoFar();
    // eslint-disable-next-line no-console -- the file's coverage figure is this line's point, printed with its results
    console.log(`model check (this file): ${responses} responses of ${operations.size} operations checked`);
    await sim.stop();
  });

  /** A request as any client could send it, signed only as far as the simulator reads (the credential scope). */
  async function send(
    service: string,
    action: string,
    body: string | Record<string, unknown>,
  ): Promise<{ status: number; type: string; text: string; json?: Record<string, unknown> }> {
    const { accessKeyId } = sim.credentialsFor('admin');
    const target = JSON_TARGETS[service];
    const response = await fetch(sim.url, {
      method: 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261203/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`,
        'content-type': target ? 'application/x-amz-json-1.1' : 'application/x-www-form-urlencoded',
        ...(target ? { 'x-amz-target': `${target}.${action}` } : {}),
      },
      body:
        typeof body === 'string'
          ? body
          : new URLSearchParams({
              Action: action,
              Version: '2010-05-08',
              ...(body as Record<string, string>),
            }).toString(),
    });
    // XML entities decoded, so assertions read AWS's text as a client shows it.
    const text = (await response.text())
      .replaceAll('&apos;', "'")
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      type,
      text,
      ...(type.includes('json') ? { json: JSON.parse(text) as Record<string, unknown> } : {}),
    };
  }

  it('serves only operations that exist in AWS models (or are listed as newer), and says how many', () => {
    const served = [...SERVICES.values()].flatMap((spec) =>
      Object.keys(spec.handlers).map((action) => ({ service: spec.name, action })),
    );
    const unknown = served.filter(({ service, action }) => !loadServiceModel(service)?.operation(action));
    expect(unknown).toEqual(
      OPERATIONS_NEWER_THAN_MODEL.map(({ service, operation }) => ({ service, action: operation })),
    );
    // eslint-disable-next-line no-console -- the coverage figure is this line's point, printed with the file's results
    console.log(
      `model check: ${served.length - unknown.length} of the ${served.length} operations the simulator serves are checked against AWS's models; ${unknown.length} are newer than the installed models (${[...SERVICES.keys()].map((s) => `${s} ${loadServiceModel(s)!.apiVersion}`).join(', ')}); patterns JavaScript cannot compile (left unchecked): ${uncompiledPatterns().length}`,
    );
  });

  describe('a request that breaks the input shape is refused before any behaviour, as AWS refuses it', () => {
    it('Organizations: a malformed account id is InvalidInputException INVALID_PATTERN (was AccountNotFoundException)', async () => {
      const answer = await send('organizations', 'DescribeAccount', JSON.stringify({ AccountId: '12345' }));
      expect(answer).toMatchObject({
        status: 400,
        json: { __type: 'InvalidInputException', Reason: 'INVALID_PATTERN' },
      });
    });

    it('Organizations: a missing required member is InvalidInputException INPUT_REQUIRED', async () => {
      const answer = await send('organizations', 'DescribeAccount', '{}');
      expect(answer).toMatchObject({
        status: 400,
        json: { __type: 'InvalidInputException', Reason: 'INPUT_REQUIRED' },
      });
    });

    it('Organizations: MaxResults out of range is InvalidInputException MAX_VALUE_EXCEEDED', async () => {
      const answer = await send('organizations', 'ListAccounts', JSON.stringify({ MaxResults: 21 }));
      expect(answer).toMatchObject({
        status: 400,
        json: { __type: 'InvalidInputException', Reason: 'MAX_VALUE_EXCEEDED' },
      });
    });

    it('JSON services: a value of the wrong JSON type is a JSON SerializationException', async () => {
      const orgs = await send('organizations', 'ListAccounts', JSON.stringify({ MaxResults: '5' }));
      const config = await send('config', 'DescribeConfigRules', JSON.stringify({ ConfigRuleNames: 'one-rule' }));
      for (const answer of [orgs, config]) {
        expect(answer).toMatchObject({
          status: 400,
          type: 'application/x-amz-json-1.1',
          json: { __type: 'SerializationException' },
        });
      }
    });

    it('JSON services: a body that is not a JSON object gets a JSON SerializationException, never XML', async () => {
      for (const body of ['Action=ListRoots', '[1,2]']) {
        const answer = await send('organizations', 'ListRoots', body);
        expect(answer).toMatchObject({
          status: 400,
          type: 'application/x-amz-json-1.1',
          json: { __type: 'SerializationException' },
        });
      }
    });

    it("Config: a missing rule name is ValidationException (was NoSuchConfigRuleException: The ConfigRule 'undefined')", async () => {
      const answer = await send('config', 'GetComplianceDetailsByConfigRule', '{}');
      expect(answer).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
      expect(answer.json?.Message).toBe(
        "1 validation error detected: Value null at 'configRuleName' failed to satisfy constraint: Member must not be null",
      );
    });

    it('Config: every constraint broken is listed, with AWS path and wording', async () => {
      const answer = await send(
        'config',
        'DescribeConfigRules',
        JSON.stringify({ ConfigRuleNames: ['ok', 'x'.repeat(129)] }),
      );
      expect(answer.json).toMatchObject({ __type: 'ValidationException' });
      expect(answer.json?.Message).toContain(
        "at 'configRuleNames.2.member' failed to satisfy constraint: Member must have length less than or equal to 128",
      );
    });

    it('IAM: an invalid role name is ValidationError (was NoSuchEntity)', async () => {
      const answer = await send('iam', 'GetRole', { RoleName: 'no spaces allowed' });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('<Code>ValidationError</Code>');
      expect(answer.text).toContain(
        "at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      );
    });

    it('CloudFormation: an invalid region and a stack set name AWS refuses are ValidationError', async () => {
      const region = await send('cloudformation', 'ListStackInstances', {
        StackSetName: 'fine',
        'Filters.member.1.Name': 'DETAILED_STATUS',
        'Filters.member.1.Values': 'X',
        StackInstanceRegion: 'not a region!',
      });
      const name = await send('cloudformation', 'CreateStackSet', {
        StackSetName: '1-starts-with-a-digit',
        TemplateBody: '{}',
      });
      for (const answer of [region, name]) {
        expect(answer.status).toBe(400);
        expect(answer.text).toContain('<Code>ValidationError</Code>');
      }
      expect(region.text).toContain("at 'stackInstanceRegion'");
      expect(name.text).toContain("at 'stackSetName'");
    });

    it('query services: a number that is not one is ValidationError', async () => {
      const answer = await send('cloudformation', 'ListStackSets', { MaxResults: 'lots' });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('<Code>ValidationError</Code>');
      expect(answer.text).toContain("at 'maxResults'");
    });

    it('the real SDK parses the answer into its modelled exception, Reason included', async () => {
      const orgs = new OrganizationsClient(sim.clientConfig);
      const error = await orgs.send(new DescribeAccountCommand({ AccountId: 'not-an-id' })).catch((e: unknown) => e);
      orgs.destroy();
      expect(error).toBeInstanceOf(InvalidInputException);
      expect(error).toMatchObject({ Reason: 'INVALID_PATTERN' });
    });
  });

  describe('the response check', () => {
    it('answers a broken output shape as a 500 naming the operation and the member, and records it', async () => {
      const original = defined(organizationsHandlers.DescribeOrganization, 'the DescribeOrganization handler');
      organizationsHandlers.DescribeOrganization = (world, request) => {
        const { Organization } = original(world, request) as { Organization: Record<string, unknown> };
        return { Organization: { ...Organization, FeatureSet: 'MOSTLY', Colour: 'blue' } };
      };
      try {
        const answer = await send('organizations', 'DescribeOrganization', '{}');
        expect(answer).toMatchObject({ status: 500, json: { __type: 'InternalFailure' } });
        expect(answer.json?.Message).toContain('DescribeOrganization');
        expect(answer.json?.Message).toContain(
          "Organization.FeatureSet: 'MOSTLY' is not a value of OrganizationFeatureSet",
        );
        expect(answer.json?.Message).toContain('Organization.Colour: not a member of Organization in the model');
      } finally {
        organizationsHandlers.DescribeOrganization = original;
      }
      // Taken here, so this file's own end-of-file check stays green.
      expect(takeViolations()).toEqual([expect.stringContaining('DescribeOrganization')]);
    });

    it('answers an error code outside the operation and the common errors as a 500 naming both', async () => {
      const original = defined(organizationsHandlers.ListRoots, 'the ListRoots handler');
      organizationsHandlers.ListRoots = () => {
        throw new SimServiceError('AccountNotFoundException', 'ListRoots does not declare this');
      };
      try {
        const answer = await send('organizations', 'ListRoots', '{}');
        expect(answer).toMatchObject({ status: 500, json: { __type: 'InternalFailure' } });
        expect(answer.json?.Message).toContain('ListRoots: error code AccountNotFoundException is neither');
      } finally {
        organizationsHandlers.ListRoots = original;
      }
      expect(takeViolations()).toHaveLength(1);
    });

    it('EC2: checks outputs under their wire (locationName) names; a model member name or a wrong enum is a 500 naming operation and member', async () => {
      const { DescribeSecurityGroups, DescribeNetworkInterfaces } = ec2Handlers;
      const describeGroups = defined(DescribeSecurityGroups, 'the DescribeSecurityGroups handler');
      ec2Handlers.DescribeSecurityGroups = (world, request) => {
        const output = describeGroups(world, request) as { securityGroupInfo: Record<string, unknown>[] };
        // The model's member name where EC2 sends the locationName (groupName).
        const { groupName, ...group } = at(output.securityGroupInfo, 0, 'security group');
        return { securityGroupInfo: [{ ...group, GroupName: groupName }] };
      };
      ec2Handlers.DescribeNetworkInterfaces = () => ({
        networkInterfaceSet: [{ networkInterfaceId: 'eni-0', status: 'up', groupSet: [{ groupId: 'sg-0' }] }],
      });
      try {
        const groups = await send('ec2', 'DescribeSecurityGroups', {});
        const interfaces = await send('ec2', 'DescribeNetworkInterfaces', {});
        for (const answer of [groups, interfaces]) {
          expect(answer.status).toBe(500);
          expect(answer.text).toContain('<Code>InternalFailure</Code>');
        }
        expect(groups.text).toContain(
          'violates the ec2 model: DescribeSecurityGroups: securityGroupInfo[0].GroupName: not a member of SecurityGroup in the model',
        );
        expect(interfaces.text).toContain(
          "violates the ec2 model: DescribeNetworkInterfaces: networkInterfaceSet[0].status: 'up' is not a value of NetworkInterfaceStatus",
        );
      } finally {
        Object.assign(ec2Handlers, { DescribeSecurityGroups, DescribeNetworkInterfaces });
      }
      expect(takeViolations()).toEqual([
        expect.stringContaining('DescribeSecurityGroups'),
        expect.stringContaining('DescribeNetworkInterfaces'),
      ]);
    });

    it("EC2: answers an error code outside EC2's documented list as a 500 naming operation and code", async () => {
      const original = defined(ec2Handlers.DescribeSecurityGroups, 'the DescribeSecurityGroups handler');
      ec2Handlers.DescribeSecurityGroups = () => {
        throw new SimServiceError('SecurityGroupNotFoundException', 'an ELB code, not an EC2 one');
      };
      try {
        const answer = await send('ec2', 'DescribeSecurityGroups', {});
        expect(answer.status).toBe(500);
        expect(answer.text).toContain(
          "DescribeSecurityGroups: error code SecurityGroupNotFoundException is not in EC2's documented error codes",
        );
      } finally {
        ec2Handlers.DescribeSecurityGroups = original;
      }
      expect(takeViolations()).toHaveLength(1);
    });

    it('XML protocols: a list whose model names its items otherwise than the encoder writes them is a problem', () => {
      const group = { kind: 'string', name: 'String' } as const;
      const list = { kind: 'list', name: 'GroupIdStringList', member: group, memberLocationName: 'groupId' } as const;
      const operation: OperationModel = {
        name: 'DescribeThings',
        errorCodes: new Set(),
        output: {
          kind: 'structure',
          name: 'DescribeThingsResult',
          members: new Map([['GroupIds', list]]),
          required: [],
          locationNames: new Map([['GroupIds', 'groupIdSet']]),
        },
      };
      expect(outputProblems('ec2', 'ec2', operation, { groupIdSet: ['sg-1'] })).toEqual([
        'groupIdSet: items are sent as <item>, the model names them <groupId> (GroupIdStringList)',
      ]);
      expect(outputProblems('ec2', 'ec2', operation, { GroupIds: ['sg-1'] })).toEqual([
        'GroupIds: not a member of DescribeThingsResult in the model',
      ]);
    });

    it('fails the test run that caused a broken response, even when the calling code swallowed the 500', () => {
      const run = spawnSync(
        process.execPath,
        [
          '--experimental-vm-modules',
          '--disable-warning=ExperimentalWarning',
          'node_modules/jest/bin/jest.js',
          '--runInBand',
          '--testMatch',
          '**/test/fixtures/model-check/*.check.ts',
        ],
        { encoding: 'utf8', env: { ...process.env, CI: 'false' }, timeout: 120_000 },
      );
      const output = `${run.stdout}${run.stderr}`;
      expect(run.status).toBe(1);
      expect(output).toContain(
        "DescribeOrganization: Organization.FeatureSet: 'MOSTLY' is not a value of OrganizationFeatureSet",
      );
      expect(output).toContain('ListRoots: error code RootIsOnHolidayException is neither');
      expect(output).toContain(
        "DescribeNetworkInterfaces: networkInterfaceSet[0].status: 'up' is not a value of NetworkInterfaceStatus",
      );
      expect(output).toMatch(
        /model check: \d+ simulator responses checked against AWS's models, \d+ operations, 3 violations/,
      );
    }, 150_000);
  });

  describe('where the Debian model is older than AWS', () => {
    it('tolerates exactly the gaps docs/simulator.md lists', () => {
      const doc = readFileSync('docs/simulator.md', 'utf8');
      const table = doc.slice(doc.indexOf('<!-- model-gaps -->'), doc.indexOf('<!-- /model-gaps -->'));
      const rows = [
        ...table.matchAll(/^\| (\w+) \| `(\w+)(?:\.(\w+))?(?:\(\))?`(?: = `(\w+)`| \(operation\))? \|/gm),
      ].map((m) => [m[1], m[2], m[3] ?? '', m[4] ?? ''].join(' ').trim());
      const listed = [
        ...MODEL_GAPS.map((g) => [g.service, g.shape, g.member, g.value ?? ''].join(' ').trim()),
        ...OPERATIONS_NEWER_THAN_MODEL.map((o) => `${o.service} ${o.operation}`),
      ];
      expect(rows.sort()).toEqual(listed.sort());
    });

    it('lists no gap the installed model has closed', () => {
      const closed = MODEL_GAPS.filter((gap) => {
        const raw = JSON.parse(readFileSync(modelFile(gap.service)!, 'utf8')) as {
          shapes: Record<string, { members?: object; enum?: string[] }>;
        };
        const shape = raw.shapes[gap.shape];
        return gap.value === undefined
          ? shape?.members !== undefined && gap.member in shape.members
          : shape?.enum?.includes(gap.value);
      });
      expect(closed).toEqual([]);
      const closedOperations = OPERATIONS_NEWER_THAN_MODEL.filter(({ service, operation }) =>
        loadServiceModel(service)?.operation(operation),
      );
      expect(closedOperations).toEqual([]);
    });
  });
});
