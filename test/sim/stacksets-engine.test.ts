import { describe, it, expect } from '@jest/globals';
import { SimServiceError } from '../../src/sim/core/errors.js';
import { putRecorder } from '../../src/sim/model/config-store.js';
import { simulateManualChange } from '../../src/sim/model/drift.js';
import { instanceKey, type SimStackSet } from '../../src/sim/model/stackset-types.js';
import {
  CONFIG_TEMPLATE,
  MANAGEMENT,
  PROD_APPS_OU,
  PROD_OU,
  ROOT,
  RULE_TEMPLATE,
  SANDBOX_OU,
  STACKSETS_PRINCIPAL,
  testWorld,
  type TestWorld,
} from './stacksets-fixtures.js';
import type { UntypedJson } from '../helpers/untyped-json.js';

const INSTANCE_MS = 40;

function createServiceManaged(t: TestWorld, name = 'cis', extra: Record<string, unknown> = {}) {
  t.call('CreateStackSet', {
    StackSetName: name,
    TemplateBody: CONFIG_TEMPLATE,
    PermissionModel: 'SERVICE_MANAGED',
    ...extra,
  });
}

function stackSet(t: TestWorld, name = 'cis'): SimStackSet {
  return t.world.stackSetsIn('us-east-1').get(name)!;
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SimServiceError) return e.code;
    throw e;
  }
  throw new Error('expected the call to fail');
}

function instances(t: TestWorld, name = 'cis') {
  return t.call('ListStackInstances', { StackSetName: name }).Summaries as Array<Record<string, UntypedJson>>;
}

function operation(t: TestWorld, operationId: string, name = 'cis') {
  return t.call('DescribeStackSetOperation', { StackSetName: name, OperationId: operationId })
    .StackSetOperation as Record<string, UntypedJson>;
}

describe('service-managed deployment targets', () => {
  it('deploys to every account under the OU (nested OUs included) but never the management account', () => {
    const t = testWorld();
    createServiceManaged(t);
    const { OperationId } = t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [ROOT] },
      OperationPreferences: { MaxConcurrentCount: '10', FailureToleranceCount: '9' },
    });
    expect(operation(t, OperationId).Status).toBe('RUNNING');
    t.settle();
    const accounts = instances(t)
      .map((i) => i.Account)
      .sort();
    expect(accounts).toEqual(['222222222222', '333333333333', '444444444444', '555555555555']);
    expect(
      instances(t).every((i) => i.Status === 'CURRENT' && i.StackInstanceStatus.DetailedStatus === 'SUCCEEDED'),
    ).toBe(true);
    expect(operation(t, OperationId)).toMatchObject({
      Status: 'SUCCEEDED',
      StatusDetails: { FailedStackInstancesCount: 0 },
    });
    expect(t.world.region(MANAGEMENT, 'us-east-1').configRules.size).toBe(0);
  });

  it('applies AccountFilterType INTERSECTION and DIFFERENCE', () => {
    const t = testWorld();
    createServiceManaged(t);
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: {
        OrganizationalUnitIds: [PROD_OU],
        Accounts: ['444444444444'],
        AccountFilterType: 'DIFFERENCE',
      },
    });
    t.settle();
    expect(
      instances(t)
        .map((i) => i.Account)
        .sort(),
    ).toEqual(['222222222222', '333333333333']);
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['eu-west-1'],
      DeploymentTargets: {
        OrganizationalUnitIds: [PROD_OU],
        Accounts: ['444444444444'],
        AccountFilterType: 'INTERSECTION',
      },
    });
    t.settle();
    expect(
      instances(t)
        .filter((i) => i.Region === 'eu-west-1')
        .map((i) => [i.Account, i.OrganizationalUnitId]),
    ).toEqual([['444444444444', PROD_OU]]);
  });

  it('narrows UpdateStackInstances on an OU to the named account with INTERSECTION', () => {
    const t = testWorld();
    createServiceManaged(t);
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
    });
    t.settle();
    const { OperationId } = t.call('UpdateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: {
        OrganizationalUnitIds: [PROD_OU],
        Accounts: ['444444444444'],
        AccountFilterType: 'INTERSECTION',
      },
    });
    t.settle();
    const touched = instances(t)
      .filter((i) => i.LastOperationId === OperationId)
      .map((i) => i.Account);
    expect(touched).toEqual(['444444444444']);
  });

  it('marks a suspended account SKIPPED_SUSPENDED_ACCOUNT', () => {
    const t = testWorld();
    t.addAccount('666666666666', SANDBOX_OU, 'SUSPENDED');
    createServiceManaged(t);
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [SANDBOX_OU] },
    });
    t.settle();
    const byAccount = Object.fromEntries(instances(t).map((i) => [i.Account, i.StackInstanceStatus.DetailedStatus]));
    expect(byAccount).toEqual({ '555555555555': 'SUCCEEDED', '666666666666': 'SKIPPED_SUSPENDED_ACCOUNT' });
  });

  it('skips an account suspended since the create in UpdateStackSet and UpdateStackInstances, as create does', () => {
    const t = testWorld();
    t.addAccount('666666666666', SANDBOX_OU);
    createServiceManaged(t);
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [SANDBOX_OU] },
    });
    t.settle();
    t.world.org.accounts.get('666666666666')!.state = 'SUSPENDED';
    const stackOf = (accountId: string) => stackSet(t).instances.get(instanceKey(accountId, 'us-east-1'))!.stack!;
    const suspendedStack = stackOf('666666666666');
    const before = { parameters: { ...suspendedStack.parameters }, lastUpdatedTime: suspendedStack.lastUpdatedTime };

    const update = (action: string, input: Record<string, unknown>) => {
      const { OperationId } = t.call(action, { StackSetName: 'cis', ...input });
      t.settle();
      expect(operation(t, OperationId).Status).toBe('SUCCEEDED');
      const byAccount = Object.fromEntries(instances(t).map((i) => [i.Account, i.StackInstanceStatus.DetailedStatus]));
      expect({ action, byAccount }).toEqual({
        action,
        byAccount: { '555555555555': 'SUCCEEDED', '666666666666': 'SKIPPED_SUSPENDED_ACCOUNT' },
      });
    };
    update('UpdateStackSet', {
      TemplateBody: CONFIG_TEMPLATE,
      Parameters: [{ ParameterKey: 'CreateRecorder', ParameterValue: 'false' }],
    });
    update('UpdateStackInstances', {
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [SANDBOX_OU] },
      ParameterOverrides: [{ ParameterKey: 'CreateRecorder', ParameterValue: 'true' }],
    });

    expect(stackOf('555555555555').parameters.CreateRecorder).toBe('true');
    expect(stackOf('555555555555').lastUpdatedTime).toBeDefined();
    expect({
      parameters: stackOf('666666666666').parameters,
      lastUpdatedTime: stackOf('666666666666').lastUpdatedTime,
    }).toEqual(before);
  });

  it('needs trusted access for SERVICE_MANAGED', () => {
    const t = testWorld();
    t.world.org.trustedServices.clear();
    expect(errorCode(() => createServiceManaged(t))).toBe('ValidationError');
    t.call('ActivateOrganizationsAccess', {});
    expect(t.call('DescribeOrganizationsAccess', {}).Status).toBe('ENABLED');
    createServiceManaged(t);
    expect(stackSet(t).permissionModel).toBe('SERVICE_MANAGED');
  });
});

describe('operation preferences', () => {
  function sixAccounts(t: TestWorld) {
    for (let i = 0; i < 6; i++) t.addAccount(`70000000000${i}`, SANDBOX_OU);
  }

  it('runs at most MaxConcurrentCount instances at once (SOFT) and regions one after another by RegionOrder', () => {
    const t = testWorld();
    sixAccounts(t);
    createServiceManaged(t, 'cis', { TemplateBody: RULE_TEMPLATE });
    const { OperationId } = t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: { OrganizationalUnitIds: [SANDBOX_OU] },
      OperationPreferences: {
        MaxConcurrentCount: '3',
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        RegionOrder: ['eu-west-1', 'us-east-1'],
      },
    });
    t.step(1);
    const running = instances(t).filter((i) => i.StackInstanceStatus.DetailedStatus === 'RUNNING');
    expect(running.map((i) => i.Region)).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1']);
    t.settle();
    const op = stackSet(t).operations.get(OperationId)!;
    expect(op.engine.peakConcurrency).toBe(3);
    expect(op.engine.peakConcurrencyByRegion).toEqual({ 'eu-west-1': 3, 'us-east-1': 3 });
    expect(op.status).toBe('SUCCEEDED');
  });

  it('computes percentages rounding down with a minimum of one', () => {
    const t = testWorld();
    sixAccounts(t); // 7 accounts in Sandbox
    createServiceManaged(t, 'cis', { TemplateBody: RULE_TEMPLATE });
    const { OperationId } = t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [SANDBOX_OU] },
      OperationPreferences: { MaxConcurrentPercentage: '50', ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' },
    });
    t.settle();
    expect(stackSet(t).operations.get(OperationId)!.engine.peakConcurrency).toBe(3); // floor(7 * 50%)
    const { OperationId: tiny } = t.call('UpdateStackSet', {
      StackSetName: 'cis',
      UsePreviousTemplate: 'true',
      OperationPreferences: { MaxConcurrentPercentage: '5', ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' },
    });
    t.settle();
    expect(stackSet(t).operations.get(tiny)!.engine.peakConcurrency).toBe(1);
  });

  it('stops a region once failures exceed the tolerance, cancels the rest and skips later regions', () => {
    const t = testWorld();
    sixAccounts(t);
    t.world.faults.failingInstances.push(
      { accountId: '700000000000', reason: 'boom 0' },
      { accountId: '700000000001', reason: 'boom 1' },
    );
    createServiceManaged(t, 'cis', { TemplateBody: RULE_TEMPLATE });
    const { OperationId } = t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: { OrganizationalUnitIds: [SANDBOX_OU] },
      OperationPreferences: {
        FailureToleranceCount: '1',
        MaxConcurrentCount: '1',
        RegionOrder: ['us-east-1', 'eu-west-1'],
      },
    });
    t.settle();
    const results = t.call('ListStackSetOperationResults', { StackSetName: 'cis', OperationId }).Summaries as Array<
      Record<string, UntypedJson>
    >;
    const usEast = results.filter((r) => r.Region === 'us-east-1');
    expect(usEast.filter((r) => r.Status === 'FAILED').map((r) => r.StatusReason)).toEqual(['boom 0', 'boom 1']);
    // 555… succeeds, 700…0 fails (within tolerance 1), 700…1 fails (exceeds it): the other four never start.
    expect(usEast.map((r) => r.Status)).toEqual([
      'SUCCEEDED',
      'FAILED',
      'FAILED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
    ]);
    expect(results.filter((r) => r.Region === 'eu-west-1').every((r) => r.Status === 'CANCELLED')).toBe(true);
    expect(operation(t, OperationId)).toMatchObject({
      Status: 'FAILED',
      StatusDetails: { FailedStackInstancesCount: 2 },
    });
    expect(
      instances(t)
        .filter((i) => i.StackInstanceStatus.DetailedStatus === 'CANCELLED')
        .every((i) => i.Status === 'OUTDATED'),
    ).toBe(true);
  });

  it('STRICT_FAILURE_TOLERANCE caps concurrency at tolerance + 1 and lowers it as failures accumulate', () => {
    const t = testWorld();
    sixAccounts(t);
    t.world.faults.failingInstances.push({ accountId: '555555555555', reason: 'first fails' });
    createServiceManaged(t, 'cis', { TemplateBody: RULE_TEMPLATE });
    const { OperationId } = t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [SANDBOX_OU] },
      OperationPreferences: { FailureToleranceCount: '2', MaxConcurrentCount: '5' },
    });
    t.step(1);
    expect(stackSet(t).operations.get(OperationId)!.engine.running).toBe(3);
    t.step(INSTANCE_MS);
    // One of the first three failed: tolerance 2 + 1 - 1 failure leaves room for two.
    expect(stackSet(t).operations.get(OperationId)!.engine.running).toBe(2);
    t.settle();
    expect(operation(t, OperationId)).toMatchObject({
      Status: 'SUCCEEDED',
      StatusDetails: { FailedStackInstancesCount: 1 },
    });
  });

  it('runs regions together under PARALLEL', () => {
    const t = testWorld();
    createServiceManaged(t, 'cis', { TemplateBody: RULE_TEMPLATE });
    const { OperationId } = t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
      OperationPreferences: { RegionConcurrencyType: 'PARALLEL' },
    });
    t.step(1);
    expect(stackSet(t).operations.get(OperationId)!.engine.running).toBe(2);
    t.settle();
    expect(stackSet(t).operations.get(OperationId)!.engine.peakConcurrencyByRegion).toEqual({
      'us-east-1': 1,
      'eu-west-1': 1,
    });
  });
});

describe('one operation at a time', () => {
  const create = (t: TestWorld, extra: Record<string, unknown> = {}) =>
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
      ...extra,
    });

  it('refuses a second write while one runs, and a reused OperationId', () => {
    const t = testWorld();
    createServiceManaged(t);
    create(t, { OperationId: 'op-1' });
    expect(errorCode(() => t.call('UpdateStackSet', { StackSetName: 'cis', UsePreviousTemplate: 'true' }))).toBe(
      'OperationInProgressException',
    );
    expect(errorCode(() => t.call('DetectStackSetDrift', { StackSetName: 'cis' }))).toBe(
      'OperationInProgressException',
    );
    t.settle();
    expect(errorCode(() => create(t, { OperationId: 'op-1' }))).toBe('OperationIdAlreadyExistsException');
  });

  it('queues the second operation with ManagedExecution and starts it when the first ends', () => {
    const t = testWorld();
    createServiceManaged(t, 'cis', { ManagedExecution: { Active: 'true' } });
    const first = create(t).OperationId;
    const second = t.call('UpdateStackSet', {
      StackSetName: 'cis',
      UsePreviousTemplate: 'true',
      Parameters: [{ ParameterKey: 'MaxAge', ParameterValue: '30' }],
    }).OperationId;
    expect(operation(t, second).Status).toBe('QUEUED');
    t.settle();
    expect(operation(t, first).Status).toBe('SUCCEEDED');
    expect(operation(t, second).Status).toBe('SUCCEEDED');
    expect(instances(t).map((i) => i.LastOperationId)).toEqual([second, second, second]);
    expect(t.world.region('222222222222', 'us-east-1').configRules.get('access-keys-rotated')?.inputParameters).toEqual(
      { maxAccessKeyAge: '30' },
    );
  });

  it('stops an operation: pending instances are CANCELLED and the operation ends STOPPED', () => {
    const t = testWorld();
    createServiceManaged(t);
    const { OperationId } = create(t);
    t.call('StopStackSetOperation', { StackSetName: 'cis', OperationId });
    expect(operation(t, OperationId).Status).toBe('STOPPING');
    t.settle();
    expect(operation(t, OperationId).Status).toBe('STOPPED');
    expect(
      instances(t)
        .map((i) => i.StackInstanceStatus.DetailedStatus)
        .sort(),
    ).toEqual(['CANCELLED', 'CANCELLED', 'SUCCEEDED']);
  });

  it('will not delete a stack set that still has instances; deletes instances then the set', () => {
    const t = testWorld();
    createServiceManaged(t);
    create(t);
    t.settle();
    expect(errorCode(() => t.call('DeleteStackSet', { StackSetName: 'cis' }))).toBe('StackSetNotEmptyException');
    expect(
      errorCode(() =>
        t.call('DeleteStackInstances', {
          StackSetName: 'cis',
          Regions: ['us-east-1'],
          DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
        }),
      ),
    ).toBe('ValidationError');
    t.call('DeleteStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
      RetainStacks: 'false',
    });
    t.settle();
    expect(instances(t)).toEqual([]);
    expect(t.world.region('222222222222', 'us-east-1').configRules.size).toBe(0);
    t.call('DeleteStackSet', { StackSetName: 'cis' });
    expect(errorCode(() => t.call('DescribeStackSet', { StackSetName: 'cis' }))).toBe('StackSetNotFoundException');
  });
});

describe('auto-deployment', () => {
  it('deploys an account moved into a targeted OU and removes one moved out', () => {
    const t = testWorld();
    createServiceManaged(t, 'cis', { AutoDeployment: { Enabled: 'true', RetainStacksOnAccountRemoval: 'false' } });
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
    });
    t.settle();
    const move = (accountId: string, to: string) => {
      const account = t.world.org.accounts.get(accountId)!;
      const from = account.parentId;
      account.parentId = to;
      t.world.emit('account-moved', { accountId, fromParentId: from, toParentId: to });
    };
    move('555555555555', PROD_APPS_OU);
    const arriving = instances(t).filter((i) => i.Account === '555555555555');
    expect(arriving.map((i) => i.Status)).toEqual(['OUTDATED', 'OUTDATED']);
    t.settle();
    expect(
      instances(t)
        .filter((i) => i.Account === '555555555555')
        .map((i) => [i.Status, i.OrganizationalUnitId]),
    ).toEqual([
      ['CURRENT', PROD_OU],
      ['CURRENT', PROD_OU],
    ]);
    move('222222222222', SANDBOX_OU);
    t.settle();
    expect(instances(t).some((i) => i.Account === '222222222222')).toBe(false);
    expect(t.world.region('222222222222', 'eu-west-1').configRules.size).toBe(0);
    move(MANAGEMENT, PROD_OU);
    t.settle();
    expect(instances(t).some((i) => i.Account === MANAGEMENT)).toBe(false);
  });

  it('keeps an OU targeted in the regions DeleteStackInstances left, and auto-deploys a joining account there only', () => {
    const t = testWorld();
    createServiceManaged(t, 'cis', { AutoDeployment: { Enabled: 'true', RetainStacksOnAccountRemoval: 'false' } });
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
    });
    t.settle();
    const deleteIn = (region: string) => {
      t.call('DeleteStackInstances', {
        StackSetName: 'cis',
        Regions: [region],
        DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
        RetainStacks: 'false',
      });
      t.settle();
    };
    const join = (accountId: string) => {
      t.addAccount(accountId, PROD_APPS_OU);
      t.world.emit('account-created', { accountId });
      t.settle();
      return instances(t)
        .filter((i) => i.Account === accountId)
        .map((i) => `${i.Region} ${i.Status}`);
    };
    const targetedOus = () => t.call('DescribeStackSet', { StackSetName: 'cis' }).StackSet.OrganizationalUnitIds;

    deleteIn('eu-west-1');
    expect(targetedOus()).toEqual([PROD_OU]);
    expect(join('777777777777')).toEqual(['us-east-1 CURRENT']);

    deleteIn('us-east-1');
    expect(targetedOus()).toEqual([]);
    expect(join('888888888888')).toEqual([]);
  });

  it('waits for a running operation before auto-deploying', () => {
    const t = testWorld();
    createServiceManaged(t, 'cis', { AutoDeployment: { Enabled: 'true', RetainStacksOnAccountRemoval: 'true' } });
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
    });
    t.addAccount('888888888888', PROD_OU);
    t.world.emit('account-created', { accountId: '888888888888' });
    const ops = t.call('ListStackSetOperations', { StackSetName: 'cis' }).Summaries as Array<
      Record<string, UntypedJson>
    >;
    expect(ops.map((o) => o.Status)).toEqual(['QUEUED', 'RUNNING']);
    t.settle();
    expect(instances(t).find((i) => i.Account === '888888888888')?.Status).toBe('CURRENT');
  });
});

describe('instance failures and parameter overrides', () => {
  it('fails the instance of an account that already has a recorder, and succeeds after an override switches it off', () => {
    const t = testWorld();
    putRecorder(
      t.world,
      { accountId: '333333333333', region: 'us-east-1' },
      {
        name: 'aws-controltower-BaselineConfigRecorder',
        roleArn: 'r',
        allSupported: true,
        includeGlobalResourceTypes: true,
        recording: true,
      },
    );
    createServiceManaged(t);
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
      OperationPreferences: { FailureToleranceCount: '1', MaxConcurrentCount: '2' },
    });
    t.settle();
    const failed = t.call('DescribeStackInstance', {
      StackSetName: 'cis',
      StackInstanceAccount: '333333333333',
      StackInstanceRegion: 'us-east-1',
    }).StackInstance;
    expect(failed).toMatchObject({ Status: 'OUTDATED', StackInstanceStatus: { DetailedStatus: 'FAILED' } });
    expect(failed.StatusReason).toMatch(
      /^ResourceLogicalId:ConfigRecorder, .*MaxNumberOfConfigurationRecordersExceededException/,
    );
    const filtered = t.call('ListStackInstances', {
      StackSetName: 'cis',
      Filters: [{ Name: 'DETAILED_STATUS', Values: 'FAILED' }],
    }).Summaries;
    expect(filtered.map((i: { Account: string }) => i.Account)).toEqual(['333333333333']);

    t.call('UpdateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: {
        Accounts: ['333333333333'],
        OrganizationalUnitIds: [PROD_OU],
        AccountFilterType: 'INTERSECTION',
      },
      ParameterOverrides: [{ ParameterKey: 'CreateRecorder', ParameterValue: 'false' }],
    });
    t.settle();
    const fixed = t.call('DescribeStackInstance', {
      StackSetName: 'cis',
      StackInstanceAccount: '333333333333',
      StackInstanceRegion: 'us-east-1',
    }).StackInstance;
    expect(fixed).toMatchObject({
      Status: 'CURRENT',
      ParameterOverrides: [{ ParameterKey: 'CreateRecorder', ParameterValue: 'false' }],
    });
    expect(t.world.region('333333333333', 'us-east-1').configRules.has('access-keys-rotated')).toBe(true);
  });

  it('fails self-managed instances whose account lacks the execution role', () => {
    const t = testWorld();
    t.world.accountIam('222222222222').roles.set('AWSCloudFormationStackSetExecutionRole', {
      name: 'AWSCloudFormationStackSetExecutionRole',
      trustedAccountIds: [MANAGEMENT],
    });
    t.call('CreateStackSet', { StackSetName: 'self', TemplateBody: RULE_TEMPLATE });
    t.call('CreateStackInstances', {
      StackSetName: 'self',
      Regions: ['us-east-1'],
      Accounts: ['222222222222', '333333333333'],
      OperationPreferences: { FailureToleranceCount: '1' },
    });
    t.settle();
    const byAccount = Object.fromEntries(instances(t, 'self').map((i) => [i.Account, i.StatusReason ?? 'ok']));
    expect(byAccount).toEqual({
      '222222222222': 'ok',
      '333333333333':
        "Account 333333333333 should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.",
    });
  });

  it('needs CAPABILITY_NAMED_IAM for a template with a named role', () => {
    const t = testWorld();
    const body =
      'Resources:\n  R: { Type: AWS::IAM::Role, Properties: { RoleName: x, AssumeRolePolicyDocument: {} } }\n';
    expect(errorCode(() => t.call('CreateStackSet', { StackSetName: 'iam', TemplateBody: body }))).toBe(
      'InsufficientCapabilitiesException',
    );
    t.call('CreateStackSet', { StackSetName: 'iam', TemplateBody: body, Capabilities: ['CAPABILITY_NAMED_IAM'] });
  });
});

describe('drift', () => {
  it('reports a hand-edited rule as MODIFIED with property differences and a deleted one as DELETED', () => {
    const t = testWorld();
    createServiceManaged(t);
    t.call('CreateStackInstances', {
      StackSetName: 'cis',
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] },
    });
    t.settle();
    expect(
      simulateManualChange(t.world, {
        accountId: '222222222222',
        region: 'us-east-1',
        logicalId: 'AccessKeysRule',
        change: { kind: 'modify', inputParameters: { maxAccessKeyAge: '365' } },
      }),
    ).toBe(true);
    simulateManualChange(t.world, {
      accountId: '333333333333',
      region: 'us-east-1',
      logicalId: 'AccessKeysRule',
      change: { kind: 'delete' },
    });
    const { OperationId } = t.call('DetectStackSetDrift', { StackSetName: 'cis' });
    expect(t.call('DescribeStackSet', { StackSetName: 'cis' }).StackSet.StackSetDriftDetectionDetails.DriftStatus).toBe(
      'NOT_CHECKED',
    );
    t.settle();
    const details = t.call('DescribeStackSet', { StackSetName: 'cis' }).StackSet.StackSetDriftDetectionDetails;
    expect(details).toMatchObject({
      DriftStatus: 'DRIFTED',
      DriftDetectionStatus: 'COMPLETED',
      TotalStackInstancesCount: 3,
      DriftedStackInstancesCount: 2,
      InSyncStackInstancesCount: 1,
    });
    const drifted = t.call('ListStackInstances', {
      StackSetName: 'cis',
      Filters: [{ Name: 'DRIFT_STATUS', Values: 'DRIFTED' }],
    }).Summaries;
    expect(drifted.map((i: { Account: string }) => i.Account).sort()).toEqual(['222222222222', '333333333333']);
    const drifts = (account: string) =>
      t.call('ListStackInstanceResourceDrifts', {
        StackSetName: 'cis',
        OperationId,
        StackInstanceAccount: account,
        StackInstanceRegion: 'us-east-1',
        StackInstanceResourceDriftStatuses: ['MODIFIED', 'DELETED'],
      }).Summaries;
    expect(drifts('222222222222')).toEqual([
      expect.objectContaining({
        LogicalResourceId: 'AccessKeysRule',
        StackResourceDriftStatus: 'MODIFIED',
        PropertyDifferences: [
          {
            PropertyPath: '/InputParameters/maxAccessKeyAge',
            ExpectedValue: '90',
            ActualValue: '365',
            DifferenceType: 'NOT_EQUAL',
          },
        ],
      }),
    ]);
    expect(drifts('333333333333').map((d: UntypedJson) => [d.LogicalResourceId, d.StackResourceDriftStatus])).toEqual([
      ['AccessKeysRule', 'DELETED'],
    ]);
    expect(drifts('444444444444')).toEqual([]);
  });
});

describe('CallAs', () => {
  it('serves a delegated administrator the management account stack sets only with CallAs DELEGATED_ADMIN', () => {
    const t = testWorld();
    const admin = '999999999999';
    t.world.org.delegatedAdmins.set(STACKSETS_PRINCIPAL, new Set([admin]));
    t.call(
      'CreateStackSet',
      {
        StackSetName: 'by-admin',
        TemplateBody: RULE_TEMPLATE,
        PermissionModel: 'SERVICE_MANAGED',
        CallAs: 'DELEGATED_ADMIN',
      },
      { caller: admin },
    );
    expect(t.world.stackSetsIn('us-east-1').has('by-admin')).toBe(true);
    expect(
      t
        .call('ListStackSets', { CallAs: 'DELEGATED_ADMIN' }, { caller: admin })
        .Summaries.map((s: { StackSetName: string }) => s.StackSetName),
    ).toEqual(['by-admin']);
    expect(t.call('ListStackSets', {}, { caller: admin }).Summaries).toEqual([]);
    expect(errorCode(() => t.call('DescribeStackSet', { StackSetName: 'by-admin' }, { caller: admin }))).toBe(
      'StackSetNotFoundException',
    );
    expect(() => t.call('ListStackSets', { CallAs: 'DELEGATED_ADMIN' }, { caller: '222222222222' })).toThrow(
      'Account used is not a delegated administrator',
    );
  });
});
