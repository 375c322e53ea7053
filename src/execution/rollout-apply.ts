/**
 * Runs a rollout plan: each planned operation in order, every stack set operation waited on to its end with
 * per-region progress. An operation that fails its tolerance does not stop the ones after it (their instances
 * are independent); the outcome lists every failure. Ctrl-C (the signal) stops waiting and leaves the running
 * operation in AWS.
 */
import type { Clock } from '../clock.js';
import { AbortError } from '../errors.js';
import type { DesiredStackSet } from '../planning/desired-stackset.js';
import type { AppliedOperation } from '../model/rollout-outcome.js';
import type { PlannedOperation, RolloutPlan } from '../planning/rollout-plan.js';
import type {
  OperationProgress,
  OperationResult,
  PlainStackSpec,
  StackSetOperation,
  TerminalOperationStatus,
} from '../model/stack-sets.js';
import {
  countOutcomes,
  needsAttention,
  NO_OUTCOMES,
  operationVerdict,
  type InstanceOutcome,
  type ResultWithOutcome,
} from '../model/operation-outcome.js';
import type { StacksGateway } from '../aws/stacks-gateway.js';
import type { StackSetsGateway, StartOptions } from '../aws/stacksets-gateway.js';

/** The StackSets calls apply makes: the gateway's own signatures, so a test double must match them. */
export type StackSetWrites = Pick<
  StackSetsGateway,
  | 'createStackSet'
  | 'updateStackSet'
  | 'createInstances'
  | 'updateInstances'
  | 'deleteInstances'
  | 'deleteStackSet'
  | 'waitForOperation'
>;

/** The plain-stack and trusted-access calls apply makes. */
export type StackWrites = Pick<StacksGateway, 'createStack' | 'updateStack' | 'deleteStack' | 'activateTrustedAccess'>;

/** What an apply step may say while it runs (the progress session's TaskProgress). */
export interface ApplyProgress {
  output(text: string): void;
  title(text: string): void;
  /** The operation did not succeed: the step shows ✖ with this message, and the steps after it still run. */
  fail(message: string): void;
}

/** One visible step of the apply (the UI shows it as a progress step): it returns what its operation did. */
export interface ApplyStep {
  readonly title: string;
  run(progress: ApplyProgress): Promise<AppliedStep>;
}

/** One planned operation as it ended, and how long the step waited on stack set operations. */
export interface AppliedStep {
  readonly operation: AppliedOperation;
  readonly waitedMs: number;
}

export interface ApplyDependencies {
  readonly stackSets: StackSetWrites;
  readonly stacks: StackWrites;
  readonly desired: DesiredStackSet;
  readonly signal?: AbortSignal;
  /** Someone else's operation holds the stack set: shown to the user. */
  readonly onWaiting?: (operation: StackSetOperation) => void;
  /** Formats an operation's progress for the step's output line. */
  readonly formatProgress: (progress: OperationProgress) => string;
  /** Describes how an operation went, for its step's title (✔) or failure message (✖). */
  readonly describeApplied: (operation: AppliedOperation) => string;
  /** Times how long each step waited for its operations. */
  readonly clock: Pick<Clock, 'now'>;
}

/** The plan's operations as steps, each returning what its operation did; run them in order. */
export function applySteps(plan: RolloutPlan, deps: ApplyDependencies): ApplyStep[] {
  const { stackSets, desired } = deps;
  const name = plan.stackSet.name;
  const preferences = plan.operationPreferences;
  const hooks: StartOptions = { onWaiting: deps.onWaiting, signal: deps.signal };

  /** Shows how an operation went; a step that did not succeed ends failed (✖), and the next steps still run. */
  const record = (applied: AppliedOperation, progress: ApplyProgress, waitedMs = 0): AppliedStep => {
    if (needsAttention(applied.verdict)) progress.fail(deps.describeApplied(applied));
    else if (applied.operationIds.length > 0) progress.title(deps.describeApplied(applied));
    return { operation: applied, waitedMs };
  };

  /** Waits for every operation a call started; the step shows per-region counts as they move. */
  const waitAll = async (
    operation: PlannedOperation,
    operationIds: readonly string[],
    progress: ApplyProgress,
  ): Promise<AppliedStep> => {
    let waitedMs = 0;
    let status: TerminalOperationStatus = 'SUCCEEDED';
    let statusReason: string | undefined;
    const results: ResultWithOutcome[] = [];
    for (const operationId of operationIds) {
      const started = deps.clock.now();
      try {
        const ended = await stackSets.waitForOperation(name, operationId, {
          signal: deps.signal,
          onProgress: (p) =>
            progress.output(`${operationIds.length > 1 ? `${operationId} ` : ''}${deps.formatProgress(p)}`),
        });
        if (ended.status !== 'SUCCEEDED') {
          status = ended.status;
          statusReason = ended.statusReason;
        }
        results.push(...ended.results);
      } finally {
        waitedMs += deps.clock.now() - started;
      }
    }
    const counts = countOutcomes(results);
    const having = (o: InstanceOutcome) => results.filter((r) => r.outcome === o);
    return record(
      {
        title: operation.title,
        kind: operation.kind,
        operationIds,
        status,
        statusReason,
        verdict: operationVerdict(status, counts),
        counts,
        failed: having('failed'),
        cancelled: having('cancelled'),
        skipped: having('skipped'),
      },
      progress,
      waitedMs,
    );
  };

  const done = (operation: PlannedOperation): AppliedStep => ({
    operation: plainCall(operation, 'SUCCEEDED'),
    waitedMs: 0,
  });

  return plan.operations.map((operation): ApplyStep => ({
    title: operation.title,
    run: async (progress) => {
      // After Ctrl-C nothing new starts: what ran before has ended, so nothing is left running.
      if (deps.signal?.aborted) {
        throw new AbortError(
          `Interrupted before "${operation.title}": nothing is left running in AWS. Run \`cisfleet rollout\` again to finish the rollout.`,
          true,
        );
      }
      switch (operation.kind) {
        case 'activate-trusted-access':
          await deps.stacks.activateTrustedAccess(plan.stackSet.region, plan.stackSet.callAs);
          return done(operation);
        case 'create-stack-set':
          await stackSets.createStackSet(desired.spec);
          return done(operation);
        case 'update-stack-set': {
          const id = await stackSets.updateStackSet(desired.spec, preferences, operation.scope, hooks);
          return waitAll(operation, [id], progress);
        }
        case 'create-instances': {
          const started = await stackSets.createInstances(
            name,
            operation.targets,
            operation.regions,
            preferences,
            nonEmpty(operation.overrides),
            hooks,
          );
          return waitAll(operation, started.operationIds, progress);
        }
        case 'update-instances': {
          const started = await stackSets.updateInstances(
            name,
            operation.targets,
            operation.regions,
            preferences,
            operation.overrides,
            hooks,
          );
          return waitAll(operation, started.operationIds, progress);
        }
        case 'delete-instances': {
          const started = await stackSets.deleteInstances(
            name,
            operation.targets,
            operation.regions,
            operation.retainStacks,
            preferences,
            hooks,
          );
          return waitAll(operation, started.operationIds, progress);
        }
        case 'delete-stack-set':
          await stackSets.deleteStackSet(name, hooks);
          return done(operation);
        case 'create-stack':
        case 'update-stack':
        case 'delete-stack':
          return record(await plainStack(deps, plan.managementAccount.accountId, operation), progress);
      }
    },
  }));
}

const nonEmpty = (overrides: Readonly<Record<string, string>>) =>
  Object.keys(overrides).length > 0 ? overrides : undefined;

/**
 * A call that is not a stack set operation: it succeeded or failed as a whole. A plain stack counts as its
 * one account × region.
 */
function plainCall(
  operation: PlannedOperation,
  status: 'SUCCEEDED' | 'FAILED',
  instance?: { account: string; region: string },
  statusReason?: string,
): AppliedOperation {
  const failed: OperationResult[] =
    instance && status === 'FAILED' ? [{ ...instance, status, reason: statusReason }] : [];
  return {
    title: operation.title,
    kind: operation.kind,
    operationIds: [],
    status,
    statusReason,
    verdict: status === 'SUCCEEDED' ? 'succeeded' : 'failed',
    counts: { ...NO_OUTCOMES, succeeded: instance && status === 'SUCCEEDED' ? 1 : 0, failed: failed.length },
    failed,
    cancelled: [],
    skipped: [],
  };
}

/** The management account's plain stack: a failure is recorded (and summarised), not thrown. */
async function plainStack(
  deps: ApplyDependencies,
  accountId: string,
  operation: Extract<PlannedOperation, { kind: 'create-stack' | 'update-stack' | 'delete-stack' }>,
): Promise<AppliedOperation> {
  const spec: PlainStackSpec = {
    name: deps.desired.spec.name,
    templateBody: deps.desired.spec.templateBody,
    templateSha256: deps.desired.templateSha256,
    parameters: operation.parameters,
    tags: deps.desired.spec.tags,
    capabilities: deps.desired.spec.capabilities,
  };
  const instance = { account: accountId, region: operation.region };
  try {
    if (operation.kind === 'create-stack') await deps.stacks.createStack(spec, operation.region);
    else if (operation.kind === 'update-stack') await deps.stacks.updateStack(spec, operation.region);
    else await deps.stacks.deleteStack(spec.name, operation.region);
  } catch (error) {
    return plainCall(operation, 'FAILED', instance, error instanceof Error ? error.message : String(error));
  }
  return plainCall(operation, 'SUCCEEDED', instance);
}
