/**
 * CloudFormation: StackSets (management account, keyed by request region; delegated administrators reach
 * them with CallAs DELEGATED_ADMIN) and plain stacks. Operations run in simulated time through the stack set
 * engine; this module validates requests and shapes the API's outputs.
 */
import { SimServiceError } from '../core/errors.js';
import type { ServiceHandlers, SimRequest } from '../core/handler.js';
import { fieldsOf, type Fields } from '../core/input-values.js';
import type { World } from '../model/world.js';
import {
  instanceKey,
  type DeploymentTargets,
  type OperationUnit,
  type SimStackInstance,
  type SimStackSet,
  type SimStackSetOperation,
  type StackSetOperationAction,
} from '../model/stackset-types.js';
import {
  attachStackSetEngine,
  driftDetailsOf,
  isBusy,
  simUuid,
  startOperation,
  type OperationRequest,
  stopOperation,
} from '../model/stackset-engine.js';
import { resolveTargets } from '../model/stackset-targets.js';
import { resolveParameters, parseTemplate } from '../model/template-intrinsics.js';
import { validateTemplate } from '../model/template-engine.js';
import type { DriftDetectionDetails } from '../model/stackset-types.js';
import {
  bool,
  page,
  parametersOf,
  parametersOut,
  preferencesOf,
  preferencesOut,
  required,
  seesManagementStackSets,
  STACKSETS_PRINCIPAL,
  str,
  strings,
  tagsOf,
  tagsOut,
  targetsOf,
  targetsOut,
  validationError,
} from './cloudformation-input.js';
import { plainStackHandlers } from './cloudformation-stacks.js';

const ts = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

function stackSetNotFound(name: string): SimServiceError {
  return new SimServiceError('StackSetNotFoundException', `StackSet ${name} not found`, 404);
}

/** The stack set named (or identified) in the request, after the CallAs check. */
function findStackSet(world: World, request: SimRequest): SimStackSet {
  attachStackSetEngine(world);
  const name = required(request.input, 'StackSetName');
  if (!seesManagementStackSets(world, request)) throw stackSetNotFound(name);
  const sets = world.stackSetsIn(request.region);
  const set = sets.get(name) ?? [...sets.values()].find((s) => s.stackSetId === name);
  if (!set || set.status !== 'ACTIVE') throw stackSetNotFound(name);
  return set;
}

function findOperation(set: SimStackSet, operationId: string): SimStackSetOperation {
  const op = set.operations.get(operationId);
  if (!op) throw new SimServiceError('OperationNotFoundException', `Operation ${operationId} not found`, 404);
  return op;
}

function findInstance(set: SimStackSet, accountId: string, region: string): SimStackInstance {
  const instance = set.instances.get(instanceKey(accountId, region));
  if (!instance) {
    throw new SimServiceError(
      'StackInstanceNotFoundException',
      `Stack instance in account ${accountId} and region ${region} not found for StackSet ${set.stackSetName}`,
      404,
    );
  }
  return instance;
}

function checkServiceManagedAllowed(world: World): void {
  if (world.org.featureSet !== 'ALL' || !world.org.trustedServices.has(STACKSETS_PRINCIPAL)) {
    throw validationError('You must enable organizations access to operate a service managed stack set');
  }
}

function driftDetailsOut(d: DriftDetectionDetails | undefined): Record<string, unknown> {
  const details = d ?? { driftStatus: 'NOT_CHECKED', total: 0, drifted: 0, inSync: 0, inProgress: 0, failed: 0 };
  return {
    DriftStatus: details.driftStatus,
    DriftDetectionStatus: d?.driftDetectionStatus,
    LastDriftCheckTimestamp: ts(d?.lastDriftCheckTimestamp),
    TotalStackInstancesCount: details.total,
    DriftedStackInstancesCount: details.drifted,
    InSyncStackInstancesCount: details.inSync,
    InProgressStackInstancesCount: details.inProgress,
    FailedStackInstancesCount: details.failed,
  };
}

function autoDeploymentOut(set: SimStackSet): Record<string, unknown> | undefined {
  if (!set.autoDeployment) return undefined;
  return {
    Enabled: set.autoDeployment.enabled,
    RetainStacksOnAccountRemoval: set.autoDeployment.retainStacksOnAccountRemoval,
  };
}

function autoDeploymentOf(value: unknown): SimStackSet['autoDeployment'] {
  if (!value) return undefined;
  const v = value as Record<string, unknown>;
  return {
    enabled: bool(v.Enabled) ?? false,
    retainStacksOnAccountRemoval: bool(v.RetainStacksOnAccountRemoval) ?? false,
  };
}

function operationOut(set: SimStackSet, op: SimStackSetOperation): Record<string, unknown> {
  return {
    OperationId: op.operationId,
    StackSetId: set.stackSetId,
    Action: op.action,
    Status: op.status,
    StatusReason: op.statusReason,
    OperationPreferences: preferencesOut(op.preferences),
    RetainStacks: op.retainStacks,
    AdministrationRoleARN: set.administrationRoleArn,
    ExecutionRoleName: set.executionRoleName,
    CreationTimestamp: new Date(op.creationTimestamp),
    EndTimestamp: ts(op.endTimestamp),
    DeploymentTargets: targetsOut(op.deploymentTargets),
    StackSetDriftDetectionDetails:
      op.action === 'DETECT_DRIFT' ? driftDetailsOut(op.driftDetails ?? driftDetailsOf(set, op)) : undefined,
    StatusDetails: { FailedStackInstancesCount: op.units.filter((u) => u.status === 'FAILED').length },
  };
}

function instanceOut(set: SimStackSet, i: SimStackInstance): Record<string, unknown> {
  return {
    StackSetId: set.stackSetId,
    Region: i.region,
    Account: i.accountId,
    StackId: i.stackId,
    Status: i.status,
    StatusReason: i.statusReason,
    StackInstanceStatus: { DetailedStatus: i.detailedStatus },
    OrganizationalUnitId: i.organizationalUnitId,
    DriftStatus: i.driftStatus,
    LastDriftCheckTimestamp: ts(i.lastDriftCheckTimestamp),
    LastOperationId: i.lastOperationId,
  };
}

/** Regions from the request; the SDK requires at least one for instance operations. */
function regionsOf(input: Fields): string[] {
  const regions = [...new Set(strings(input.Regions))];
  if (regions.length === 0) throw validationError('Regions must contain at least one region');
  return regions;
}

/**
 * Deploy, or skip a suspended (or closed) account of a service-managed stack set. StackSets skips them in every
 * operation that deploys, create and update alike, and marks the instance SKIPPED_SUSPENDED_ACCOUNT (CloudFormation
 * API update of 2023-06-07, aws-sdk-go release v1.44.278; StackInstanceComprehensiveStatus in the API reference).
 */
function deployKind(world: World, set: SimStackSet, accountId: string): 'deploy' | 'skip-suspended' {
  const state = world.org.accounts.get(accountId)?.state;
  return set.permissionModel === 'SERVICE_MANAGED' && state !== 'ACTIVE' ? 'skip-suspended' : 'deploy';
}

/** Account × region units for new instances. */
function deployUnits(
  world: World,
  set: SimStackSet,
  targets: DeploymentTargets,
  regions: string[],
): OperationRequestUnits {
  const accounts = resolveTargets(world, set, targets);
  return accounts.flatMap(({ accountId, organizationalUnitId }) => {
    const kind = deployKind(world, set, accountId);
    return regions.map((region) => ({ accountId, region, organizationalUnitId, kind }));
  });
}

/** Units that bring existing instances up to date (UpdateStackSet, UpdateStackInstances). */
function redeployUnits(world: World, set: SimStackSet, instances: readonly SimStackInstance[]): OperationRequestUnits {
  return instances.map((i) => ({
    accountId: i.accountId,
    region: i.region,
    organizationalUnitId: i.organizationalUnitId,
    kind: deployKind(world, set, i.accountId),
  }));
}

/** The OU stops being a target in `regions` only; it stays one while it is targeted in any other region. */
function untargetOu(set: SimStackSet, ou: string, regions: readonly string[]): void {
  const ouRegions = set.targetOus.get(ou);
  if (!ouRegions) return;
  for (const region of regions) ouRegions.delete(region);
  if (ouRegions.size === 0) set.targetOus.delete(ou);
}

type OperationRequestUnits = Array<Pick<OperationUnit, 'accountId' | 'region' | 'organizationalUnitId' | 'kind'>>;

/** One unit of `kind` per existing instance. */
function unitsFor(instances: readonly SimStackInstance[], kind: OperationUnit['kind']): OperationRequestUnits {
  return instances.map((i) => ({
    accountId: i.accountId,
    region: i.region,
    organizationalUnitId: i.organizationalUnitId,
    kind,
  }));
}

/** Existing instances the targets reach (for update and delete). */
function existingInstances(
  world: World,
  set: SimStackSet,
  targets: DeploymentTargets,
  regions: string[],
): SimStackInstance[] {
  const accounts = new Set(resolveTargets(world, set, targets).map((a) => a.accountId));
  // An instance still tagged with a targeted OU (its account may have moved) belongs to the OU target, unless the
  // account filter narrows the OU to chosen accounts (INTERSECTION) or away from them (DIFFERENCE).
  const filtered = targets.accountFilterType === 'INTERSECTION' || targets.accountFilterType === 'DIFFERENCE';
  const ous = new Set(filtered ? [] : targets.organizationalUnitIds);
  return [...set.instances.values()].filter(
    (i) =>
      regions.includes(i.region) &&
      (accounts.has(i.accountId) || (i.organizationalUnitId !== undefined && ous.has(i.organizationalUnitId))),
  );
}

function operationStarted(
  world: World,
  set: SimStackSet,
  input: Fields,
  action: StackSetOperationAction,
  units: OperationRequestUnits,
  extra: Pick<OperationRequest, 'regions' | 'deploymentTargets' | 'retainStacks' | 'overrides'>,
): Record<string, unknown> {
  const op = startOperation(world, set, {
    action,
    units,
    operationId: str(input.OperationId),
    preferences: preferencesOf(input.OperationPreferences),
    ...extra,
  });
  return { OperationId: op.operationId };
}

/** A stack set's parameters checked against its template (CreateStackSet and UpdateStackSet report them). */
function checkParameters(
  templateBody: string,
  parameters: Record<string, string>,
  overrides: Record<string, string>[] = [],
): void {
  const template = parseTemplate(templateBody);
  const given = { ...parameters };
  for (const o of overrides) Object.assign(given, o);
  const missingIsFine = (e: unknown) => e instanceof SimServiceError && e.message.endsWith('must have values');
  try {
    resolveParameters(template, given);
  } catch (e) {
    // A stack set may leave a parameter to per-instance ParameterOverrides.
    if (!missingIsFine(e)) throw e;
  }
}

const stackSetHandlers: ServiceHandlers = {
  CreateStackSet(world, request) {
    attachStackSetEngine(world);
    const input = request.input;
    const name = required(input, 'StackSetName');
    // The model leaves StackSetName unconstrained; the API reference documents the rule (CreateStackSet).
    if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) {
      throw validationError(
        `1 validation error detected: Value '${name}' at 'stackSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
      );
    }
    if (!seesManagementStackSets(world, request)) {
      throw validationError(
        'The simulator keeps stack sets only in the management account (use CallAs DELEGATED_ADMIN)',
      );
    }
    const sets = world.stackSetsIn(request.region);
    if (sets.get(name)?.status === 'ACTIVE') {
      throw new SimServiceError('NameAlreadyExistsException', `StackSet ${name} already exists`, 409);
    }
    const permissionModel = str(input.PermissionModel) === 'SERVICE_MANAGED' ? 'SERVICE_MANAGED' : 'SELF_MANAGED';
    if (permissionModel === 'SERVICE_MANAGED') checkServiceManagedAllowed(world);
    const templateBody = required(input, 'TemplateBody');
    const capabilities = strings(input.Capabilities);
    validateTemplate(templateBody, capabilities);
    const parameters = parametersOf(input.Parameters);
    checkParameters(templateBody, parameters);
    const autoDeployment = autoDeploymentOf(input.AutoDeployment);
    if (autoDeployment && permissionModel === 'SELF_MANAGED') {
      throw validationError('AutoDeployment is only supported for SERVICE_MANAGED stack sets');
    }
    const uuid = simUuid(world);
    const set: SimStackSet = {
      stackSetName: name,
      stackSetId: `${name}:${uuid}`,
      arn: `arn:aws:cloudformation:${request.region}:${world.org.managementAccountId}:stackset/${name}:${uuid}`,
      region: request.region,
      status: 'ACTIVE',
      description: str(input.Description),
      templateBody,
      parameters,
      tags: tagsOf(input.Tags),
      capabilities,
      permissionModel,
      autoDeployment,
      managedExecution: bool(fieldsOf(input.ManagedExecution).Active) ?? false,
      administrationRoleArn: str(input.AdministrationRoleARN),
      executionRoleName: str(input.ExecutionRoleName),
      operations: new Map(),
      operationQueue: [],
      instances: new Map(),
      targetOus: new Map(),
      regions: new Set(),
      extra: {},
    };
    sets.set(name, set);
    return { StackSetId: set.stackSetId };
  },

  UpdateStackSet(world, request) {
    const set = findStackSet(world, request);
    const input = request.input;
    if (isBusy(set) && !set.managedExecution) {
      throw new SimServiceError(
        'OperationInProgressException',
        `Another Operation on StackSet ${set.stackSetId} is in progress`,
        409,
      );
    }
    const templateBody = bool(input.UsePreviousTemplate)
      ? set.templateBody
      : (str(input.TemplateBody) ?? set.templateBody);
    const capabilities = input.Capabilities === undefined ? set.capabilities : strings(input.Capabilities);
    validateTemplate(templateBody, capabilities);
    const parameters = input.Parameters === undefined ? set.parameters : parametersOf(input.Parameters, set.parameters);
    checkParameters(templateBody, parameters);
    const managedExecution = bool(fieldsOf(input.ManagedExecution).Active);
    if (managedExecution !== undefined && managedExecution !== set.managedExecution && isBusy(set)) {
      throw validationError('ManagedExecution cannot be changed while operations are running or queued');
    }
    Object.assign(set, {
      templateBody,
      capabilities,
      parameters,
      description: str(input.Description) ?? set.description,
      tags: input.Tags === undefined ? set.tags : tagsOf(input.Tags),
      autoDeployment: autoDeploymentOf(input.AutoDeployment) ?? set.autoDeployment,
      managedExecution: managedExecution ?? set.managedExecution,
      administrationRoleArn: str(input.AdministrationRoleARN) ?? set.administrationRoleArn,
      executionRoleName: str(input.ExecutionRoleName) ?? set.executionRoleName,
    });
    const targets = targetsOf(input);
    const limited =
      strings(input.Regions).length > 0 || targets.accounts.length > 0 || targets.organizationalUnitIds.length > 0;
    const instances = limited ? existingInstances(world, set, targets, regionsOf(input)) : [...set.instances.values()];
    const units = redeployUnits(world, set, instances);
    return operationStarted(world, set, input, 'UPDATE', units, {
      regions: [...new Set(instances.map((i) => i.region))],
      deploymentTargets: limited ? targets : undefined,
    });
  },

  DescribeStackSet(world, request) {
    const set = findStackSet(world, request);
    return {
      StackSet: {
        StackSetName: set.stackSetName,
        StackSetId: set.stackSetId,
        Description: set.description,
        Status: set.status,
        TemplateBody: set.templateBody,
        Parameters: parametersOut(set.parameters),
        Capabilities: set.capabilities,
        Tags: tagsOut(set.tags),
        StackSetARN: set.arn,
        AdministrationRoleARN: set.administrationRoleArn,
        ExecutionRoleName: set.executionRoleName,
        StackSetDriftDetectionDetails: driftDetailsOut(set.driftDetection),
        AutoDeployment: autoDeploymentOut(set),
        PermissionModel: set.permissionModel,
        OrganizationalUnitIds: [...set.targetOus.keys()],
        ManagedExecution: { Active: set.managedExecution },
        Regions: [...set.regions],
      },
    };
  },

  ListStackSets(world, request) {
    attachStackSetEngine(world);
    const wanted = str(request.input.Status);
    const sets = seesManagementStackSets(world, request) ? [...world.stackSetsIn(request.region).values()] : [];
    const { items, NextToken } = page(
      sets.filter((s) => wanted === undefined || s.status === wanted),
      request.input,
    );
    return {
      Summaries: items.map((s) => ({
        StackSetName: s.stackSetName,
        StackSetId: s.stackSetId,
        Description: s.description,
        Status: s.status,
        AutoDeployment: autoDeploymentOut(s),
        PermissionModel: s.permissionModel,
        DriftStatus: s.driftDetection?.driftStatus ?? 'NOT_CHECKED',
        LastDriftCheckTimestamp: ts(s.driftDetection?.lastDriftCheckTimestamp),
        ManagedExecution: { Active: s.managedExecution },
      })),
      NextToken,
    };
  },

  DeleteStackSet(world, request) {
    // The model names no not-found error for DeleteStackSet: deleting one that is gone succeeds, as DeleteStack
    // does (github.com/aws/aws-cli/issues/6302). See docs/simulator.md.
    let set: SimStackSet;
    try {
      set = findStackSet(world, request);
    } catch (error) {
      if (error instanceof SimServiceError && error.code === 'StackSetNotFoundException') return {};
      throw error;
    }
    if (set.instances.size > 0) {
      throw new SimServiceError('StackSetNotEmptyException', `StackSet ${set.stackSetName} is not empty`, 409);
    }
    if (isBusy(set)) {
      throw new SimServiceError(
        'OperationInProgressException',
        `Another Operation on StackSet ${set.stackSetId} is in progress`,
        409,
      );
    }
    set.status = 'DELETED';
    world.stackSetsIn(request.region).delete(set.stackSetName);
    return {};
  },

  CreateStackInstances(world, request) {
    const set = findStackSet(world, request);
    const input = request.input;
    const targets = targetsOf(input);
    const regions = regionsOf(input);
    if (set.permissionModel === 'SERVICE_MANAGED' && targets.organizationalUnitIds.length === 0) {
      throw validationError('DeploymentTargets.OrganizationalUnitIds is required for SERVICE_MANAGED stack sets');
    }
    if (set.permissionModel === 'SELF_MANAGED' && targets.accounts.length === 0) {
      throw validationError('Accounts are required for SELF_MANAGED stack sets');
    }
    const overrides = parametersOf(input.ParameterOverrides);
    checkParameters(set.templateBody, set.parameters, [overrides]);
    const units = deployUnits(world, set, targets, regions);
    const result = operationStarted(world, set, input, 'CREATE', units, {
      regions,
      deploymentTargets: targets,
      overrides: input.ParameterOverrides === undefined ? undefined : () => ({ ...overrides }),
    });
    for (const ou of targets.organizationalUnitIds) {
      const ouRegions = set.targetOus.get(ou) ?? new Set<string>();
      for (const region of regions) ouRegions.add(region);
      set.targetOus.set(ou, ouRegions);
    }
    for (const region of regions) set.regions.add(region);
    return result;
  },

  UpdateStackInstances(world, request) {
    const set = findStackSet(world, request);
    const input = request.input;
    const targets = targetsOf(input);
    const regions = regionsOf(input);
    const instances = existingInstances(world, set, targets, regions);
    if (instances.length === 0) {
      throw new SimServiceError(
        'StackInstanceNotFoundException',
        `No stack instances found for StackSet ${set.stackSetName} with the given targets`,
        404,
      );
    }
    // The list replaces the overrides; UsePreviousValue keeps an override's present value.
    const overrides = (current: Record<string, string>) => parametersOf(input.ParameterOverrides, current);
    checkParameters(
      set.templateBody,
      set.parameters,
      instances.map((i) => overrides(i.parameterOverrides)),
    );
    const units = redeployUnits(world, set, instances);
    return operationStarted(world, set, input, 'UPDATE', units, {
      regions,
      deploymentTargets: targets,
      overrides: input.ParameterOverrides === undefined ? undefined : overrides,
    });
  },

  DeleteStackInstances(world, request) {
    const set = findStackSet(world, request);
    const input = request.input;
    const retainStacks = bool(input.RetainStacks);
    if (retainStacks === undefined) throw validationError('RetainStacks is required');
    const targets = targetsOf(input);
    const regions = regionsOf(input);
    const instances = existingInstances(world, set, targets, regions);
    const units = unitsFor(instances, 'delete');
    const result = operationStarted(world, set, input, 'DELETE', units, {
      regions,
      deploymentTargets: targets,
      retainStacks,
    });
    if (targets.accountFilterType === undefined || targets.accountFilterType === 'NONE') {
      for (const ou of targets.organizationalUnitIds) untargetOu(set, ou, regions);
    }
    return result;
  },

  ListStackInstances(world, request) {
    const set = findStackSet(world, request);
    const input = request.input;
    const account = str(input.StackInstanceAccount);
    const region = str(input.StackInstanceRegion);
    const filters = (Array.isArray(input.Filters) ? input.Filters : []) as Array<{ Name?: string; Values?: string }>;
    if (filters.length > 3) throw validationError('At most 3 filters are allowed');
    const matches = (i: SimStackInstance) =>
      filters.every((f) => {
        const value = str(f.Values);
        if (f.Name === 'DETAILED_STATUS') return i.detailedStatus === value;
        if (f.Name === 'LAST_OPERATION_ID') return i.lastOperationId === value;
        if (f.Name === 'DRIFT_STATUS') return i.driftStatus === value;
        throw validationError(`Unknown filter name ${String(f.Name)}`);
      });
    const instances = [...set.instances.values()].filter(
      (i) =>
        (account === undefined || i.accountId === account) &&
        (region === undefined || i.region === region) &&
        matches(i),
    );
    const { items, NextToken } = page(instances, input);
    return { Summaries: items.map((i) => instanceOut(set, i)), NextToken };
  },

  DescribeStackInstance(world, request) {
    const set = findStackSet(world, request);
    const input = request.input;
    const instance = findInstance(set, required(input, 'StackInstanceAccount'), required(input, 'StackInstanceRegion'));
    return {
      StackInstance: { ...instanceOut(set, instance), ParameterOverrides: parametersOut(instance.parameterOverrides) },
    };
  },

  DescribeStackSetOperation(world, request) {
    const set = findStackSet(world, request);
    return { StackSetOperation: operationOut(set, findOperation(set, required(request.input, 'OperationId'))) };
  },

  ListStackSetOperations(world, request) {
    const set = findStackSet(world, request);
    const newestFirst = [...set.operations.values()].reverse();
    const { items, NextToken } = page(newestFirst, request.input);
    return {
      Summaries: items.map((op) => {
        const {
          OperationId,
          Action,
          Status,
          StatusReason,
          CreationTimestamp,
          EndTimestamp,
          StatusDetails,
          OperationPreferences,
        } = operationOut(set, op);
        return {
          OperationId,
          Action,
          Status,
          StatusReason,
          CreationTimestamp,
          EndTimestamp,
          StatusDetails,
          OperationPreferences,
        };
      }),
      NextToken,
    };
  },

  ListStackSetOperationResults(world, request) {
    const set = findStackSet(world, request);
    const op = findOperation(set, required(request.input, 'OperationId'));
    const { items, NextToken } = page(op.units, request.input);
    return {
      Summaries: items.map((u) => ({
        Account: u.accountId,
        Region: u.region,
        Status: u.status,
        StatusReason: u.statusReason,
        OrganizationalUnitId: u.organizationalUnitId,
        AccountGateResult: { Status: 'SKIPPED', StatusReason: 'AccountGate is not configured' },
      })),
      NextToken,
    };
  },

  StopStackSetOperation(world, request) {
    const set = findStackSet(world, request);
    stopOperation(world, set, findOperation(set, required(request.input, 'OperationId')));
    return {};
  },

  DetectStackSetDrift(world, request) {
    const set = findStackSet(world, request);
    const instances = [...set.instances.values()];
    const units = unitsFor(instances, 'detect-drift');
    return operationStarted(world, set, request.input, 'DETECT_DRIFT', units, {
      regions: [...new Set(instances.map((i) => i.region))],
    });
  },

  ListStackInstanceResourceDrifts(world, request) {
    const set = findStackSet(world, request);
    const input = request.input;
    const op = findOperation(set, required(input, 'OperationId'));
    const key = instanceKey(required(input, 'StackInstanceAccount'), required(input, 'StackInstanceRegion'));
    const statuses = strings(input.StackInstanceResourceDriftStatuses);
    const drifts = (op.resourceDrifts.get(key) ?? []).filter(
      (d) => statuses.length === 0 || statuses.includes(d.status),
    );
    const { items, NextToken } = page(drifts, input);
    return {
      Summaries: items.map((d) => ({
        StackId: d.stackId,
        LogicalResourceId: d.logicalResourceId,
        PhysicalResourceId: d.physicalResourceId,
        ResourceType: d.resourceType,
        StackResourceDriftStatus: d.status,
        Timestamp: new Date(d.timestamp),
        PropertyDifferences: d.propertyDifferences.map((p) => ({
          PropertyPath: p.propertyPath,
          ExpectedValue: p.expectedValue,
          ActualValue: p.actualValue,
          DifferenceType: p.differenceType,
        })),
      })),
      NextToken,
    };
  },

  ActivateOrganizationsAccess(world, request) {
    if (request.caller.accountId !== world.org.managementAccountId && !seesManagementStackSets(world, request)) {
      throw validationError(
        'Only the management account or a delegated administrator can activate organizations access',
      );
    }
    world.org.trustedServices.add(STACKSETS_PRINCIPAL);
    return {};
  },

  DescribeOrganizationsAccess(world, request) {
    seesManagementStackSets(world, request);
    return { Status: world.org.trustedServices.has(STACKSETS_PRINCIPAL) ? 'ENABLED' : 'DISABLED' };
  },
};

/** CloudFormation (StackSets and plain stacks). */
export const cloudFormationHandlers: ServiceHandlers = { ...stackSetHandlers, ...plainStackHandlers };
