/**
 * Stack set operations as discrete events in simulated time. An operation is a list of account × region
 * units; regions run one after another (SEQUENTIAL, RegionOrder first) or together (PARALLEL); within a
 * region at most MaxConcurrent units run at once (STRICT_FAILURE_TOLERANCE also caps it at tolerance + 1
 * minus the failures so far); a region whose failures exceed the tolerance stops, its remaining units are
 * CANCELLED, later regions are not attempted and the operation ends FAILED. One operation runs at a time
 * per stack set; others wait in the queue (ManagedExecution, auto-deployment) or are refused.
 */
import { SimServiceError } from '../core/errors.js';
import type { World } from './world.js';
import { applyTemplate, removeStack } from './template-engine.js';
import { detectStackDrift } from './drift.js';
import { targetedAncestor } from './stackset-targets.js';
import {
  instanceKey,
  type DeploymentTargets,
  type DriftDetectionDetails,
  type OperationPreferences,
  type OperationUnit,
  type SimStackInstance,
  type SimStackSet,
  type SimStackSetOperation,
  type StackSetOperationAction,
} from './stackset-types.js';

export const DEFAULT_EXECUTION_ROLE = 'AWSCloudFormationStackSetExecutionRole';
export const DEFAULT_ADMINISTRATION_ROLE = 'AWSCloudFormationStackSetAdministrationRole';

export const DEFAULT_PREFERENCES: OperationPreferences = {
  regionConcurrencyType: 'SEQUENTIAL',
  regionOrder: [],
  concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
};

/** A random version-4-looking UUID from the world's seeded generator. */
export function simUuid(world: World): string {
  const hex = world.newId('', 32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export interface OperationRequest {
  action: StackSetOperationAction;
  /** Planned units (their status is set here). */
  units: Array<Pick<OperationUnit, 'accountId' | 'region' | 'organizationalUnitId' | 'kind'>>;
  regions: string[];
  preferences?: OperationPreferences;
  operationId?: string;
  isAutoDeployment?: boolean;
  retainStacks?: boolean;
  deploymentTargets?: DeploymentTargets;
  /** New ParameterOverrides of each deployed instance, from its current ones (applied when the operation starts). */
  overrides?: (current: Record<string, string>) => Record<string, string>;
}

/** Per region progress of a running operation (engine-private). */
interface RegionProgress {
  region: string;
  pending: OperationUnit[];
  running: number;
  failed: number;
  maxConcurrent: number;
  tolerance: number;
  stopped: boolean;
}

const progressOf = new WeakMap<SimStackSetOperation, RegionProgress[]>();
const overridesOf = new WeakMap<SimStackSetOperation, NonNullable<OperationRequest['overrides']>>();

/** Whether an operation is running, stopping or waiting on this stack set. */
export function isBusy(set: SimStackSet): boolean {
  return (
    set.operationQueue.length > 0 ||
    [...set.operations.values()].some((op) => op.status === 'RUNNING' || op.status === 'STOPPING')
  );
}

/**
 * Starts an operation, or queues it when another one is running and the stack set has ManagedExecution (or
 * the operation is an auto-deployment). Throws OperationIdAlreadyExistsException / OperationInProgressException.
 */
export function startOperation(world: World, set: SimStackSet, request: OperationRequest): SimStackSetOperation {
  const operationId = request.operationId ?? simUuid(world);
  if (set.operations.has(operationId)) {
    throw new SimServiceError(
      'OperationIdAlreadyExistsException',
      `The operation id ${operationId} already exists`,
      409,
    );
  }
  const busy = isBusy(set);
  if (busy && !set.managedExecution && !request.isAutoDeployment) {
    throw new SimServiceError(
      'OperationInProgressException',
      `Another Operation on StackSet ${set.stackSetId} is in progress`,
      409,
    );
  }
  const op: SimStackSetOperation = {
    operationId,
    action: request.action,
    status: 'QUEUED',
    creationTimestamp: world.now(),
    preferences: request.preferences ?? DEFAULT_PREFERENCES,
    isAutoDeployment: request.isAutoDeployment ?? false,
    retainStacks: request.retainStacks,
    deploymentTargets: request.deploymentTargets,
    regions: request.regions,
    templateBody: set.templateBody,
    parameters: { ...set.parameters },
    units: request.units.map((u) => ({ ...u, status: 'PENDING' })),
    resourceDrifts: new Map(),
    engine: { running: 0, peakConcurrency: 0, peakConcurrencyByRegion: {}, regionsStopped: [] },
  };
  set.operations.set(operationId, op);
  if (request.overrides) overridesOf.set(op, request.overrides);
  if (busy) set.operationQueue.push(operationId);
  else begin(world, set, op);
  return op;
}

/** Asks a running operation to stop: units not yet started are CANCELLED; running ones finish. */
export function stopOperation(world: World, set: SimStackSet, op: SimStackSetOperation): void {
  if (op.status === 'QUEUED') {
    set.operationQueue = set.operationQueue.filter((id) => id !== op.operationId);
    for (const unit of op.units) unit.status = 'CANCELLED';
    finish(world, set, op, 'STOPPED');
    return;
  }
  if (op.status !== 'RUNNING') {
    throw new SimServiceError(
      'InvalidOperationException',
      `Operation ${op.operationId} is ${op.status} and cannot be stopped`,
    );
  }
  op.status = 'STOPPING';
  pump(world, set, op);
}

function percentOf(percentage: number, total: number): number {
  return Math.floor((percentage * total) / 100);
}

function regionsInOrder(op: SimStackSetOperation): string[] {
  if (op.isAutoDeployment) return op.regions;
  const first = op.preferences.regionOrder.filter((r) => op.regions.includes(r));
  return [...first, ...op.regions.filter((r) => !first.includes(r))];
}

function planRegions(op: SimStackSetOperation): RegionProgress[] {
  const p = op.preferences;
  return regionsInOrder(op).map((region) => {
    const pending = op.units.filter((u) => u.region === region && u.status === 'PENDING');
    const total = pending.length;
    const tolerance =
      p.failureToleranceCount ??
      (p.failureTolerancePercentage === undefined ? 0 : percentOf(p.failureTolerancePercentage, total));
    const maxConcurrent = Math.max(
      1,
      p.maxConcurrentCount ??
        (p.maxConcurrentPercentage === undefined ? 1 : percentOf(p.maxConcurrentPercentage, total)),
    );
    return { region, pending, running: 0, failed: 0, maxConcurrent, tolerance, stopped: false };
  });
}

function newInstance(unit: OperationUnit): SimStackInstance {
  return {
    accountId: unit.accountId,
    region: unit.region,
    organizationalUnitId: unit.organizationalUnitId,
    status: 'OUTDATED',
    detailedStatus: 'PENDING',
    driftStatus: 'NOT_CHECKED',
    parameterOverrides: {},
  };
}

function begin(world: World, set: SimStackSet, op: SimStackSetOperation): void {
  op.status = 'RUNNING';
  for (const unit of op.units) {
    const key = instanceKey(unit.accountId, unit.region);
    if (unit.kind === 'detect-drift') continue;
    const instance = set.instances.get(key) ?? newInstance(unit);
    set.instances.set(key, instance);
    instance.lastOperationId = op.operationId;
    if (unit.organizationalUnitId) instance.organizationalUnitId = unit.organizationalUnitId;
    if (unit.kind === 'skip-suspended') {
      const state = world.org.accounts.get(unit.accountId)?.state ?? 'SUSPENDED';
      unit.status = 'CANCELLED';
      unit.statusReason = `Account ${unit.accountId} is ${state}; the stack instance was skipped.`;
      instance.status = 'OUTDATED';
      instance.detailedStatus = 'SKIPPED_SUSPENDED_ACCOUNT';
      instance.statusReason = unit.statusReason;
      continue;
    }
    instance.detailedStatus = 'PENDING';
    if (unit.kind !== 'deploy') continue;
    instance.status = 'OUTDATED';
    const overrides = overridesOf.get(op);
    if (overrides) instance.parameterOverrides = overrides(instance.parameterOverrides);
  }
  overridesOf.delete(op);
  progressOf.set(op, planRegions(op));
  pump(world, set, op);
}

/** The concurrency a region may use now. */
function regionLimit(op: SimStackSetOperation, progress: RegionProgress): number {
  if (op.isAutoDeployment) return 1;
  if (op.preferences.concurrencyMode === 'SOFT_FAILURE_TOLERANCE') return progress.maxConcurrent;
  return Math.max(1, Math.min(progress.maxConcurrent, progress.tolerance + 1 - progress.failed));
}

function cancelPending(set: SimStackSet, progress: RegionProgress, reason: string): void {
  for (const unit of progress.pending.splice(0)) {
    unit.status = 'CANCELLED';
    unit.statusReason = reason;
    const instance = set.instances.get(instanceKey(unit.accountId, unit.region));
    if (instance && unit.kind !== 'detect-drift') {
      instance.detailedStatus = 'CANCELLED';
      instance.statusReason = reason;
    }
  }
}

/** Starts whatever may start now and ends the operation when nothing is left. */
function pump(world: World, set: SimStackSet, op: SimStackSetOperation): void {
  const regions = progressOf.get(op) ?? [];
  if (op.status === 'STOPPING') {
    for (const r of regions) cancelPending(set, r, 'Cancelled since the operation was stopped by the user.');
  }
  const sequential = op.isAutoDeployment || op.preferences.regionConcurrencyType === 'SEQUENTIAL';
  let blockedByEarlierRegion = false;
  for (const progress of regions) {
    if (blockedByEarlierRegion) break;
    if (progress.stopped && sequential) {
      for (const later of regions) {
        cancelPending(set, later, 'Cancelled since failure tolerance has exceeded');
      }
    }
    while (!progress.stopped && progress.pending.length > 0 && progress.running < regionLimit(op, progress)) {
      startUnit(world, set, op, progress, progress.pending.shift()!);
    }
    if (sequential && (progress.running > 0 || progress.pending.length > 0 || progress.stopped))
      blockedByEarlierRegion = true;
  }
  const idle = regions.every((r) => r.running === 0 && r.pending.length === 0);
  if (!idle) return;
  if (op.status === 'STOPPING') finish(world, set, op, 'STOPPED');
  else finish(world, set, op, op.engine.regionsStopped.length > 0 ? 'FAILED' : 'SUCCEEDED');
}

function startUnit(
  world: World,
  set: SimStackSet,
  op: SimStackSetOperation,
  progress: RegionProgress,
  unit: OperationUnit,
): void {
  unit.status = 'RUNNING';
  const instance = set.instances.get(instanceKey(unit.accountId, unit.region));
  if (instance && unit.kind !== 'detect-drift') instance.detailedStatus = 'RUNNING';
  progress.running++;
  op.engine.running++;
  op.engine.peakConcurrency = Math.max(op.engine.peakConcurrency, op.engine.running);
  op.engine.peakConcurrencyByRegion[unit.region] = Math.max(
    op.engine.peakConcurrencyByRegion[unit.region] ?? 0,
    progress.running,
  );
  const duration = unit.kind === 'detect-drift' ? world.timing.driftDetectionMs : world.timing.stackInstanceMs;
  world.schedule(duration, `stackset ${set.stackSetName} ${op.action} ${unit.accountId}/${unit.region}`, () => {
    const failure = runUnit(world, set, op, unit);
    progress.running--;
    op.engine.running--;
    unit.status = failure === undefined ? 'SUCCEEDED' : 'FAILED';
    unit.statusReason = failure;
    if (failure !== undefined) {
      progress.failed++;
      if (progress.failed > progress.tolerance && !progress.stopped) {
        progress.stopped = true;
        op.engine.regionsStopped.push(progress.region);
        cancelPending(set, progress, 'Cancelled since failure tolerance has exceeded');
      }
    }
    pump(world, set, op);
  });
}

/** Does one unit's work; returns the failure's status reason, or undefined when it succeeded. */
function runUnit(world: World, set: SimStackSet, op: SimStackSetOperation, unit: OperationUnit): string | undefined {
  const key = instanceKey(unit.accountId, unit.region);
  const instance = set.instances.get(key);
  if (!instance) return undefined;
  switch (unit.kind) {
    case 'deploy':
      return deployInstance(world, set, op, instance);
    case 'delete':
      if (instance.stack) {
        if (op.retainStacks)
          world.region(unit.accountId, unit.region).stacks.set(instance.stack.stackName, instance.stack);
        else removeStack(world, instance.stack);
      }
      set.instances.delete(key);
      return undefined;
    case 'detect-drift': {
      if (!instance.stack) {
        instance.driftStatus = 'NOT_CHECKED';
        return undefined;
      }
      const drifts = detectStackDrift(world, instance.stack);
      op.resourceDrifts.set(key, drifts);
      instance.driftStatus = drifts.some((d) => d.status !== 'IN_SYNC') ? 'DRIFTED' : 'IN_SYNC';
      instance.lastDriftCheckTimestamp = world.now();
      return undefined;
    }
    case 'skip-suspended':
      return undefined;
  }
}

/** Why a self-managed target cannot be reached, if it cannot (the execution role is missing or does not trust us). */
function executionRoleProblem(world: World, set: SimStackSet, accountId: string): string | undefined {
  if (set.permissionModel !== 'SELF_MANAGED') return undefined;
  const roleName = set.executionRoleName ?? DEFAULT_EXECUTION_ROLE;
  const adminRole = set.administrationRoleArn?.split('/').pop() ?? DEFAULT_ADMINISTRATION_ROLE;
  const role = world.accountIam(accountId).roles.get(roleName);
  const adminAccount = world.org.managementAccountId;
  if (role && (accountId === adminAccount || role.trustedAccountIds.includes(adminAccount))) return undefined;
  return `Account ${accountId} should have '${roleName}' role with trust relationship to Role '${adminRole}'.`;
}

function deployInstance(
  world: World,
  set: SimStackSet,
  op: SimStackSetOperation,
  instance: SimStackInstance,
): string | undefined {
  const fail = (reason: string): string => {
    instance.status = 'OUTDATED';
    instance.detailedStatus = 'FAILED';
    instance.statusReason = reason;
    return reason;
  };
  const fault = world.faults.failingInstances.find(
    (f) => f.accountId === instance.accountId && (f.region === undefined || f.region === instance.region),
  );
  if (fault) return fail(fault.reason);
  const roleProblem = executionRoleProblem(world, set, instance.accountId);
  if (roleProblem) return fail(roleProblem);
  const uuid = simUuid(world);
  const stackName = instance.stack?.stackName ?? `StackSet-${set.stackSetName}-${uuid}`;
  const stackId =
    instance.stackId ??
    `arn:aws:cloudformation:${instance.region}:${instance.accountId}:stack/${stackName}/${simUuid(world)}`;
  instance.stackId = stackId;
  const result = applyTemplate(world, {
    accountId: instance.accountId,
    region: instance.region,
    stackId,
    stackName,
    templateBody: op.templateBody,
    parameters: { ...op.parameters, ...instance.parameterOverrides },
    previous: instance.stack,
  });
  if (!result.ok) {
    if (instance.stack) instance.stack = result.stack;
    return fail(result.statusReason);
  }
  instance.stack = result.stack;
  instance.status = 'CURRENT';
  instance.detailedStatus = 'SUCCEEDED';
  instance.statusReason = undefined;
  return undefined;
}

/** StackSetDriftDetectionDetails of a drift detection operation, as far as it has got. */
export function driftDetailsOf(set: SimStackSet, op: SimStackSetOperation): DriftDetectionDetails {
  const units = op.units.filter((u) => u.kind === 'detect-drift');
  const statusOf = (u: OperationUnit) => set.instances.get(instanceKey(u.accountId, u.region))?.driftStatus;
  const done = units.filter((u) => u.status === 'SUCCEEDED');
  const drifted = done.filter((u) => statusOf(u) === 'DRIFTED').length;
  const inSync = done.filter((u) => statusOf(u) === 'IN_SYNC').length;
  const failed = units.filter((u) => u.status === 'FAILED').length;
  const inProgress = units.filter((u) => u.status === 'PENDING' || u.status === 'RUNNING').length;
  const finished = op.status === 'SUCCEEDED' || op.status === 'FAILED' || op.status === 'STOPPED';
  return {
    driftStatus: drifted > 0 ? 'DRIFTED' : done.length > 0 ? 'IN_SYNC' : 'NOT_CHECKED',
    driftDetectionStatus: !finished
      ? 'IN_PROGRESS'
      : op.status === 'STOPPED'
        ? 'STOPPED'
        : failed === 0
          ? 'COMPLETED'
          : failed === units.length
            ? 'FAILED'
            : 'PARTIAL_SUCCESS',
    lastDriftCheckTimestamp: finished ? op.endTimestamp : undefined,
    total: units.length,
    drifted,
    inSync,
    inProgress,
    failed,
  };
}

function finish(
  world: World,
  set: SimStackSet,
  op: SimStackSetOperation,
  status: 'SUCCEEDED' | 'FAILED' | 'STOPPED',
): void {
  op.status = status;
  op.endTimestamp = world.now();
  if (status === 'FAILED') op.statusReason = 'The Operation failed because failure tolerance was exceeded.';
  if (op.action === 'DETECT_DRIFT') {
    op.driftDetails = driftDetailsOf(set, op);
    set.driftDetection = op.driftDetails;
  }
  progressOf.delete(op);
  const nextId = set.operationQueue.shift();
  const next = nextId === undefined ? undefined : set.operations.get(nextId);
  if (next) begin(world, set, next);
}

/**
 * Auto-deployment: brings one account's instances in line with where it now sits in the organization.
 * An ACTIVE account under a targeted OU gets instances in the regions that OU is targeted in; one that left every
 * targeted OU has its instances deleted (keeping the stacks when RetainStacksOnAccountRemoval).
 */
export function reconcileAutoDeployment(world: World, accountId: string): void {
  const account = world.org.accounts.get(accountId);
  if (!account || accountId === world.org.managementAccountId) return;
  for (const sets of world.stackSets.values()) {
    for (const set of sets.values()) {
      if (set.status !== 'ACTIVE' || set.permissionModel !== 'SERVICE_MANAGED' || !set.autoDeployment?.enabled)
        continue;
      const ou = targetedAncestor(world, account.parentId, set.targetOus);
      const existing = [...set.instances.values()].filter((i) => i.accountId === accountId);
      if (ou !== undefined && account.state === 'ACTIVE') {
        for (const instance of existing) instance.organizationalUnitId = ou;
        const regions = [...(set.targetOus.get(ou) ?? [])].filter((r) => !set.instances.has(instanceKey(accountId, r)));
        if (regions.length === 0) continue;
        const units = regions.map((region) => ({
          accountId,
          region,
          organizationalUnitId: ou,
          kind: 'deploy' as const,
        }));
        startOperation(world, set, { action: 'CREATE', units, regions, isAutoDeployment: true });
      } else if (ou === undefined && existing.length > 0) {
        const units = existing.map((i) => ({
          accountId,
          region: i.region,
          organizationalUnitId: i.organizationalUnitId,
          kind: 'delete' as const,
        }));
        const retainStacks = set.autoDeployment.retainStacksOnAccountRemoval;
        startOperation(world, set, {
          action: 'DELETE',
          units,
          regions: units.map((u) => u.region),
          isAutoDeployment: true,
          retainStacks,
        });
      }
    }
  }
}

const wiredWorlds = new WeakSet<World>();

/** Subscribes auto-deployment to the organization's account events (once per world). */
export function attachStackSetEngine(world: World): void {
  if (wiredWorlds.has(world)) return;
  wiredWorlds.add(world);
  world.on('account-moved', ({ accountId }) => reconcileAutoDeployment(world, accountId));
  world.on('account-created', ({ accountId }) => reconcileAutoDeployment(world, accountId));
}
