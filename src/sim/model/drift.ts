/**
 * Drift: how a stack's resources compare with what lives in the account now. Changes made outside
 * CloudFormation (a Config rule's InputParameters edited or the rule deleted by hand, or any logical id a
 * scenario marked drifted) show as MODIFIED or DELETED, with property differences where the simulator knows them.
 */
import type { World } from './world.js';
import { fieldsOf, textOf } from '../core/input-values.js';
import type { SimStack } from './types.js';
import type { PropertyDifference, ResourceDrift, ResourceDriftStatus } from './stackset-types.js';
import { normaliseInputParameters, provisionerFor } from './template-resources.js';

type StackResource = SimStack['resources'] extends Map<string, infer R> ? R : never;

interface LiveComparison {
  status: ResourceDriftStatus;
  differences: PropertyDifference[];
}

const IN_SYNC: LiveComparison = { status: 'IN_SYNC', differences: [] };
const DELETED: LiveComparison = { status: 'DELETED', differences: [] };

/** A property value as drift detection shows it: scalars as text, structures as JSON. */
const valueText = (value: unknown): string => textOf(value) ?? JSON.stringify(value);

function difference(path: string, expected: unknown, actual: unknown): PropertyDifference[] {
  if (expected === actual || (expected === undefined && actual === undefined)) return [];
  return [
    {
      propertyPath: path,
      expectedValue: expected === undefined ? '' : valueText(expected),
      actualValue: actual === undefined ? '' : valueText(actual),
      differenceType: expected === undefined ? 'ADD' : actual === undefined ? 'REMOVE' : 'NOT_EQUAL',
    },
  ];
}

function recordDifferences(
  path: string,
  expected: Record<string, string>,
  actual: Record<string, string>,
): PropertyDifference[] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return keys.flatMap((k) => difference(`${path}/${k}`, expected[k], actual[k]));
}

const modifiedIf = (differences: PropertyDifference[]): LiveComparison =>
  differences.length > 0 ? { status: 'MODIFIED', differences } : IN_SYNC;

/** Compares one resource with its live state; types the simulator has no live state for are IN_SYNC. */
function compareLive(world: World, stack: SimStack, resource: StackResource): LiveComparison {
  const state = world.region(stack.accountId, stack.region);
  const props = resource.properties;
  switch (resource.type) {
    case 'AWS::Config::ConfigRule': {
      const live = state.configRules.get(resource.physicalId);
      if (!live) return DELETED;
      return modifiedIf([
        ...recordDifferences('/InputParameters', normaliseInputParameters(props.InputParameters), live.inputParameters),
        ...difference('/Source/SourceIdentifier', fieldsOf(props.Source).SourceIdentifier, live.sourceIdentifier),
      ]);
    }
    case 'AWS::Config::ConfigurationRecorder':
      return state.recorder?.name === resource.physicalId ? IN_SYNC : DELETED;
    case 'AWS::Config::DeliveryChannel': {
      const live = state.deliveryChannel;
      if (live?.name !== resource.physicalId) return DELETED;
      return modifiedIf(difference('/S3BucketName', props.S3BucketName, live.s3BucketName));
    }
    case 'AWS::Config::RemediationConfiguration': {
      const live = state.remediations.get(resource.physicalId);
      if (!live) return DELETED;
      return modifiedIf([
        ...difference('/TargetId', props.TargetId, live.targetId),
        ...difference('/Automatic', textOf(props.Automatic) ?? 'false', String(live.automatic)),
      ]);
    }
    case 'AWS::SSM::Document':
      return state.ssmDocuments.has(resource.physicalId) ? IN_SYNC : DELETED;
    case 'AWS::Events::Rule': {
      const live = state.eventRules.get(resource.physicalId);
      if (!live) return DELETED;
      return modifiedIf(difference('/State', props.State ?? 'ENABLED', live.enabled ? 'ENABLED' : 'DISABLED'));
    }
    case 'AWS::Lambda::Function':
      return state.lambdaFunctions.has(resource.physicalId) ? IN_SYNC : DELETED;
    case 'AWS::IAM::Role':
      return world.accountIam(stack.accountId).roles.has(resource.physicalId) ? IN_SYNC : DELETED;
    default:
      return IN_SYNC;
  }
}

/** Every resource of a stack with its drift status, as one stack instance's drift detection reports it. */
export function detectStackDrift(world: World, stack: SimStack): ResourceDrift[] {
  const timestamp = world.now();
  return [...stack.resources.entries()].map(([logicalId, resource]) => {
    let comparison = compareLive(world, stack, resource);
    if (comparison.status === 'IN_SYNC' && stack.driftedLogicalIds.has(logicalId)) {
      comparison = { status: 'MODIFIED', differences: [] };
    }
    return {
      stackId: stack.stackId,
      logicalResourceId: logicalId,
      physicalResourceId: resource.physicalId,
      resourceType: resource.type,
      status: comparison.status,
      propertyDifferences: comparison.differences,
      timestamp,
    };
  });
}

/** Every stack in one account and region: stack set instances' stacks and plain stacks. */
export function stacksIn(world: World, accountId: string, region: string): SimStack[] {
  const stacks: SimStack[] = [];
  for (const sets of world.stackSets.values()) {
    for (const set of sets.values()) {
      for (const instance of set.instances.values()) {
        if (instance.accountId === accountId && instance.region === region && instance.stack)
          stacks.push(instance.stack);
      }
    }
  }
  stacks.push(...world.region(accountId, region).stacks.values());
  return stacks;
}

export interface ManualChange {
  accountId: string;
  region: string;
  /** The resource's logical id in the stack that created it. */
  logicalId: string;
  /** Narrows the search when several stacks in the account and region have the logical id. */
  stackId?: string;
  /**
   * `delete` removes the live resource; `modify` changes it: a Config rule gets these InputParameters merged in
   * (a marker parameter when none are given), any other type is marked drifted.
   */
  change: { kind: 'delete' } | { kind: 'modify'; inputParameters?: Record<string, string> };
}

/**
 * Changes a stack-created resource behind CloudFormation's back (for tests, scenarios and the demo), so drift
 * detection finds it. Returns false when no stack in that account and region has the logical id.
 */
export function simulateManualChange(world: World, change: ManualChange): boolean {
  const stack = stacksIn(world, change.accountId, change.region).find(
    (s) => s.resources.has(change.logicalId) && (change.stackId === undefined || s.stackId === change.stackId),
  );
  const resource = stack?.resources.get(change.logicalId);
  if (!stack || !resource) return false;
  if (change.change.kind === 'delete') {
    const ctx = {
      world,
      accountId: stack.accountId,
      region: stack.region,
      stackId: stack.stackId,
      stackName: stack.stackName,
      logicalId: change.logicalId,
    };
    provisionerFor(resource.type).remove(ctx, resource.physicalId, resource.properties);
    return true;
  }
  const rule =
    resource.type === 'AWS::Config::ConfigRule'
      ? world.region(stack.accountId, stack.region).configRules.get(resource.physicalId)
      : undefined;
  if (rule) {
    rule.inputParameters = { ...rule.inputParameters, ...(change.change.inputParameters ?? { changedByHand: 'true' }) };
  } else {
    stack.driftedLogicalIds.add(change.logicalId);
  }
  return true;
}
