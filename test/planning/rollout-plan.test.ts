import { describe, it, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { parseConfigText } from '../../src/config/load-config.js';
import { desiredStackSet, type DesiredStackSet } from '../../src/planning/desired-stackset.js';
import { resolveTargets } from '../../src/planning/targets.js';
import {
  accountsNeedingPreflight,
  buildRolloutPlan,
  type CurrentRolloutState,
  type PlannedOperation,
} from '../../src/planning/rollout-plan.js';
import type { AccountPreflight } from '../../src/execution/preflight.js';
import type { StackInstance, StackSetState } from '../../src/model/stack-sets.js';
import { configText } from '../config/config-builder.js';
import { orgSnapshot } from '../helpers/org-builder.js';

const BODY =
  'Resources:\n  Rule:\n    Type: AWS::Config::ConfigRule\n    Properties: { Source: { Owner: AWS, SourceIdentifier: X } }\n';
const REGIONS = ['us-east-1', 'eu-west-1'];

function template(body = BODY) {
  return { body, sha256: createHash('sha256').update(body).digest('hex'), version: '1.0.0' };
}

function setup(
  overrides: Record<string, unknown> = {},
  build: (b: ReturnType<typeof orgSnapshot>) => void = () => undefined,
) {
  const config = parseConfigText(configText(overrides), 'accounts.yaml').config;
  const builder = orgSnapshot()
    .account('200000000001', '/Root/Workloads/Prod')
    .account('200000000002', '/Root/Workloads/Dev')
    .account('200000000003', '/Root/Workloads/Dev', 'SUSPENDED');
  build(builder);
  const org = builder.build();
  return { config, org, targets: resolveTargets(org, config.targets), desired: desiredStackSet(config, template()) };
}

/** The stack set as AWS would describe it after deploying `desired` to `ous`. */
function deployedSet(desired: DesiredStackSet, ous: string[]): StackSetState {
  return {
    ...desired.spec,
    stackSetId: `${desired.spec.name}:1`,
    status: 'ACTIVE',
    organizationalUnitIds: ous,
    regions: [...desired.regions],
    drift: { driftStatus: 'NOT_CHECKED', total: 0, drifted: 0, inSync: 0, inProgress: 0, failed: 0 },
  };
}

const instance = (
  account: string,
  region: string,
  ouId: string,
  extra: Partial<StackInstance> = {},
): StackInstance => ({
  account,
  region,
  ouId,
  status: 'CURRENT',
  driftStatus: 'NOT_CHECKED',
  ...extra,
});

const reachable = (accountId: string, recorders: Record<string, { recorderName?: string }> = {}): AccountPreflight => ({
  accountId,
  reachable: true,
  recorders,
});

function current(stackSet: StackSetState | undefined, instances: StackInstance[]): CurrentRolloutState {
  return { stackSet, instances, managementStacks: {}, trustedAccess: true };
}

type CreateOperation = Extract<PlannedOperation, { kind: 'create-instances' | 'update-instances' }>;

const NO_MANAGEMENT = { targets: { includeManagementAccount: false } };

describe('buildRolloutPlan', () => {
  it('is up to date (no operation) when template, parameters, tags, targets and overrides all match', () => {
    const { config, org, targets, desired } = setup(NO_MANAGEMENT);
    const workloads = targets.ouIds[0];
    const instances = ['200000000001', '200000000002'].flatMap((a) => REGIONS.map((r) => instance(a, r, workloads)));

    const plan = buildRolloutPlan(
      desired,
      current(deployedSet(desired, [workloads]), instances),
      targets,
      [],
      config,
      org,
    );

    expect(plan).toMatchObject({ version: 1, kind: 'rollout', upToDate: true, operations: [] });
    expect(plan.stackSet.action).toBe('none');
    expect(plan.instances.unchanged).toBe(4);
    // Nothing to preflight either: every targeted account has a CURRENT instance in every region.
    expect(accountsNeedingPreflight(targets, desired.regions, instances)).toEqual([]);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('a first rollout is CreateStackSet then one CreateStackInstances per set of overrides, and says why it splits', () => {
    const { config, org, targets, desired } = setup(NO_MANAGEMENT);
    const preflight = [
      reachable('200000000001', { 'us-east-1': { recorderName: 'aws-controltower-BaselineConfigRecorder' } }),
      reachable('200000000002'),
    ];

    const plan = buildRolloutPlan(desired, current(undefined, []), targets, preflight, config, org);

    // The account with a recorder in us-east-1 only: its eu-west-1 instance gets its own call, so the OU-wide
    // call covers the same accounts in both regions (one call, not one per region).
    expect(plan.operations.map((o) => o.kind)).toEqual([
      'create-stack-set',
      'create-instances',
      'create-instances',
      'create-instances',
    ]);
    const [, base, plainElsewhere, ct] = plan.operations as CreateOperation[];
    expect(plainElsewhere).toMatchObject({
      regions: ['eu-west-1'],
      overrides: {},
      targets: { accounts: ['200000000001'], accountFilterType: 'INTERSECTION' },
    });
    // The OU call leaves out the account that needs overrides (and the suspended one StackSets skips anyway).
    expect(base.targets).toEqual({
      organizationalUnitIds: targets.ouIds,
      accounts: ['200000000001', '200000000003'],
      accountFilterType: 'DIFFERENCE',
    });
    expect(base.regions).toEqual([...REGIONS].sort());
    expect(ct.targets).toMatchObject({ accounts: ['200000000001'], accountFilterType: 'INTERSECTION' });
    expect(ct.overrides).toEqual({ CreateConfigRecorder: 'false' });
    expect(ct.regions).toEqual(['us-east-1']);
    expect(ct.why).toMatch(/a call carries one set of overrides/);
    expect(plan.skipped.map((s) => s.accountId)).toEqual(['200000000003']);
  });

  it('splits more than 50 OUs into several calls and the plan says so', () => {
    const { config, org, targets, desired } = setup(
      {
        targets: {
          includeManagementAccount: false,
          organizationalUnits: Array.from({ length: 60 }, (_, i) => `/Root/Fleet/U${i}`),
        },
      },
      (b) => {
        for (let i = 0; i < 60; i++) b.account(String(300_000_000_000 + i), `/Root/Fleet/U${i}`);
      },
    );
    const preflight = targets.accounts.map((a) => reachable(a.id));

    const plan = buildRolloutPlan(desired, current(undefined, []), targets, preflight, config, org);

    const create = plan.operations.find((o) => o.kind === 'create-instances') as CreateOperation;
    expect(create.calls).toBe(2);
    expect(create.title).toBe('CreateStackInstances (60 OUs × 2 regions, 2 calls: more than 50 OUs)');
  });

  it('a template change is one UpdateStackSet with the CloudFormation diff; new accounts in deployed OUs are added by INTERSECTION', () => {
    const { config, org, targets } = setup(NO_MANAGEMENT);
    const oldDesired = desiredStackSet(config, template());
    const desired = desiredStackSet(config, template(BODY.replace('SourceIdentifier: X', 'SourceIdentifier: Y')));
    const workloads = targets.ouIds[0];
    const instances = REGIONS.map((r) => instance('200000000001', r, workloads));

    const plan = buildRolloutPlan(
      desired,
      current(deployedSet(oldDesired, [workloads]), instances),
      targets,
      [reachable('200000000002')],
      config,
      org,
    );

    expect(plan.stackSet.changes.template?.diffText).toMatch(/\[~\] AWS::Config::ConfigRule Rule/);
    expect(plan.stackSet.changes.parameters).toEqual([]);
    expect(plan.operations.map((o) => o.kind)).toEqual(['update-stack-set', 'create-instances']);
    expect((plan.operations[1] as CreateOperation).targets).toEqual({
      organizationalUnitIds: [workloads],
      accounts: ['200000000002'],
      accountFilterType: 'INTERSECTION',
    });
  });

  it('an unreachable account gets no new instance; its existing instances are left as they are', () => {
    const { config, org, targets, desired } = setup(NO_MANAGEMENT);
    const workloads = targets.ouIds[0];
    const instances = [instance('200000000001', 'us-east-1', workloads, { status: 'OUTDATED' })];
    const preflight: AccountPreflight[] = [
      { accountId: '200000000001', reachable: false, reason: 'AccessDenied: no role' },
      { accountId: '200000000002', reachable: false, reason: 'AccessDenied: no role' },
    ];

    const plan = buildRolloutPlan(
      desired,
      current(deployedSet(desired, [workloads]), instances),
      targets,
      preflight,
      config,
      org,
    );

    expect(plan.instances.add).toEqual([]);
    expect(plan.instances.update).toEqual([]);
    expect(plan.unreachable.map((u) => [u.accountId, u.effect])).toEqual([
      ['200000000001', 'its instances keep their current parameter overrides'],
      ['200000000002', expect.stringMatching(/no instance is created/)],
    ]);
  });

  it('an exemption change updates only that account, keeping the recorder decision of its deployed instance', () => {
    const exempt = {
      exemptions: {
        accounts: [{ accountId: '200000000001', controls: ['admin-ports-closed'], reason: 'training lab' }],
      },
    };
    const { config, org, targets, desired } = setup({ ...NO_MANAGEMENT, ...exempt });
    const workloads = targets.ouIds[0];
    const instances = [
      ...REGIONS.map((r) =>
        instance('200000000001', r, workloads, { parameterOverrides: { CreateConfigRecorder: 'false' } }),
      ),
      ...REGIONS.map((r) => instance('200000000002', r, workloads)),
    ];

    const plan = buildRolloutPlan(
      desired,
      current(deployedSet(desired, [workloads]), instances),
      targets,
      [],
      config,
      org,
    );

    expect(plan.instances.update.map((u) => [u.accountId, u.overrides])).toEqual(
      REGIONS.map(() => ['200000000001', { AdminPortsMode: 'DETECT', CreateConfigRecorder: 'false' }]),
    );
    expect(plan.operations.map((o) => o.title)).toEqual(['UpdateStackInstances (1 account × 2 regions)']);
  });

  it('never plans switching recorder creation off because of the recorder an earlier rollout created', () => {
    const { config, org, targets, desired } = setup(NO_MANAGEMENT);
    const ours = { recorderName: `${config.resourcePrefix}-recorder` };

    const plan = buildRolloutPlan(
      desired,
      current(undefined, []),
      targets,
      [reachable('200000000001', { 'us-east-1': ours }), reachable('200000000002')],
      config,
      org,
    );

    expect(plan.instances.add.every((i) => Object.keys(i.overrides ?? {}).length === 0)).toBe(true);
  });

  it('removes an account that left the targets by INTERSECTION, never by deleting the whole OU it was recorded under', () => {
    const { config, org, targets, desired } = setup(
      { ...NO_MANAGEMENT, targets: { includeManagementAccount: false, includeAccounts: [] } },
      (b) => b.account('200000000009', '/Root'),
    );
    const workloads = targets.ouIds[0];
    const instances = [
      ...['200000000001', '200000000002'].flatMap((a) => REGIONS.map((r) => instance(a, r, workloads))),
      ...REGIONS.map((r) => instance('200000000009', r, org.rootId)),
    ];

    const plan = buildRolloutPlan(
      desired,
      current(deployedSet(desired, [workloads, org.rootId]), instances),
      targets,
      [],
      config,
      org,
    );

    expect(plan.operations).toEqual([
      expect.objectContaining({
        kind: 'delete-instances',
        targets: { organizationalUnitIds: [org.rootId], accounts: ['200000000009'], accountFilterType: 'INTERSECTION' },
      }),
    ]);
  });

  it('--remove deletes every instance, then the stack set, then the management account stacks', () => {
    const { config, org, targets, desired } = setup();
    const workloads = targets.ouIds[0];
    const state: CurrentRolloutState = {
      stackSet: deployedSet(desired, [workloads]),
      instances: ['200000000001'].flatMap((a) => REGIONS.map((r) => instance(a, r, workloads))),
      managementStacks: {
        'us-east-1': { exists: true, parameters: {} },
        'eu-west-1': { exists: false, parameters: {} },
      },
    };

    const plan = buildRolloutPlan(desired, state, targets, [], config, org, {
      remove: true,
      retainStacks: true,
    });

    expect(plan.mode).toBe('remove');
    expect(plan.operations.map((o) => o.kind)).toEqual(['delete-instances', 'delete-stack-set', 'delete-stack']);
    expect(plan.operations[0]).toMatchObject({ retainStacks: true, targets: { organizationalUnitIds: [workloads] } });
  });
});
