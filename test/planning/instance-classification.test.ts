import { describe, it, expect } from '@jest/globals';
import type { AccountPreflight } from '../../src/model/account-preflight.js';
import { accountsNeedingPreflight, classifyInstances } from '../../src/planning/instance-classification.js';
import { NO_MANAGEMENT, REGIONS, instance, reachable, setup } from './rollout-fixtures.js';
import { only } from '../helpers/elements.js';

const EXEMPT = {
  exemptions: {
    accounts: [{ accountId: '200000000001', controls: ['admin-ports-closed'], reason: 'training lab' }],
  },
};

describe('classifyInstances', () => {
  it('adds every targeted account × region without an instance, never the suspended one', () => {
    const { config, targets, desired } = setup(NO_MANAGEMENT);

    const sorted = classifyInstances(
      desired,
      [],
      targets,
      [reachable('200000000001'), reachable('200000000002')],
      config,
    );

    expect(sorted.add.map((a) => [a.accountId, a.region, a.reason])).toEqual(
      ['200000000001', '200000000002'].flatMap((id) => REGIONS.map((r) => [id, r, 'new instance'])),
    );
    expect(sorted).toMatchObject({ update: [], remove: [], unchanged: 0 });
  });

  it('an exemption change updates only that account, keeping the recorder decision of its deployed instance', () => {
    const { config, targets, desired } = setup({ ...NO_MANAGEMENT, ...EXEMPT });
    const workloads = only(targets.ouIds, 'target OU');
    const instances = [
      ...REGIONS.map((r) =>
        instance('200000000001', r, workloads, { parameterOverrides: { CreateConfigRecorder: 'false' } }),
      ),
      ...REGIONS.map((r) => instance('200000000002', r, workloads)),
    ];

    const sorted = classifyInstances(desired, instances, targets, [], config);

    expect(sorted.update.map((u) => [u.accountId, u.overrides, u.reason])).toEqual(
      REGIONS.map(() => [
        '200000000001',
        { AdminPortsMode: 'DETECT', CreateConfigRecorder: 'false' },
        'parameter overrides change',
      ]),
    );
    expect(sorted.unchanged).toBe(2);
  });

  it('never plans switching recorder creation off because of the recorder an earlier rollout created', () => {
    const { config, targets, desired } = setup(NO_MANAGEMENT);
    const ours = { recorderName: `${config.resourcePrefix}-recorder` };

    const sorted = classifyInstances(
      desired,
      [],
      targets,
      [reachable('200000000001', { 'us-east-1': ours }), reachable('200000000002')],
      config,
    );

    expect(sorted.add.every((i) => Object.keys(i.overrides ?? {}).length === 0)).toBe(true);
  });

  it('an unreachable account gets no new instance and its existing one counts as unchanged, even when not CURRENT', () => {
    const { config, targets, desired } = setup(NO_MANAGEMENT);
    const workloads = only(targets.ouIds, 'target OU');
    const preflight: AccountPreflight[] = [
      { accountId: '200000000001', reachable: false, reason: 'AccessDenied: no role' },
      { accountId: '200000000002', reachable: false, reason: 'AccessDenied: no role' },
    ];

    const sorted = classifyInstances(
      desired,
      [instance('200000000001', 'us-east-1', workloads, { status: 'OUTDATED' })],
      targets,
      preflight,
      config,
    );

    expect(sorted).toEqual({ add: [], update: [], remove: [], unchanged: 1 });
  });

  it('updates an instance that is not CURRENT and says why', () => {
    const { config, targets, desired } = setup(NO_MANAGEMENT);
    const workloads = only(targets.ouIds, 'target OU');
    const instances = ['200000000001', '200000000002'].flatMap((a) => REGIONS.map((r) => instance(a, r, workloads)));
    instances[0] = instance('200000000001', 'us-east-1', workloads, {
      status: 'INOPERABLE',
      statusReason: 'stack deleted outside StackSets',
    });

    const sorted = classifyInstances(desired, instances, targets, [reachable('200000000001')], config);

    expect(sorted.update).toEqual([
      expect.objectContaining({
        accountId: '200000000001',
        region: 'us-east-1',
        reason: 'instance is INOPERABLE: stack deleted outside StackSets',
      }),
    ]);
  });

  it('removes instances of untargeted accounts and regions, but leaves a suspended account alone', () => {
    const { config, targets, desired } = setup(NO_MANAGEMENT, (b) => b.account('200000000009', '/Root/Other'));
    const workloads = only(targets.ouIds, 'target OU');
    const instances = [
      instance('200000000001', 'ap-south-1', workloads),
      instance('200000000003', 'us-east-1', workloads),
      instance('200000000009', 'us-east-1', 'ou-root-otherxxx'),
    ];

    const sorted = classifyInstances(desired, instances, targets, [], config);

    expect(sorted.remove.map((r) => [r.accountId, r.region, r.reason])).toEqual([
      ['200000000001', 'ap-south-1', 'region no longer targeted'],
      ['200000000009', 'us-east-1', 'account no longer targeted'],
    ]);
  });
});

describe('accountsNeedingPreflight', () => {
  it('is the accounts missing a CURRENT instance in some region', () => {
    const { targets, desired } = setup(NO_MANAGEMENT);
    const workloads = only(targets.ouIds, 'target OU');
    const instances = [
      ...REGIONS.map((r) => instance('200000000001', r, workloads)),
      instance('200000000002', 'us-east-1', workloads),
      instance('200000000002', 'eu-west-1', workloads, { status: 'OUTDATED' }),
    ];

    expect(accountsNeedingPreflight(targets, desired.regions, instances)).toEqual(['200000000002']);
    expect(accountsNeedingPreflight(targets, desired.regions, instances.slice(0, 3))).toEqual(['200000000002']);
    expect(accountsNeedingPreflight(targets, desired.regions, [])).toEqual(['200000000001', '200000000002']);
  });
});
