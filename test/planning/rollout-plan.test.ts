import { describe, it, expect } from '@jest/globals';
import { desiredStackSet } from '../../src/planning/desired-stackset.js';
import { accountsNeedingPreflight, buildRolloutPlan } from '../../src/planning/rollout-plan.js';
import type { AccountPreflight } from '../../src/model/account-preflight.js';
import {
  BODY,
  NO_MANAGEMENT,
  REGIONS,
  current,
  deployedSet,
  instance,
  reachable,
  setup,
  template,
  type CreateOperation,
} from './rollout-fixtures.js';
import { only } from '../helpers/elements.js';

describe('buildRolloutPlan', () => {
  it('is up to date (no operation) when template, parameters, tags, targets and overrides all match', () => {
    const { config, org, targets, desired } = setup(NO_MANAGEMENT);
    const workloads = only(targets.ouIds, 'target OU');
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
    const [, base, plainElsewhere, ct] = plan.operations as [
      unknown,
      CreateOperation,
      CreateOperation,
      CreateOperation,
    ];
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

  it('a template change is one UpdateStackSet with the CloudFormation diff; new accounts in deployed OUs are added by INTERSECTION', () => {
    const { config, org, targets } = setup(NO_MANAGEMENT);
    const oldDesired = desiredStackSet(config, template());
    const desired = desiredStackSet(config, template(BODY.replace('SourceIdentifier: X', 'SourceIdentifier: Y')));
    const workloads = only(targets.ouIds, 'target OU');
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
    const workloads = only(targets.ouIds, 'target OU');
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
});
