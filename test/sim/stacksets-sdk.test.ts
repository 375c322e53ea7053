import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  CloudFormationClient,
  CreateStackCommand,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackInstanceCommand,
  DescribeStacksCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  DetectStackSetDriftCommand,
  ListStackInstanceResourceDriftsCommand,
  ListStackSetsCommand,
  OperationInProgressException,
  StackSetNotFoundException,
  UpdateStackCommand,
  UpdateStackSetCommand,
  paginateListStackInstances,
  paginateListStackSetOperationResults,
  waitUntilStackCreateComplete,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { ListParentsCommand, MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { simulateManualChange } from '../../src/sim/model/drift.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { CONFIG_TEMPLATE, RULE_TEMPLATE } from './stacksets-fixtures.js';
import { only } from '../helpers/elements.js';

const PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
/** One parameter per kind of constraint; Name has no default, so a stack set may leave it to overrides. */
const CONSTRAINED_TEMPLATE = `
Parameters:
  Name: { Type: String, AllowedPattern: '[a-z][a-z0-9-]*', MinLength: 3, MaxLength: 8 }
  Days: { Type: Number, MinValue: 1, MaxValue: 365, Default: 90 }
  Ports: { Type: CommaDelimitedList, AllowedPattern: '\\d+', Default: '22,3389' }
  Bucket: { Type: String, AllowedPattern: '[a-z]+', ConstraintDescription: lower-case letters only, Default: logs }
Resources:
  Topic: { Type: AWS::SNS::Topic }
`;
const DELEGATED_ADMIN = '999999999999';

describe('StackSets through the AWS SDK', () => {
  let sim: TestSimulator;
  let cfn: CloudFormationClient;
  let prodOu: string;

  /** Moves simulated time past every instance of an operation and waits until it is terminal. */
  async function finish(stackSetName: string, operationId: string, client = cfn, callAs?: 'DELEGATED_ADMIN') {
    for (let i = 0; i < 200; i++) {
      sim.clock.advance(sim.world.timing.stackInstanceMs);
      const { StackSetOperation: op } = await client.send(
        new DescribeStackSetOperationCommand({ StackSetName: stackSetName, OperationId: operationId, CallAs: callAs }),
      );
      if (op?.Status === 'SUCCEEDED' || op?.Status === 'FAILED' || op?.Status === 'STOPPED') return op;
    }
    throw new Error(`operation ${operationId} did not finish`);
  }

  async function listInstances(stackSetName: string): Promise<StackInstanceSummary[]> {
    const all: StackInstanceSummary[] = [];
    for await (const page of paginateListStackInstances({ client: cfn, pageSize: 1 }, { StackSetName: stackSetName })) {
      all.push(...(page.Summaries ?? []));
    }
    return all;
  }

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .with({
          organization: {
            managementAccount: { id: '111111111111' },
            trustedAccess: [PRINCIPAL],
            delegatedAdmins: { [PRINCIPAL]: [DELEGATED_ADMIN] },
          },
        })
        .account('222222222222', { ou: 'Prod' })
        .account('333333333333', { ou: 'Prod', regions: { 'us-east-1': { configRecorder: 'controlTower' } } })
        .account('444444444444', { ou: 'Sandbox' })
        .account(DELEGATED_ADMIN, { ou: 'Infra' })
        .principal('delegated-admin', DELEGATED_ADMIN),
    );
    cfn = new CloudFormationClient(sim.clientConfig);
    const orgs = new OrganizationsClient(sim.clientConfig);
    const parents = await orgs.send(new ListParentsCommand({ ChildId: '222222222222' }));
    prodOu = only(parents.Parents ?? [], 'parent').Id!;
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('deploys a service-managed stack set and refuses a concurrent operation with OperationInProgressException', async () => {
    await cfn.send(
      new CreateStackSetCommand({
        StackSetName: 'cis',
        TemplateBody: CONFIG_TEMPLATE,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      }),
    );
    const { OperationId } = await cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: 'cis',
        Regions: ['us-east-1'],
        DeploymentTargets: { OrganizationalUnitIds: [prodOu] },
        OperationPreferences: { FailureToleranceCount: 1, MaxConcurrentCount: 2 },
      }),
    );
    await expect(
      cfn.send(new UpdateStackSetCommand({ StackSetName: 'cis', UsePreviousTemplate: true })),
    ).rejects.toBeInstanceOf(OperationInProgressException);
    const op = await finish('cis', OperationId!);
    expect(op).toMatchObject({ Status: 'SUCCEEDED', StatusDetails: { FailedStackInstancesCount: 1 } });

    const results = [];
    for await (const page of paginateListStackSetOperationResults(
      { client: cfn, pageSize: 1 },
      { StackSetName: 'cis', OperationId },
    )) {
      results.push(...(page.Summaries ?? []));
    }
    expect(results.map((r) => [r.Account, r.Status, r.OrganizationalUnitId]).sort()).toEqual([
      ['222222222222', 'SUCCEEDED', prodOu],
      ['333333333333', 'FAILED', prodOu],
    ]);
    const failed = await cfn.send(
      new DescribeStackInstanceCommand({
        StackSetName: 'cis',
        StackInstanceAccount: '333333333333',
        StackInstanceRegion: 'us-east-1',
      }),
    );
    expect(failed.StackInstance?.StatusReason).toContain('MaxNumberOfConfigurationRecordersExceededException');
    const set = await cfn.send(new DescribeStackSetCommand({ StackSetName: 'cis' }));
    expect(set.StackSet).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true },
      ManagedExecution: { Active: false },
    });
  });

  it('auto-deploys an account moved into the targeted OU (CURRENT after time passes)', async () => {
    const orgs = new OrganizationsClient(sim.clientConfig);
    const sandbox = only(
      (await orgs.send(new ListParentsCommand({ ChildId: '444444444444' }))).Parents ?? [],
      'parent',
    ).Id!;
    await orgs.send(
      new MoveAccountCommand({ AccountId: '444444444444', SourceParentId: sandbox, DestinationParentId: prodOu }),
    );
    const arriving = (await listInstances('cis')).find((i) => i.Account === '444444444444');
    expect(arriving?.Status).toBe('OUTDATED');
    sim.clock.advance(sim.world.timing.stackInstanceMs * 2);
    const arrived = (await listInstances('cis')).find((i) => i.Account === '444444444444');
    expect(arrived).toMatchObject({ Status: 'CURRENT', OrganizationalUnitId: prodOu });
  });

  it('detects drift after a manual change and lists the drifted resource', async () => {
    simulateManualChange(sim.world, {
      accountId: '222222222222',
      region: 'us-east-1',
      logicalId: 'AccessKeysRule',
      change: { kind: 'modify', inputParameters: { maxAccessKeyAge: '400' } },
    });
    const { OperationId } = await cfn.send(new DetectStackSetDriftCommand({ StackSetName: 'cis' }));
    await finish('cis', OperationId!);
    const set = await cfn.send(new DescribeStackSetCommand({ StackSetName: 'cis' }));
    expect(set.StackSet?.StackSetDriftDetectionDetails).toMatchObject({
      DriftStatus: 'DRIFTED',
      DriftedStackInstancesCount: 1,
    });
    const drifts = await cfn.send(
      new ListStackInstanceResourceDriftsCommand({
        StackSetName: 'cis',
        OperationId,
        StackInstanceAccount: '222222222222',
        StackInstanceRegion: 'us-east-1',
        StackInstanceResourceDriftStatuses: ['MODIFIED', 'DELETED'],
      }),
    );
    expect(
      drifts.Summaries?.map((d) => [
        d.LogicalResourceId,
        d.StackResourceDriftStatus,
        d.PropertyDifferences?.[0]?.ActualValue,
      ]),
    ).toEqual([['AccessKeysRule', 'MODIFIED', '400']]);
  });

  it('serves the delegated administrator with CallAs DELEGATED_ADMIN', async () => {
    const admin = new CloudFormationClient(sim.clientConfigFor('delegated-admin'));
    const listed = await admin.send(new ListStackSetsCommand({ CallAs: 'DELEGATED_ADMIN' }));
    expect(listed.Summaries?.map((s) => s.StackSetName)).toEqual(['cis']);
    await expect(admin.send(new DescribeStackSetCommand({ StackSetName: 'cis' }))).rejects.toBeInstanceOf(
      StackSetNotFoundException,
    );
    const member = new CloudFormationClient(sim.assumeRoleConfig('222222222222'));
    await expect(member.send(new ListStackSetsCommand({ CallAs: 'DELEGATED_ADMIN' }))).rejects.toThrow(
      'Account used is not a delegated administrator',
    );
  });

  it('refuses parameter values outside their constraints at the call with ValidationError: CreateStack, UpdateStack, CreateStackSet, CreateStackInstances', async () => {
    const parameter = (ParameterKey: string, ParameterValue: string) => [{ ParameterKey, ParameterValue }];
    const refused: Array<[string, string, string]> = [
      ['Name', 'ab', "Parameter 'Name' must contain at least 3 characters"],
      ['Name', 'abcdefghi', "Parameter 'Name' must contain at most 8 characters"],
      ['Name', 'Bad_Name', "Parameter 'Name' must match pattern [a-z][a-z0-9-]*"],
      ['Days', '0', "Parameter 'Days' must be a number not less than 1"],
      ['Days', '400', "Parameter 'Days' must be a number not greater than 365"],
      ['Days', 'soon', "Parameter 'Days' must be a number"],
      ['Ports', '22,ssh', "Parameter 'Ports' must match pattern \\d+"],
      ['Bucket', 'LOGS', 'Parameter Bucket failed to satisfy constraint: lower-case letters only'],
    ];
    const given = (key: string, value: string) => ({ Name: 'valid', ...{ [key]: value } });
    for (const [key, value, message] of refused) {
      const Parameters = Object.entries(given(key, value)).flatMap(([k, v]) => parameter(k, v));
      const attempt = cfn.send(
        new CreateStackCommand({ StackName: 'constrained', TemplateBody: CONSTRAINED_TEMPLATE, Parameters }),
      );
      await expect(attempt).rejects.toMatchObject({ name: 'ValidationError', message });
    }
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'constrained' }))).rejects.toThrow('does not exist');

    await cfn.send(
      new CreateStackCommand({
        StackName: 'constrained',
        TemplateBody: CONSTRAINED_TEMPLATE,
        Parameters: parameter('Name', 'valid'),
      }),
    );
    const update = cfn.send(
      new UpdateStackCommand({
        StackName: 'constrained',
        UsePreviousTemplate: true,
        Parameters: parameter('Days', '0'),
      }),
    );
    await expect(update).rejects.toMatchObject({
      name: 'ValidationError',
      message: "Parameter 'Days' must be a number not less than 1",
    });
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'constrained' }));
    expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');

    const stackSet = cfn.send(
      new CreateStackSetCommand({
        StackSetName: 'constrained',
        TemplateBody: CONSTRAINED_TEMPLATE,
        Parameters: parameter('Name', 'ab'),
        PermissionModel: 'SERVICE_MANAGED',
      }),
    );
    await expect(stackSet).rejects.toMatchObject({
      name: 'ValidationError',
      message: "Parameter 'Name' must contain at least 3 characters",
    });
    await cfn.send(
      new CreateStackSetCommand({
        StackSetName: 'constrained',
        TemplateBody: CONSTRAINED_TEMPLATE,
        PermissionModel: 'SERVICE_MANAGED',
      }),
    );
    const instances = cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: 'constrained',
        Regions: ['us-east-1'],
        DeploymentTargets: { OrganizationalUnitIds: [prodOu] },
        ParameterOverrides: parameter('Name', 'Bad_Name'),
      }),
    );
    await expect(instances).rejects.toMatchObject({
      name: 'ValidationError',
      message: "Parameter 'Name' must match pattern [a-z][a-z0-9-]*",
    });
  });

  it('creates a plain stack that waitUntilStackCreateComplete accepts', async () => {
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: 'mgmt-rules', TemplateBody: RULE_TEMPLATE }),
    );
    const waited = await waitUntilStackCreateComplete(
      { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
      { StackName: 'mgmt-rules' },
    );
    expect(waited.state).toBe('SUCCESS');
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: StackId }));
    expect(Stacks?.[0]).toMatchObject({ StackName: 'mgmt-rules', StackStatus: 'CREATE_COMPLETE' });
    expect(sim.world.region('111111111111', 'us-east-1').configRules.has('restricted-ssh')).toBe(true);
  });
});
