/**
 * The stack-instance steps of onboard: let auto-deployment do its work (bounded), create or fix what it did not
 * do, and wait until every region of the account is CURRENT. Writes go through StackSetsGateway, whose
 * operation lifecycle (aws/stackset-operations.ts) waits out operations that hold the stack set (an
 * auto-deployment racing a move included).
 */
import { AbortError, AwsOperationError, type AccountFailure } from '../errors.js';
import type { Clock } from '../clock.js';
import type { PollPolicy } from '../aws/operation-poller.js';
import { pollUntil } from '../aws/poll-until.js';
import {
  isCurrent,
  isInFlight,
  planInstances,
  type InstanceGroup,
  type InstancePlan,
} from '../planning/onboard-plan.js';
import type { StackSetsGateway, StartOptions } from '../aws/stacksets-gateway.js';
import { needsAttention } from '../model/operation-outcome.js';
import type { DeploymentTargets, OperationPreferences, StackInstance } from '../model/stack-sets.js';

/** The StackSets calls these steps make. */
export type InstanceGateway = Pick<
  StackSetsGateway,
  'listInstances' | 'createInstances' | 'updateInstances' | 'waitForOperation'
>;

export interface InstanceContext {
  readonly gateway: InstanceGateway;
  readonly stackSetName: string;
  readonly accountId: string;
  readonly regions: readonly string[];
  /** Per region, from accountOverrides. */
  readonly wantedOverrides: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** SERVICE_MANAGED targets the account through this OU with INTERSECTION; SELF_MANAGED by account id. */
  readonly targetOuId: string | undefined;
  readonly preferences: OperationPreferences;
  readonly clock: Clock;
  readonly polling: PollPolicy;
  readonly signal?: AbortSignal;
  readonly onWaiting?: StartOptions['onWaiting'];
}

/** Polls of instances: a first look after 2 s, then every 15 s at most. */
export const INSTANCE_POLL_POLICY: PollPolicy = { initialMs: 2_000, maxMs: 15_000, factor: 1.5 };

/** The account's instances, with their parameter overrides. */
export async function accountInstances(context: InstanceContext): Promise<StackInstance[]> {
  const mine = (i: StackInstance) => i.account === context.accountId;
  const all = await context.gateway.listInstances(context.stackSetName, { withOverrides: mine });
  return all.filter(mine);
}

/**
 * Polls the account's instances until `done` says so or `timeoutMs` passed; returns the last listing and
 * whether `done` held.
 */
export async function pollInstances(
  context: InstanceContext,
  timeoutMs: number,
  done: (instances: StackInstance[]) => boolean,
  onPoll?: (instances: StackInstance[]) => void,
): Promise<{ instances: StackInstance[]; settled: boolean }> {
  const outcome = await pollUntil(() => accountInstances(context), done, {
    timeoutMs,
    interval: context.polling,
    clock: context.clock,
    signal: context.signal,
    onPending: onPoll,
  });
  if (outcome.status === 'aborted') {
    throw new AbortError(
      `Stopped waiting for the stack instances of account ${context.accountId}; operations already started keep running in AWS.`,
      true,
    );
  }
  return { instances: outcome.value, settled: outcome.status === 'done' };
}

/** Every region has an instance and no operation is working on any of them. */
export function deployedEverywhere(regions: readonly string[]): (instances: StackInstance[]) => boolean {
  return (instances) => regions.every((r) => instances.some((i) => i.region === r)) && !instances.some(isInFlight);
}

/** What applyInstancePlan did. */
export interface AppliedPlan {
  readonly operationIds: readonly string[];
}

/**
 * Creates the missing instances and redeploys the stale ones with the wanted overrides, one call per group
 * of regions sharing overrides, each waited for. A failed instance throws AwsOperationError with its reason.
 */
export async function applyInstancePlan(
  context: InstanceContext,
  plan: InstancePlan,
  onProgress?: (text: string) => void,
): Promise<AppliedPlan> {
  const operationIds: string[] = [];
  const targets: DeploymentTargets = context.targetOuId
    ? { organizationalUnitIds: [context.targetOuId], accounts: [context.accountId], accountFilterType: 'INTERSECTION' }
    : { accounts: [context.accountId] };
  const options: StartOptions = { onWaiting: context.onWaiting, signal: context.signal };
  const run = async (action: 'create' | 'update', group: InstanceGroup) => {
    onProgress?.(`${action === 'create' ? 'Creating' : 'Updating'} instances in ${group.regions.join(', ')}`);
    const started =
      action === 'create'
        ? await context.gateway.createInstances(
            context.stackSetName,
            targets,
            group.regions,
            context.preferences,
            group.overrides,
            options,
          )
        : await context.gateway.updateInstances(
            context.stackSetName,
            targets,
            group.regions,
            context.preferences,
            group.overrides,
            options,
          );
    for (const operationId of started.operationIds) {
      operationIds.push(operationId);
      const outcome = await context.gateway.waitForOperation(context.stackSetName, operationId, {
        signal: context.signal,
      });
      if (needsAttention(outcome.verdict)) {
        const failures: AccountFailure[] = outcome.results
          .filter((r) => r.outcome === 'failed' || r.outcome === 'cancelled')
          .map((r) => ({
            accountId: r.account ?? context.accountId,
            region: r.region,
            reason: `${r.outcome === 'cancelled' ? 'cancelled: ' : ''}${r.reason ?? 'no reason given'}`,
          }));
        throw new AwsOperationError(
          action === 'create' ? 'CreateStackInstances' : 'UpdateStackInstances',
          `operation ${operationId} ended ${outcome.status}${outcome.statusReason ? ` (${outcome.statusReason})` : ''}`,
          failures,
        );
      }
    }
  };
  for (const group of plan.create) await run('create', group);
  for (const group of plan.update) await run('update', group);
  return { operationIds };
}

/** Plans from a listing of the account's instances. */
export function planFor(context: InstanceContext, instances: readonly StackInstance[]): InstancePlan {
  return planInstances(context.regions, instances, context.wantedOverrides);
}

/**
 * Waits until every region's instance is CURRENT with the wanted overrides. Instances that settle in another
 * state (FAILED, INOPERABLE) end the wait at once with their reasons; still in flight at the timeout, too.
 */
export async function waitUntilCurrent(
  context: InstanceContext,
  timeoutMs: number,
  onPoll?: (instances: StackInstance[]) => void,
): Promise<StackInstance[]> {
  const { instances, settled } = await pollInstances(context, timeoutMs, deployedEverywhere(context.regions), onPoll);
  const plan = planFor(context, instances);
  if (settled && plan.current.length === context.regions.length) return instances;
  const failures: AccountFailure[] = context.regions
    .filter((region) => !plan.current.includes(region))
    .map((region) => {
      const instance = instances.find((i) => i.region === region);
      return {
        accountId: context.accountId,
        region,
        reason: instance ? describeInstance(instance, context.wantedOverrides[region] ?? {}) : 'no stack instance',
      };
    });
  throw new AwsOperationError(
    'WaitForStackInstances',
    settled
      ? `the stack instances of account ${context.accountId} are not all CURRENT`
      : `the stack instances of account ${context.accountId} were still being deployed after ${Math.round(timeoutMs / 1000)} s (the operation keeps running in AWS)`,
    failures,
  );
}

function describeInstance(instance: StackInstance, wanted: Readonly<Record<string, string>>): string {
  if (isCurrent(instance)) return `CURRENT but its parameter overrides are not ${JSON.stringify(wanted)}`;
  return `${instance.status}/${instance.detailedStatus ?? '-'}${instance.statusReason ? `: ${instance.statusReason}` : ''}`;
}
