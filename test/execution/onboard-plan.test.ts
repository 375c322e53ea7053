import { describe, expect, it } from '@jest/globals';
import { accountsMissingInstances, placeAccount, planInstances } from '../../src/planning/onboard-plan.js';
import type { StackInstance } from '../../src/model/stack-sets.js';
import type { TargetSpec } from '../../src/planning/targets.js';
import { orgSnapshot } from '../helpers/org-builder.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const instance = (region: string, fields: Partial<StackInstance> = {}): StackInstance => ({
  account: '222222222222',
  region,
  status: 'CURRENT',
  detailedStatus: 'SUCCEEDED',
  driftStatus: 'NOT_CHECKED',
  parameterOverrides: {},
  ...fields,
});

describe('planInstances', () => {
  it('creates missing regions, grouped by their overrides', () => {
    const plan = planInstances(['us-east-1', 'eu-west-1', 'eu-central-1'], [], {
      'us-east-1': { CreateConfigRecorder: 'false' },
    });
    expect(plan.create).toEqual([
      { regions: ['us-east-1'], overrides: { CreateConfigRecorder: 'false' } },
      { regions: ['eu-west-1', 'eu-central-1'], overrides: {} },
    ]);
    expect(plan.update).toEqual([]);
  });

  it('updates instances deployed without the wanted overrides, or that failed; leaves CURRENT ones alone', () => {
    const plan = planInstances(
      ['us-east-1', 'eu-west-1', 'eu-central-1'],
      [
        instance('us-east-1'),
        instance('eu-west-1', { status: 'OUTDATED', detailedStatus: 'FAILED' }),
        instance('eu-central-1'),
      ],
      { 'us-east-1': { CreateConfigRecorder: 'false' } },
    );
    expect(plan.create).toEqual([]);
    expect(plan.update).toEqual([
      { regions: ['us-east-1'], overrides: { CreateConfigRecorder: 'false' } },
      { regions: ['eu-west-1'], overrides: {} },
    ]);
    expect(plan.current).toEqual(['eu-central-1']);
  });

  it('drops overrides no longer wanted (an exemption that ended)', () => {
    const plan = planInstances(
      REGIONS,
      [instance('us-east-1', { parameterOverrides: { AdminPortsMode: 'DETECT' } }), instance('eu-west-1')],
      {},
    );
    expect(plan.update).toEqual([{ regions: ['us-east-1'], overrides: {} }]);
  });
});

describe('placeAccount', () => {
  const snapshot = orgSnapshot()
    .account('222222222222', '/Root/Workloads/Prod')
    .account('333333333333', '/Root')
    .ou('/Root/Staging')
    .build();
  const targets: TargetSpec = {
    organizationalUnitIds: [],
    organizationalUnitPaths: ['/Root/Workloads'],
    includeAccounts: [],
    excludeAccounts: [],
  };
  const account = (id: string) => snapshot.accounts.find((a) => a.id === id)!;
  const unit = (path: string) => snapshot.units.find((u) => u.path === path)!.id;

  it('keeps an account already under a targeted OU where it is', () => {
    expect(placeAccount(snapshot, targets, account('222222222222'), undefined)).toEqual({
      targetOuId: unit('/Root/Workloads'),
      viaTargetedOu: true,
    });
  });

  it('moves an account into a nested OU of a target, targeting it through the configured OU', () => {
    expect(placeAccount(snapshot, targets, account('333333333333'), '/Root/Workloads/Prod')).toEqual({
      moveTo: unit('/Root/Workloads/Prod'),
      targetOuId: unit('/Root/Workloads'),
      viaTargetedOu: true,
    });
  });

  it('refuses an OU that is not targeted, unknown OUs and excluded accounts', () => {
    expect(placeAccount(snapshot, targets, account('333333333333'), '/Root/Staging')).toEqual({
      error: expect.stringContaining('/Root/Staging is not under any OU'),
    });
    expect(placeAccount(snapshot, targets, account('333333333333'), '/Root/Nope')).toEqual({
      error: expect.stringContaining('OU "/Root/Nope" is not in organization'),
    });
    expect(
      placeAccount(snapshot, { ...targets, excludeAccounts: ['222222222222'] }, account('222222222222'), undefined),
    ).toEqual({
      error: expect.stringContaining('excludeAccounts'),
    });
  });

  it('accepts an account targeted only by includeAccounts, through its own parent and without auto-deployment', () => {
    expect(
      placeAccount(snapshot, { ...targets, includeAccounts: ['333333333333'] }, account('333333333333'), undefined),
    ).toEqual({
      targetOuId: snapshot.rootId,
      viaTargetedOu: false,
    });
  });
});

describe('accountsMissingInstances', () => {
  it('lists ACTIVE accounts lacking an instance in some region', () => {
    const snapshot = orgSnapshot()
      .account('222222222222', '/Root/W')
      .account('333333333333', '/Root/W')
      .account('444444444444', '/Root/W', 'SUSPENDED')
      .build();
    const instances = [
      instance('us-east-1'),
      instance('eu-west-1'),
      instance('us-east-1', { account: '333333333333' }),
    ];
    expect(accountsMissingInstances(snapshot.accounts, instances, REGIONS).map((a) => a.id)).toEqual(['333333333333']);
  });
});
