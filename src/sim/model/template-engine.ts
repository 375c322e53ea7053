/**
 * Applies a CloudFormation template to one account and region, as a stack: create, update (the difference
 * only) and delete. A resource that fails rolls the stack back to what it was, and the failure reads like
 * CloudFormation's status reason, so stack instances report it the same way.
 */
import { isSimServiceError, SimServiceError } from '../core/errors.js';
import type { World } from './world.js';
import type { SimStack } from './types.js';
import * as store from './config-store.js';
import {
  parseTemplate,
  referencedIds,
  resolveParameters,
  TemplateEvaluator,
  type CfnTemplate,
  type ResourceDeclaration,
} from './template-intrinsics.js';
import { provisionerFor, type ProvisionContext, type ProvisionedResource } from './template-resources.js';

export interface ApplyTemplateInput {
  accountId: string;
  region: string;
  stackId: string;
  stackName: string;
  templateBody: string;
  /** Parameter values given (defaults fill the rest). */
  parameters: Record<string, string>;
  /** The stack as it is now, for an update. */
  previous?: SimStack;
}

export type ApplyTemplateResult =
  | { ok: true; stack: SimStack }
  /** Everything the attempt created was rolled back; `stack` is the failed create or the unchanged previous stack. */
  | { ok: false; statusReason: string; stack: SimStack };

type StackResource = SimStack['resources'] extends Map<string, infer R> ? R : never;

/** Resource types that need a capability, and the property that names them (named → CAPABILITY_NAMED_IAM). */
const IAM_NAME_PROPERTY: Record<string, string | undefined> = {
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::UserToGroupAddition': undefined,
};

/**
 * Checks the template parses and its capabilities were acknowledged, as CreateStack / CreateStackSet do before
 * anything is deployed. Throws ValidationError or InsufficientCapabilitiesException.
 */
export function validateTemplate(templateBody: string, capabilities: readonly string[]): CfnTemplate {
  const template = parseTemplate(templateBody);
  const needed = new Set<string>();
  for (const resource of Object.values(template.Resources)) {
    if (!(resource.Type in IAM_NAME_PROPERTY)) continue;
    const nameProperty = IAM_NAME_PROPERTY[resource.Type];
    needed.add(
      nameProperty && resource.Properties?.[nameProperty] !== undefined ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM',
    );
  }
  const missing = needed.has('CAPABILITY_NAMED_IAM')
    ? capabilities.includes('CAPABILITY_NAMED_IAM')
      ? undefined
      : 'CAPABILITY_NAMED_IAM'
    : needed.has('CAPABILITY_IAM') && !capabilities.some((c) => c === 'CAPABILITY_IAM' || c === 'CAPABILITY_NAMED_IAM')
      ? 'CAPABILITY_IAM'
      : undefined;
  if (missing) throw new SimServiceError('InsufficientCapabilitiesException', `Requires capabilities : [${missing}]`);
  return template;
}

/** Logical ids in an order where every resource comes after what it depends on (DependsOn and references). */
export function creationOrder(template: CfnTemplate, logicalIds: readonly string[]): string[] {
  const wanted = new Set(logicalIds);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      throw new SimServiceError(
        'ValidationError',
        `Circular dependency between resources: [${[...path, id].join(', ')}]`,
      );
    }
    state.set(id, 'visiting');
    const declaration = template.Resources[id];
    if (!declaration) return;
    const dependsOn = [declaration.DependsOn ?? []].flat();
    for (const dep of [...dependsOn, ...referencedIds(declaration.Properties ?? {})]) {
      if (dep !== id && wanted.has(dep)) visit(dep, [...path, id]);
    }
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of logicalIds) visit(id, []);
  return order;
}

/** CloudFormation's wording for a resource that failed to create or update. */
function resourceFailure(logicalId: string, type: string, service: string, error: unknown): string {
  if (!isSimServiceError(error))
    return `ResourceLogicalId:${logicalId}, ResourceType:${type}, ResourceStatusReason:${String(error)}`;
  return (
    `ResourceLogicalId:${logicalId}, ResourceType:${type}, ResourceStatusReason:${error.message} ` +
    `(Service: ${service}; Status Code: ${error.httpStatus}; Error Code: ${error.code}; Request ID: sim; Proxy: null).`
  );
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Creates or updates a stack. Unchanged resources are left alone, changed ones are updated in place (or
 * replaced when their name changed), and resources no longer in the template (or whose Condition became
 * false) are deleted once everything else succeeded, as CloudFormation's cleanup phase does.
 */
export function applyTemplate(world: World, input: ApplyTemplateInput): ApplyTemplateResult {
  const now = world.now();
  const previous = input.previous;
  const stack: SimStack = {
    stackId: input.stackId,
    stackName: input.stackName,
    accountId: input.accountId,
    region: input.region,
    status: previous ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE',
    templateBody: input.templateBody,
    parameters: {},
    outputs: {},
    resources: new Map(),
    driftedLogicalIds: new Set(previous?.driftedLogicalIds ?? []),
    creationTime: previous?.creationTime ?? now,
    lastUpdatedTime: previous ? now : undefined,
    capabilities: previous?.capabilities,
    tags: previous?.tags,
  };
  const ctxFor = (logicalId: string): ProvisionContext => ({
    world,
    accountId: input.accountId,
    region: input.region,
    stackId: input.stackId,
    stackName: input.stackName,
    logicalId,
  });
  const undo: Array<() => void> = [];
  const fail = (statusReason: string): ApplyTemplateResult => {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Rollback is best effort, as CloudFormation's is; the stack is reported failed either way.
      }
    }
    if (previous) return { ok: false, statusReason, stack: { ...previous, status: 'UPDATE_FAILED', statusReason } };
    return {
      ok: false,
      statusReason,
      stack: { ...stack, status: 'ROLLBACK_COMPLETE', statusReason, resources: new Map() },
    };
  };

  let template: CfnTemplate;
  let evaluator: TemplateEvaluator;
  let order: string[];
  try {
    template = parseTemplate(input.templateBody);
    stack.parameters = resolveParameters(template, input.parameters);
    evaluator = new TemplateEvaluator(
      template,
      stack.parameters,
      { accountId: input.accountId, region: input.region, stackName: input.stackName, stackId: input.stackId },
      {
        ref: (id) => created(id).physicalId,
        getAtt: (id, attribute) => {
          const value = created(id).attributes?.[attribute];
          if (value === undefined) {
            throw new SimServiceError(
              'ValidationError',
              `Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`,
            );
          }
          return value;
        },
      },
    );
    const wanted = Object.entries(template.Resources)
      .filter(([, declaration]) => evaluator.included(declaration.Condition))
      .map(([id]) => id);
    order = creationOrder(template, wanted);
  } catch (error) {
    return fail(isSimServiceError(error) ? error.message : String(error));
  }
  function created(id: string): StackResource {
    const resource = stack.resources.get(id);
    if (!resource)
      throw new SimServiceError(
        'ValidationError',
        `Template error: resource ${id} is not created (its Condition is false)`,
      );
    return resource;
  }

  for (const logicalId of order) {
    const declaration = template.Resources[logicalId];
    if (!declaration) continue; // creationOrder lists only declared resources
    const provisioner = provisionerFor(declaration.Type);
    const ctx = ctxFor(logicalId);
    const before = previous?.resources.get(logicalId);
    const kept = before?.type === declaration.Type ? before : undefined;
    try {
      const properties = evaluator.resolve(declaration.Properties ?? {}) as Record<string, unknown>;
      if (kept && sameJson(kept.properties, properties)) {
        stack.resources.set(logicalId, kept);
        continue;
      }
      const prior: ProvisionedResource | undefined = kept && {
        physicalId: kept.physicalId,
        attributes: kept.attributes ?? {},
      };
      const made = provisioner.put(ctx, properties, prior);
      const policies = policiesOf(declaration);
      if (kept && made.physicalId === kept.physicalId) undo.push(() => provisioner.put(ctx, kept.properties, prior));
      // A rollback deletes what the operation created, except Retain (RetainExceptOnCreate is deleted then).
      else if (policies.deletionPolicy !== 'Retain')
        undo.push(() => provisioner.remove(ctx, made.physicalId, properties));
      stack.resources.set(logicalId, {
        type: declaration.Type,
        physicalId: made.physicalId,
        properties,
        attributes: made.attributes,
        ...policies,
      });
      stack.driftedLogicalIds.delete(logicalId);
    } catch (error) {
      return fail(resourceFailure(logicalId, declaration.Type, provisioner.service, error));
    }
  }

  try {
    stack.outputs = evaluateOutputs(template, evaluator);
  } catch (error) {
    return fail(isSimServiceError(error) ? error.message : String(error));
  }
  if (previous) removeReplaced(world, previous, stack);
  startOwnRecorder(world, stack);
  return { ok: true, stack };
}

function evaluateOutputs(template: CfnTemplate, evaluator: TemplateEvaluator): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(template.Outputs)) {
    if (!evaluator.included(output.Condition)) continue;
    const value = evaluator.resolve(output.Value);
    outputs[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return outputs;
}

/** The deletion policies a declaration sets (CloudFormation's default, Delete, when it sets none). */
function policiesOf(declaration: ResourceDeclaration): { deletionPolicy?: string; updateReplacePolicy?: string } {
  return {
    ...(typeof declaration.DeletionPolicy === 'string' ? { deletionPolicy: declaration.DeletionPolicy } : {}),
    ...(typeof declaration.UpdateReplacePolicy === 'string'
      ? { updateReplacePolicy: declaration.UpdateReplacePolicy }
      : {}),
  };
}

/** Whether CloudFormation keeps a resource it removes from a stack that was created earlier. */
const retainedOnDelete = (resource: StackResource): boolean =>
  resource.deletionPolicy === 'Retain' || resource.deletionPolicy === 'RetainExceptOnCreate';

/**
 * Deletes the previous stack's resources that the update dropped (DeletionPolicy) or replaced
 * (UpdateReplacePolicy), newest first.
 */
function removeReplaced(world: World, previous: SimStack, next: SimStack): void {
  const stale = [...previous.resources.entries()].filter(([id, r]) => {
    const now = next.resources.get(id);
    if (!now) return !retainedOnDelete(r);
    return (now.type !== r.type || now.physicalId !== r.physicalId) && r.updateReplacePolicy !== 'Retain';
  });
  for (const [logicalId, resource] of stale.reverse()) {
    removeResource(world, previous, logicalId, resource);
  }
  for (const id of [...next.driftedLogicalIds]) if (!next.resources.has(id)) next.driftedLogicalIds.delete(id);
}

function removeResource(world: World, stack: SimStack, logicalId: string, resource: StackResource): void {
  const ctx: ProvisionContext = {
    world,
    accountId: stack.accountId,
    region: stack.region,
    stackId: stack.stackId,
    stackName: stack.stackName,
    logicalId,
  };
  provisionerFor(resource.type).remove(ctx, resource.physicalId, resource.properties);
}

/**
 * CloudFormation starts a recorder it created once the delivery channel exists (the StartConfigurationRecorder
 * step a console or CLI user would do by hand).
 */
function startOwnRecorder(world: World, stack: SimStack): void {
  const state = world.region(stack.accountId, stack.region);
  const own = state.recorder;
  if (own && own.ownerStackId === stack.stackId && !own.recording && state.deliveryChannel) {
    store.startRecorder(world, { accountId: stack.accountId, region: stack.region }, own.name);
  }
}

/** Deletes every resource the stack created, in reverse creation order, keeping those its DeletionPolicy retains. */
export function removeStack(world: World, stack: SimStack): void {
  for (const [logicalId, resource] of [...stack.resources.entries()].reverse()) {
    if (!retainedOnDelete(resource)) removeResource(world, stack, logicalId, resource);
  }
  stack.resources.clear();
  stack.status = 'DELETE_COMPLETE';
}
