/** Builders for rollout plan tests: a small organization, its accounts.yaml, and the stack set as AWS shows it. */
import { createHash } from 'node:crypto';
import { parseConfigText } from '../../src/config/load-config.js';
import { desiredStackSet, type DesiredStackSet } from '../../src/planning/desired-stackset.js';
import { resolveTargets } from '../../src/planning/targets.js';
import type { CurrentRolloutState, PlannedOperation } from '../../src/planning/rollout-plan.js';
import type { AccountPreflight } from '../../src/model/account-preflight.js';
import type { StackInstance, StackSetState } from '../../src/model/stack-sets.js';
import { configText } from '../config/config-builder.js';
import { orgSnapshot } from '../helpers/org-builder.js';

export const BODY =
  'Resources:\n  Rule:\n    Type: AWS::Config::ConfigRule\n    Properties: { Source: { Owner: AWS, SourceIdentifier: X } }\n';
export const REGIONS = ['us-east-1', 'eu-west-1'];

export function template(body = BODY) {
  return { body, sha256: createHash('sha256').update(body).digest('hex'), version: '1.0.0' };
}

export function setup(
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
export function deployedSet(desired: DesiredStackSet, ous: string[]): StackSetState {
  return {
    ...desired.spec,
    stackSetId: `${desired.spec.name}:1`,
    status: 'ACTIVE',
    organizationalUnitIds: ous,
    regions: [...desired.regions],
    drift: { driftStatus: 'NOT_CHECKED', total: 0, drifted: 0, inSync: 0, inProgress: 0, failed: 0 },
  };
}

export const instance = (
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

export const reachable = (
  accountId: string,
  recorders: Record<string, { recorderName?: string }> = {},
): AccountPreflight => ({
  accountId,
  reachable: true,
  recorders,
});

export function current(stackSet: StackSetState | undefined, instances: StackInstance[]): CurrentRolloutState {
  return { stackSet, instances, managementStacks: {}, trustedAccess: true };
}

export type CreateOperation = Extract<PlannedOperation, { kind: 'create-instances' | 'update-instances' }>;

export const NO_MANAGEMENT = { targets: { includeManagementAccount: false } };
