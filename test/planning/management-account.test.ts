import { describe, it, expect } from '@jest/globals';
import type { AccountPreflight } from '../../src/model/account-preflight.js';
import { managementOperations, managementPlan } from '../../src/planning/management-account.js';
import type { PlainStackState } from '../../src/model/stack-sets.js';
import { NO_MANAGEMENT, current, setup } from './rollout-fixtures.js';
import { at } from '../helpers/elements.js';

const MANAGEMENT = '111111111111';

function planWith(stacks: Record<string, PlainStackState>, preflight: AccountPreflight[] = []) {
  const { config, org, desired } = setup();
  const state = { ...current(undefined, []), managementStacks: stacks };
  const plan = managementPlan(desired, state, config, org, new Map(preflight.map((p) => [p.accountId, p])), {});
  return { plan, desired };
}

describe('managementPlan', () => {
  it('is skipped, with the reason, when accounts.yaml leaves the management account out', () => {
    const { config, org, desired } = setup(NO_MANAGEMENT);

    const plan = managementPlan(desired, current(undefined, []), config, org, new Map(), {});

    expect(plan).toEqual({
      accountId: MANAGEMENT,
      stackName: desired.spec.name,
      action: 'skipped',
      reason: 'targets.includeManagementAccount is false',
      regions: [],
    });
  });

  it('is skipped with the reason the caller gives when the stack cannot be handled from here', () => {
    const { config, org, desired } = setup();

    const plan = managementPlan(desired, current(undefined, []), config, org, new Map(), {
      managementSkipReason: 'runs as a delegated administrator',
    });

    expect(plan).toMatchObject({ action: 'skipped', reason: 'runs as a delegated administrator' });
  });

  it('creates the plain stack where it is missing, and the operation carries the stack set parameters', () => {
    const { plan, desired } = planWith({});

    expect(plan.action).toBe('create');
    expect(plan.regions.map((r) => r.action)).toEqual(['create', 'create']);
    const [first] = managementOperations(plan, desired);
    expect(first).toMatchObject({
      kind: 'create-stack',
      region: desired.regions[0],
      parameters: desired.spec.parameters,
    });
  });

  it('updates a stack deployed with another template, leaves a matching one alone', () => {
    const { desired } = setup();
    const matching = { exists: true, parameters: desired.spec.parameters, templateSha256: desired.templateSha256 };
    const [a, b] = [at(desired.regions, 0, 'region'), at(desired.regions, 1, 'region')];

    const { plan } = planWith({ [a]: matching, [b]: { ...matching, templateSha256: 'other' } });

    expect(plan.regions.map((r) => [r.region, r.action])).toEqual([
      [a, 'none'],
      [b, 'update'],
    ]);
    expect(plan.action).toBe('update');
    expect(managementOperations(plan, desired).map((o) => o.kind)).toEqual(['update-stack']);
  });

  it('without a fresh recorder check, a deployed stack keeps its recorder parameter and is not updated for it', () => {
    const { desired } = setup();
    const deployed = {
      exists: true,
      parameters: { ...desired.spec.parameters, CreateConfigRecorder: 'false' },
      templateSha256: desired.templateSha256,
    };
    const stacks = Object.fromEntries(desired.regions.map((r) => [r, deployed]));

    expect(planWith(stacks).plan.action).toBe('none');
    expect(planWith(stacks, [{ accountId: MANAGEMENT, reachable: true, recorders: {} }]).plan.action).toBe('update');
  });
});
