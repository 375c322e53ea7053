/**
 * The steps that bring one account under the remediation (`cisfleet onboard`): create it, move it into its
 * OU, wait for its member role, preflight, make sure its stack instances exist and are CURRENT, evaluate the
 * rules and read its report. Every step is idempotent, so a failed run resumes by running the same command
 * again; with `dryRun` only read-only calls are made and each write step says what it would do.
 */
import { AbortError, AwsOperationError, CisfleetError, EXIT_CODES, type ExitCode } from '../errors.js';
import type { AwsClientFactory } from '../aws/client-factory.js';
import type { ConfigEvaluationGateway } from '../aws/config-evaluation-gateway.js';
import type { MemberGateway } from '../aws/member-gateway.js';
import type { OrganizationsGateway } from '../aws/organizations-gateway.js';
import type { PollPolicy } from '../aws/operation-poller.js';
import type { Clock } from '../clock.js';
import type { StackSetsGateway } from '../aws/stacksets-gateway.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { StackInstance } from '../model/stack-sets.js';
import type { RecorderState } from '../model/recorder.js';
import type { OrgAccount, OrgSnapshot } from '../org/model.js';
import { TEMPLATE_PARAMETERS } from '../controls/catalog.js';
import { accountOverrides } from '../planning/desired-stackset.js';
import {
  isInFlight,
  placeAccount,
  planWrites,
  type AccountPlacement,
  type InstancePlan,
} from '../planning/onboard-plan.js';
import { rulesForRegion } from '../report/build.js';
import type { ComplianceReport } from '../report/model.js';
import type { ProgressStep, TaskProgress } from '../ui/tasks.js';
import { executionRoleCheckFor, preflightAccounts } from './preflight.js';
import { waitForMemberRole } from './onboard-role.js';
import {
  accountInstances,
  applyInstancePlan,
  deployedEverywhere,
  INSTANCE_POLL_POLICY,
  planFor,
  pollInstances,
  waitUntilCurrent,
  type InstanceContext,
} from './onboard-instances.js';
import { startEvaluations, waitForFirstResults } from './onboard-evaluation.js';
import { accountReport } from './onboard-report.js';

/** Which account to onboard: an existing one, or one to create first. */
export type OnboardTarget =
  | { readonly kind: 'existing'; readonly accountId: string; readonly ou?: string }
  | { readonly kind: 'create'; readonly name: string; readonly email: string; readonly ou: string };

/** How long each wait may take. AWS: minutes for a new account's role, minutes for auto-deployment. */
export interface OnboardTimeouts {
  readonly creationMs: number;
  readonly roleMs: number;
  /** How long to give auto-deployment to create the instances after a move before creating them ourselves. */
  readonly autoDeploymentMs: number;
  readonly currentMs: number;
  readonly firstResultsMs: number;
  readonly firstResultsPollMs: number;
}

export const DEFAULT_ONBOARD_TIMEOUTS: OnboardTimeouts = {
  creationMs: 15 * 60_000,
  roleMs: 15 * 60_000,
  autoDeploymentMs: 5 * 60_000,
  currentMs: 30 * 60_000,
  firstResultsMs: 10 * 60_000,
  firstResultsPollMs: 15_000,
};

/** Everything the steps use; built once per run by the action. */
export interface OnboardDeps {
  readonly config: CisfleetConfig;
  readonly factory: AwsClientFactory;
  readonly snapshot: OrgSnapshot;
  readonly organizations: OrganizationsGateway;
  readonly stackSets: StackSetsGateway;
  readonly members: MemberGateway;
  readonly evaluation: ConfigEvaluationGateway;
  readonly describeError: (error: unknown) => string;
  readonly clock: Clock;
  readonly timeouts: OnboardTimeouts;
  /** Instance and role polls; the defaults suit AWS (seconds). */
  readonly polling?: { readonly instances?: PollPolicy; readonly role?: PollPolicy };
  readonly dryRun: boolean;
  readonly signal?: AbortSignal;
  /** Things worth telling the user that do not fail the step. */
  readonly warn: (message: string) => void;
}

/** What a run found and did, filled in step by step. */
export interface OnboardState {
  account?: OrgAccount;
  placement?: AccountPlacement;
  /** Writes made, in order, in words (the known state after a failure). */
  readonly changes: string[];
  /** With dryRun: the writes a real run would make. */
  readonly wouldDo: string[];
  moved: boolean;
  /** Instances were created or updated (so the rules are new or redeployed). */
  deployed: boolean;
  instances: StackInstance[];
  pendingRules: Array<{ region: string; rules: string[] }>;
  report?: ComplianceReport;
}

export function newOnboardState(): OnboardState {
  return { changes: [], wouldDo: [], moved: false, deployed: false, instances: [], pendingRules: [] };
}

/** A step failed: which one, for which account, what was done before it and how to resume. */
export class OnboardStepError extends CisfleetError {
  constructor(
    readonly step: string,
    readonly accountLabel: string,
    readonly resumeCommand: string,
    readonly changes: readonly string[],
    cause: unknown,
  ) {
    const done = changes.length > 0 ? `Done before it: ${changes.join('; ')}.` : 'Nothing was changed before it.';
    super(
      'ONBOARD_STEP_FAILED',
      `Onboarding ${accountLabel} failed at step "${step}": ${describeCause(cause)}\n${done}\nEvery step is idempotent: resume with \`${resumeCommand}\`.`,
      { cause },
    );
  }

  /** 130 when the user stopped the run, 1 otherwise: a step that fails is a failure, whatever its cause. */
  override get exitCode(): ExitCode {
    return this.cause instanceof AbortError && this.cause.interrupted ? EXIT_CODES.interrupted : EXIT_CODES.failure;
  }
}

function describeCause(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (!(cause instanceof AwsOperationError) || cause.failures.length === 0) return message;
  return [message, ...cause.failures.map((f) => `  ${f.accountId}${f.region ? ` ${f.region}` : ''}: ${f.reason}`)].join(
    '\n',
  );
}

/** The command that picks an interrupted or failed onboarding up again. */
export function resumeCommand(target: OnboardTarget, state: OnboardState): string {
  const ou = target.ou ? ` --ou ${target.ou}` : '';
  if (state.account) return `cisfleet onboard --account ${state.account.id}${ou}`;
  if (target.kind === 'create') return `cisfleet onboard --create --name "${target.name}" --email ${target.email}${ou}`;
  return `cisfleet onboard --account ${target.accountId}${ou}`;
}

/**
 * Checks, before anything is called, that the account can be onboarded where asked: it exists (or will be
 * created), is not the management account, and ends up under a targeted OU. Returns the problem in words.
 */
export function checkTarget(deps: Pick<OnboardDeps, 'snapshot' | 'config'>, target: OnboardTarget): string | undefined {
  const { snapshot, config } = deps;
  if (target.kind === 'create') {
    const placeholder: OrgAccount = {
      id: 'new',
      name: target.name,
      email: target.email,
      state: 'ACTIVE',
      parentId: snapshot.rootId,
      ouPath: '/Root',
    };
    const placed = placeAccount(snapshot, config.targets, placeholder, target.ou);
    return 'error' in placed ? placed.error : undefined;
  }
  const account = snapshot.accounts.find((a) => a.id === target.accountId);
  if (!account)
    return `account ${target.accountId} is not in organization ${snapshot.organizationId} (use --create to make a new one)`;
  if (account.id === snapshot.managementAccountId) {
    // Whatever the permission model: targets leave the management account out (a service-managed stack set
    // cannot reach it), and rollout gives it the same template as a plain stack instead.
    return 'cisfleet never gives the management account stack instances: cisfleet rollout deploys it as a plain stack (targets.includeManagementAccount)';
  }
  if (account.state !== 'ACTIVE')
    return `account ${account.id} is ${account.state}: only ACTIVE accounts can be onboarded`;
  const placed = placeAccount(snapshot, config.targets, account, target.ou);
  return 'error' in placed ? placed.error : undefined;
}

/** The steps for one account; they share `state`. Run them in order (runSteps). */
export function onboardSteps(target: OnboardTarget, deps: OnboardDeps, state: OnboardState): ProgressStep[] {
  const { config } = deps;
  const label = () =>
    state.account
      ? `account ${state.account.id} (${state.account.name})`
      : target.kind === 'create'
        ? `new account ${target.name}`
        : `account ${target.accountId}`;
  const step = (title: string, run: (progress: TaskProgress) => Promise<void>): ProgressStep => ({
    title,
    run: async (progress) => {
      try {
        await run(progress);
      } catch (error) {
        throw new OnboardStepError(title, label(), resumeCommand(target, state), state.changes, error);
      }
    },
  });
  /** With dry run and an account that does not exist yet, later steps can only say what they would do. */
  const notYet = (progress: TaskProgress, what: string): boolean => {
    if (state.account) return false;
    state.wouldDo.push(what);
    progress.title(`(dry run) would ${what}`);
    return true;
  };
  const account = () => state.account!;
  const regions = config.regions;
  const instanceContext = (overrides: InstanceContext['wantedOverrides'], progress: TaskProgress): InstanceContext => ({
    gateway: deps.stackSets,
    stackSetName: config.stackSet.name,
    accountId: account().id,
    regions,
    wantedOverrides: overrides,
    targetOuId: config.stackSet.permissionModel === 'SERVICE_MANAGED' ? state.placement!.targetOuId : undefined,
    preferences: config.stackSet.operationPreferences,
    clock: deps.clock,
    polling: deps.polling?.instances ?? INSTANCE_POLL_POLICY,
    signal: deps.signal,
    onWaiting: (op) =>
      progress.output(
        `waiting for operation ${op.operationId} (${op.action ?? 'running'}) on the stack set to end first`,
      ),
  });
  let wanted: Record<string, Record<string, string>> = {};
  let recorders: Record<string, RecorderState> | undefined;

  const steps: ProgressStep[] = [];
  if (target.kind === 'create')
    steps.push(step(`Create account ${target.name}`, (progress) => createStep(target, deps, state, progress)));
  else state.account = deps.snapshot.accounts.find((a) => a.id === target.accountId);

  steps.push(
    step('Move the account into its OU', async (progress) => {
      if (notYet(progress, `move the new account into ${target.ou}`)) return;
      const placed = placeAccount(deps.snapshot, config.targets, account(), target.ou);
      if ('error' in placed) throw new CisfleetError('NOT_TARGETED', placed.error);
      state.placement = placed;
      const where = pathOf(deps.snapshot, placed.moveTo ?? account().parentId);
      if (!placed.moveTo) return progress.title(`Account already in ${where}`);
      // The snapshot may be stale (a previous run moved it): ask again before moving.
      const parent = await deps.organizations.parentOf(account().id);
      if (parent.id === placed.moveTo) return progress.title(`Account already in ${where}`);
      if (deps.dryRun) {
        state.wouldDo.push(`move from ${pathOf(deps.snapshot, parent.id)} to ${where}`);
        return progress.title(`(dry run) would move the account from ${pathOf(deps.snapshot, parent.id)} to ${where}`);
      }
      await deps.organizations.moveAccount(account().id, parent.id, placed.moveTo);
      state.moved = true;
      state.changes.push(`moved from ${pathOf(deps.snapshot, parent.id)} to ${where}`);
      state.account = { ...account(), parentId: placed.moveTo, ouPath: where };
      progress.title(`Moved the account from ${pathOf(deps.snapshot, parent.id)} to ${where}`);
    }),
    step(`Wait for role ${config.memberRole.name}`, async (progress) => {
      if (notYet(progress, `wait for role ${config.memberRole.name} in the new account`)) return;
      const attempts = await waitForMemberRole(deps.members, account().id, {
        roleName: config.memberRole.name,
        // A dry run looks once: it does not sit waiting for a role nothing it did created.
        timeoutMs: deps.dryRun ? 0 : deps.timeouts.roleMs,
        clock: deps.clock,
        ...(deps.polling?.role ? { polling: deps.polling.role } : {}),
        describeError: deps.describeError,
        signal: deps.signal,
        onRetry: (attempt, reason) => progress.output(`attempt ${attempt}: ${reason}; retrying`),
      });
      progress.title(`Role ${config.memberRole.name} assumable${attempts > 1 ? ` after ${attempts} attempts` : ''}`);
    }),
    step('Preflight: existing Config recorders', async (progress) => {
      if (notYet(progress, 'look for existing Config recorders')) return;
      const executionRole = executionRoleCheckFor(config.stackSet);
      const [result] = await preflightAccounts(deps.members, [account()], regions, {
        concurrency: 1,
        describeError: deps.describeError,
        executionRole,
      });
      // Caught here, a missing or untrusting execution role fails no stack instance.
      if (!result || !result.reachable)
        throw new CisfleetError(
          'UNREACHABLE',
          `the account cannot be deployed to: ${result && !result.reachable ? result.reason : 'no result'}`,
        );
      recorders = result.recorders;
      wanted = accountOverrides(config, account().id, recorders);
      // accountOverrides tells the recorders the stack set made (a previous run's) from foreign ones.
      const existing = regions.filter((r) => wanted[r]?.[TEMPLATE_PARAMETERS.createConfigRecorder] === 'false');
      progress.title(
        existing.length > 0
          ? `Preflight: existing recorder in ${existing.join(', ')}, the stack will not create one there`
          : 'Preflight: no existing Config recorder',
      );
    }),
    step(`Stack instances of ${config.stackSet.name}`, async (progress) => {
      if (notYet(progress, `deploy stack instances in ${regions.join(', ')}`)) return;
      const stackSet = await deps.stackSets.describeStackSet(config.stackSet.name);
      if (!stackSet)
        throw new CisfleetError(
          'NO_STACK_SET',
          `stack set ${config.stackSet.name} does not exist in ${config.organization.homeRegion}: run cisfleet rollout first`,
        );
      // Relative to the stack set's own CreateConfigRecorder, which rollout chose (decision 0006).
      const base = stackSet.parameters[TEMPLATE_PARAMETERS.createConfigRecorder];
      wanted = accountOverrides(config, account().id, recorders, base);
      const context = instanceContext(wanted, progress);
      const autoDeploys =
        stackSet.permissionModel === 'SERVICE_MANAGED' &&
        stackSet.autoDeployment?.enabled === true &&
        state.placement!.viaTargetedOu;
      let instances = await accountInstances(context);
      if (deps.dryRun && state.wouldDo.some((w) => w.startsWith('move')) && autoDeploys) {
        state.wouldDo.push('let auto-deployment create the instances after the move, then check their overrides');
        return progress.title('(dry run) auto-deployment would create the instances after the move');
      }
      if ((autoDeploys && state.moved) || instances.some(isInFlight)) {
        progress.output('waiting for auto-deployment');
        instances = (
          await pollInstances(context, deps.timeouts.autoDeploymentMs, deployedEverywhere(regions), (found) =>
            progress.output(`auto-deployment: ${found.length} of ${regions.length} instances so far`),
          )
        ).instances;
      }
      const plan = planFor(context, instances);
      if (!planWrites(plan)) return progress.title(`Stack instances present in ${regions.join(', ')}`);
      if (deps.dryRun) {
        state.wouldDo.push(...describePlan(plan, 'would'));
        return progress.title(`(dry run) would ${describePlan(plan, 'would').join('; ')}`);
      }
      const applied = await applyInstancePlan(context, plan, (text) => progress.output(text));
      state.deployed = true;
      state.changes.push(`${describePlan(plan, 'did').join('; ')} (operations ${applied.operationIds.join(', ')})`);
      progress.title(`Stack instances: ${describePlan(plan, 'did').join('; ')}`);
    }),
    step('Wait until the instances are CURRENT', async (progress) => {
      if (notYet(progress, 'wait until the instances are CURRENT')) return;
      if (deps.dryRun && state.wouldDo.length > 0)
        return progress.title('(dry run) would wait until the instances are CURRENT');
      state.instances = await waitUntilCurrent(instanceContext(wanted, progress), deps.timeouts.currentMs, (found) =>
        progress.output(`${found.filter((i) => i.status === 'CURRENT').length} of ${regions.length} CURRENT`),
      );
      progress.title(`Instances CURRENT in ${regions.join(', ')}`);
    }),
    step('Evaluate the Config rules', async (progress) => {
      if (notYet(progress, 'start a Config rules evaluation in each region')) return;
      const changed = state.moved || state.deployed || state.changes.length > 0;
      // An account that was already onboarded has results: re-running verifies, it does not ask AWS for work.
      if (!changed) return progress.title('Evaluate the Config rules: not needed, nothing changed');
      if (deps.dryRun) {
        state.wouldDo.push('start a Config rules evaluation in each region');
        return progress.title('(dry run) would start a Config rules evaluation in each region');
      }
      const rules = (region: string) => rulesForRegion(config, region);
      const started = await startEvaluations(deps.evaluation, account().id, regions, rules);
      const waited = await waitForFirstResults(deps.evaluation, account().id, regions, rules, {
        timeoutMs: deps.timeouts.firstResultsMs,
        pollMs: deps.timeouts.firstResultsPollMs,
        clock: deps.clock,
        signal: deps.signal,
      });
      state.pendingRules = waited
        .filter((w) => w.pending.length > 0)
        .map((w) => ({ region: w.region, rules: w.pending }));
      for (const pending of state.pendingRules) {
        deps.warn(
          `${pending.region}: ${pending.rules.join(', ')} had not finished a first evaluation after ${Math.round(deps.timeouts.firstResultsMs / 1000)} s; ` +
            'the evaluation goes on in AWS and cisfleet report shows its results',
        );
      }
      const requested = started.filter((s) => s.started.status === 'started').length;
      const count = (pick: (w: (typeof waited)[number]) => readonly string[]) =>
        waited.reduce((sum, w) => sum + pick(w).length, 0);
      progress.title(
        `Evaluated the Config rules (${requested} of ${regions.length} regions requested): ${count((w) => w.ready)} with results, ` +
          `${count((w) => w.nothingInScope)} with nothing to evaluate${state.pendingRules.length > 0 ? `, ${count((w) => w.pending)} still pending` : ''}`,
      );
    }),
    step("Read the account's compliance", async (progress) => {
      if (notYet(progress, "read the account's compliance")) return;
      const instances =
        state.instances.length > 0 ? state.instances : await accountInstances(instanceContext(wanted, progress));
      state.report = await accountReport(
        deps.factory,
        config,
        deps.snapshot.organizationId,
        account(),
        instances,
        new Date(deps.clock.now()),
      );
    }),
  );
  return steps;
}

async function createStep(
  target: Extract<OnboardTarget, { kind: 'create' }>,
  deps: OnboardDeps,
  state: OnboardState,
  progress: TaskProgress,
): Promise<void> {
  const email = target.email.toLowerCase();
  const existing = deps.snapshot.accounts.find((a) => a.email.toLowerCase() === email && a.name === target.name);
  if (existing) {
    state.account = existing;
    return progress.title(`Account ${target.name} exists: ${existing.id}`);
  }
  // A run stopped while CreateAccount was in progress: pick that request up instead of asking twice.
  const pending = (await deps.organizations.listPendingCreations()).find((c) => c.accountName === target.name);
  if (!pending && deps.dryRun) {
    state.wouldDo.push(`create account ${target.name} <${target.email}>`);
    return progress.title(`(dry run) would create account ${target.name} <${target.email}>`);
  }
  const creation =
    pending ??
    (await deps.organizations.createAccount({
      name: target.name,
      email: target.email,
      roleName: deps.config.memberRole.name,
    }));
  if (!pending) state.changes.push(`requested account creation ${creation.requestId}`);
  progress.output(`creation request ${creation.requestId}: waiting for AWS`);
  const accountId = await deps.organizations.waitForAccountCreation(creation.requestId, {
    timeoutMs: deps.timeouts.creationMs,
    clock: deps.clock,
    signal: deps.signal,
    onPoll: (c) => progress.output(`creation request ${c.requestId}: ${c.state}`),
  });
  const parent = await deps.organizations.parentOf(accountId);
  state.account = {
    id: accountId,
    name: target.name,
    email: target.email,
    state: 'ACTIVE',
    parentId: parent.id,
    ouPath: pathOf(deps.snapshot, parent.id),
  };
  state.changes.push(`created account ${accountId}`);
  progress.title(`Created account ${target.name}: ${accountId}`);
}

/** The plan's writes in words: `create instances in …` (would) or `created instances in …` (did). */
function describePlan(plan: InstancePlan, tense: 'would' | 'did'): string[] {
  const overrides = (o: Readonly<Record<string, string>>) =>
    Object.keys(o).length > 0
      ? ` with ${Object.entries(o)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`
      : '';
  const verb = (base: 'create' | 'update') => (tense === 'did' ? `${base}d` : base);
  return [
    ...plan.create.map((g) => `${verb('create')} instances in ${g.regions.join(', ')}${overrides(g.overrides)}`),
    ...plan.update.map((g) => `${verb('update')} instances in ${g.regions.join(', ')}${overrides(g.overrides)}`),
  ];
}

function pathOf(snapshot: OrgSnapshot, unitId: string): string {
  return snapshot.units.find((u) => u.id === unitId)?.path ?? unitId;
}
