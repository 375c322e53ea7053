/**
 * Plain stacks (CreateStack, UpdateStack, DeleteStack, DescribeStacks) in the caller's account and region,
 * through the same template engine as stack instances. Stacks finish at once: DescribeStacks never shows an
 * IN_PROGRESS status, so waitUntilStackCreateComplete returns on its first poll.
 */
import { SimServiceError } from '../core/errors.js';
import type { ServiceHandlers, SimRequest } from '../core/handler.js';
import type { World } from '../model/world.js';
import type { SimStack } from '../model/types.js';
import { applyTemplate, removeStack, validateTemplate } from '../model/template-engine.js';
import { resolveParameters } from '../model/template-intrinsics.js';
import { simUuid } from '../model/stackset-engine.js';
import {
  parametersOf,
  parametersOut,
  required,
  str,
  strings,
  tagsOf,
  tagsOut,
  validationError,
} from './cloudformation-input.js';

function stacksOf(world: World, request: SimRequest): Map<string, SimStack> {
  return world.region(request.caller.accountId, request.region).stacks;
}

/** A stack by name or stack id; a missing one is CloudFormation's ValidationError. */
function findStack(world: World, request: SimRequest, nameOrId: string): SimStack {
  const stacks = stacksOf(world, request);
  const stack = stacks.get(nameOrId) ?? [...stacks.values()].find((s) => s.stackId === nameOrId);
  if (!stack) throw validationError(`Stack with id ${nameOrId} does not exist`);
  return stack;
}

function describe(stack: SimStack): Record<string, unknown> {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    CreationTime: new Date(stack.creationTime ?? 0),
    LastUpdatedTime: stack.lastUpdatedTime === undefined ? undefined : new Date(stack.lastUpdatedTime),
    Parameters: parametersOut(stack.parameters),
    Outputs: Object.entries(stack.outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
    Capabilities: stack.capabilities ?? [],
    Tags: tagsOut(stack.tags ?? {}),
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export const plainStackHandlers: ServiceHandlers = {
  CreateStack(world, request) {
    const input = request.input;
    const stackName = required(input, 'StackName');
    const stacks = stacksOf(world, request);
    if (stacks.has(stackName))
      throw new SimServiceError('AlreadyExistsException', `Stack [${stackName}] already exists`);
    const templateBody = required(input, 'TemplateBody');
    const capabilities = strings(input.Capabilities);
    const parameters = parametersOf(input.Parameters);
    // Parameter values outside their constraints are refused at the call (ValidationError), before a stack exists.
    resolveParameters(validateTemplate(templateBody, capabilities), parameters);
    const stackId = `arn:aws:cloudformation:${request.region}:${request.caller.accountId}:stack/${stackName}/${simUuid(world)}`;
    const result = applyTemplate(world, {
      accountId: request.caller.accountId,
      region: request.region,
      stackId,
      stackName,
      templateBody,
      parameters,
    });
    stacks.set(stackName, { ...result.stack, capabilities, tags: tagsOf(input.Tags) });
    return { StackId: stackId };
  },

  UpdateStack(world, request) {
    const input = request.input;
    const stack = findStack(world, request, required(input, 'StackName'));
    const templateBody = input.UsePreviousTemplate === 'true' ? stack.templateBody : required(input, 'TemplateBody');
    const capabilities = input.Capabilities === undefined ? (stack.capabilities ?? []) : strings(input.Capabilities);
    const template = validateTemplate(templateBody, capabilities);
    const parameters = parametersOf(input.Parameters, stack.parameters);
    resolveParameters(template, parameters);
    if (templateBody === stack.templateBody && JSON.stringify(parameters) === JSON.stringify(stack.parameters)) {
      throw validationError('No updates are to be performed.');
    }
    const result = applyTemplate(world, {
      accountId: stack.accountId,
      region: stack.region,
      stackId: stack.stackId,
      stackName: stack.stackName,
      templateBody,
      parameters,
      previous: stack,
    });
    const tags = input.Tags === undefined ? stack.tags : tagsOf(input.Tags);
    stacksOf(world, request).set(stack.stackName, { ...result.stack, capabilities, tags });
    return { StackId: stack.stackId };
  },

  DeleteStack(world, request) {
    const nameOrId = required(request.input, 'StackName');
    const stacks = stacksOf(world, request);
    const stack = stacks.get(nameOrId) ?? [...stacks.values()].find((s) => s.stackId === nameOrId);
    // Deleting a stack that is already gone succeeds, as in CloudFormation.
    if (stack) {
      removeStack(world, stack);
      stacks.delete(stack.stackName);
    }
    return {};
  },

  DescribeStacks(world, request) {
    const nameOrId = str(request.input.StackName);
    const stacks =
      nameOrId === undefined ? [...stacksOf(world, request).values()] : [findStack(world, request, nameOrId)];
    return { Stacks: stacks.map(describe) };
  },
};
