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
import type { ProgressSession, TaskProgress } from '../ui/tasks.js';
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

/** One region's rules still without a first evaluation when the wait ended. */
export interface PendingRules {
  readonly region: string;
  readonly rules: readonly string[];
}

/** What was known when a step ended: the account (once it exists) and the writes made, in words, in order. */
export interface OnboardSoFar {
  /** Undefined only in a dry run for an account that does not exist yet (or before it is created). */
  readonly account: OrgAccount | undefined;
  readonly changes: readonly string[];
  /** With dryRun: the writes a real run would make. */
  readonly wouldDo: readonly string[];
}

/** What onboarding one account found and did. */
export interface OnboardResult extends OnboardSoFar {
  readonly pendingRules: readonly PendingRules[];
  /** Undefined in a dry run for an account that does not exist yet. */
  readonly report: ComplianceReport | undefined;
}

/** A step failed: which one, for which account, what was done before it and how to resume. */
export class OnboardStepError extends CisfleetError {
  constructor(
    readonly step: string,
    readonly accountLabel: string,
    readonly resumeCommand: string,
    readonly soFar: OnboardSoFar,
    cause: unknown,
  ) {
    const { changes } = soFar;
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
export function resumeCommand(target: OnboardTarget, account: OrgAccount | undefined): string {
  const ou = target.ou ? ` --ou ${target.ou}` : '';
  if (account) return `cisfleet onboard --account ${account.id}${ou}`;
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

/**
 * The writes of one account's run, recorded the moment each is made: a step that fails half-way (account creation
 * requested, then the wait timed out) still tells what it did.
 */
interface WriteLog {
  readonly changes: string[];
  readonly wouldDo: string[];
}

/**
 * Onboards one account, one progress step after another, each step returning what the next ones need. A step
 * that fails throws OnboardStepError (its title, what was done before it, how to resume) and no later one runs.
 */
export async function onboardAccount(
  session: ProgressSession,
  target: OnboardTarget,
  deps: OnboardDeps,
): Promise<OnboardResult> {
  const { config } = deps;
  const log: WriteLog = { changes: [], wouldDo: [] };
  const step = <T>(
    title: string,
    account: OrgAccount | undefined,
    run: (progress: TaskProgress) => Promise<T>,
  ): Promise<T> =>
    session.step(title, async (progress) => {
      try {
        return await run(progress);
      } catch (error) {
        const soFar = { account, changes: [...log.changes], wouldDo: [...log.wouldDo] };
        throw new OnboardStepError(title, labelOf(target, account), resumeCommand(target, account), soFar, error);
      }
    });

  const created =
    target.kind === 'create'
      ? await step(`Create account ${target.name}`, undefined, (progress) => createStep(target, deps, log, progress))
      : deps.snapshot.accounts.find((a) => a.id === target.accountId);
  const titles = {
    move: 'Move the account into its OU',
    role: `Wait for role ${config.memberRole.name}`,
    preflight: 'Preflight: existing Config recorders',
    instances: `Stack instances of ${config.stackSet.name}`,
    current: 'Wait until the instances are CURRENT',
    evaluate: 'Evaluate the Config rules',
    report: "Read the account's compliance",
  };
  if (!created) {
    // A dry run for an account that does not exist yet: the later steps can only say what they would do.
    const later: ReadonlyArray<readonly [title: string, would: string]> = [
      [titles.move, `move the new account into ${target.ou}`],
      [titles.role, `wait for role ${config.memberRole.name} in the new account`],
      [titles.preflight, 'look for existing Config recorders'],
      [titles.instances, `deploy stack instances in ${config.regions.join(', ')}`],
      [titles.current, 'wait until the instances are CURRENT'],
      [titles.evaluate, 'start a Config rules evaluation in each region'],
      [titles.report, "read the account's compliance"],
    ];
    for (const [title, would] of later) {
      await step(title, undefined, (progress) => {
        log.wouldDo.push(would);
        progress.title(`(dry run) would ${would}`);
        return Promise.resolve();
      });
    }
    return { account: undefined, ...log, pendingRules: [], report: undefined };
  }

  const moved = await step(titles.move, created, (progress) => moveStep(target, deps, created, log, progress));
  const { account, placement } = moved;
  await step(titles.role, account, (progress) => roleStep(deps, account, progress));
  const recorders = await step(titles.preflight, account, (progress) => preflightStep(deps, account, progress));
  const deployed = await step(titles.instances, account, (progress) =>
    instancesStep(
      deps,
      { account, placement, recorders, moved: moved.moved, moveWouldHappen: moved.wouldMove },
      log,
      progress,
    ),
  );
  const current = await step(titles.current, account, async (progress) => {
    if (deps.dryRun && log.wouldDo.length > 0) {
      progress.title('(dry run) would wait until the instances are CURRENT');
      return [];
    }
    const instances = await waitUntilCurrent(
      instanceContext(deps, account, placement, deployed.wanted, progress),
      deps.timeouts.currentMs,
      (found) =>
        progress.output(`${found.filter((i) => i.status === 'CURRENT').length} of ${config.regions.length} CURRENT`),
    );
    progress.title(`Instances CURRENT in ${config.regions.join(', ')}`);
    return instances;
  });
  const changed = moved.moved || deployed.deployed || log.changes.length > 0;
  const pendingRules = await step(titles.evaluate, account, (progress) =>
    evaluateStep(deps, account, changed, log, progress),
  );
  const report = await step(titles.report, account, async (progress) => {
    const instances =
      current.length > 0
        ? current
        : await accountInstances(instanceContext(deps, account, placement, deployed.wanted, progress));
    return accountReport(
      deps.factory,
      config,
      deps.snapshot.organizationId,
      account,
      instances,
      new Date(deps.clock.now()),
    );
  });
  return { account, ...log, pendingRules, report };
}

function labelOf(target: OnboardTarget, account: OrgAccount | undefined): string {
  if (account) return `account ${account.id} (${account.name})`;
  return target.kind === 'create' ? `new account ${target.name}` : `account ${target.accountId}`;
}

/** Where to wait for and deploy the account's instances. */
function instanceContext(
  deps: OnboardDeps,
  account: OrgAccount,
  placement: AccountPlacement,
  wantedOverrides: InstanceContext['wantedOverrides'],
  progress: TaskProgress,
): InstanceContext {
  const { config } = deps;
  return {
    gateway: deps.stackSets,
    stackSetName: config.stackSet.name,
    accountId: account.id,
    regions: config.regions,
    wantedOverrides,
    targetOuId: config.stackSet.permissionModel === 'SERVICE_MANAGED' ? placement.targetOuId : undefined,
    preferences: config.stackSet.operationPreferences,
    clock: deps.clock,
    polling: deps.polling?.instances ?? INSTANCE_POLL_POLICY,
    signal: deps.signal,
    onWaiting: (op) =>
      progress.output(
        `waiting for operation ${op.operationId} (${op.action ?? 'running'}) on the stack set to end first`,
      ),
  };
}

interface Moved {
  /** The account where it now is. */
  readonly account: OrgAccount;
  readonly placement: AccountPlacement;
  /** This run moved it. */
  readonly moved: boolean;
  /** A dry run found it would move it. */
  readonly wouldMove: boolean;
}

async function moveStep(
  target: OnboardTarget,
  deps: OnboardDeps,
  account: OrgAccount,
  log: WriteLog,
  progress: TaskProgress,
): Promise<Moved> {
  const placed = placeAccount(deps.snapshot, deps.config.targets, account, target.ou);
  if ('error' in placed) throw new CisfleetError('NOT_TARGETED', placed.error);
  const stay: Moved = { account, placement: placed, moved: false, wouldMove: false };
  const where = pathOf(deps.snapshot, placed.moveTo ?? account.parentId);
  if (!placed.moveTo) {
    progress.title(`Account already in ${where}`);
    return stay;
  }
  // The snapshot may be stale (a previous run moved it): ask again before moving.
  const parent = await deps.organizations.parentOf(account.id);
  if (parent.id === placed.moveTo) {
    progress.title(`Account already in ${where}`);
    return stay;
  }
  const from = pathOf(deps.snapshot, parent.id);
  if (deps.dryRun) {
    log.wouldDo.push(`move from ${from} to ${where}`);
    progress.title(`(dry run) would move the account from ${from} to ${where}`);
    return { ...stay, wouldMove: true };
  }
  await deps.organizations.moveAccount(account.id, parent.id, placed.moveTo);
  log.changes.push(`moved from ${from} to ${where}`);
  progress.title(`Moved the account from ${from} to ${where}`);
  return { ...stay, account: { ...account, parentId: placed.moveTo, ouPath: where }, moved: true };
}

async function roleStep(deps: OnboardDeps, account: OrgAccount, progress: TaskProgress): Promise<void> {
  const { memberRole } = deps.config;
  const attempts = await waitForMemberRole(deps.members, account.id, {
    roleName: memberRole.name,
    // A dry run looks once: it does not sit waiting for a role nothing it did created.
    timeoutMs: deps.dryRun ? 0 : deps.timeouts.roleMs,
    clock: deps.clock,
    ...(deps.polling?.role ? { polling: deps.polling.role } : {}),
    describeError: deps.describeError,
    signal: deps.signal,
    onRetry: (attempt, reason) => progress.output(`attempt ${attempt}: ${reason}; retrying`),
  });
  progress.title(`Role ${memberRole.name} assumable${attempts > 1 ? ` after ${attempts} attempts` : ''}`);
}

/** The account's Config recorders per region, as preflight found them. */
async function preflightStep(
  deps: OnboardDeps,
  account: OrgAccount,
  progress: TaskProgress,
): Promise<Record<string, RecorderState>> {
  const { config } = deps;
  const [result] = await preflightAccounts(deps.members, [account], config.regions, {
    concurrency: 1,
    describeError: deps.describeError,
    executionRole: executionRoleCheckFor(config.stackSet),
  });
  // Caught here, a missing or untrusting execution role fails no stack instance.
  if (!result || !result.reachable)
    throw new CisfleetError(
      'UNREACHABLE',
      `the account cannot be deployed to: ${result && !result.reachable ? result.reason : 'no result'}`,
    );
  const wanted = accountOverrides(config, account.id, result.recorders);
  // accountOverrides tells the recorders the stack set made (a previous run's) from foreign ones.
  const existing = config.regions.filter((r) => wanted[r]?.[TEMPLATE_PARAMETERS.createConfigRecorder] === 'false');
  progress.title(
    existing.length > 0
      ? `Preflight: existing recorder in ${existing.join(', ')}, the stack will not create one there`
      : 'Preflight: no existing Config recorder',
  );
  return result.recorders;
}

interface InstancesInput {
  readonly account: OrgAccount;
  readonly placement: AccountPlacement;
  readonly recorders: Record<string, RecorderState>;
  readonly moved: boolean;
  readonly moveWouldHappen: boolean;
}

interface Deployed {
  /** The parameter overrides the account's instances must have, per region. */
  readonly wanted: Record<string, Record<string, string>>;
  /** Instances were created or updated (so the rules are new or redeployed). */
  readonly deployed: boolean;
}

async function instancesStep(
  deps: OnboardDeps,
  input: InstancesInput,
  log: WriteLog,
  progress: TaskProgress,
): Promise<Deployed> {
  const { config } = deps;
  const regions = config.regions;
  const stackSet = await deps.stackSets.describeStackSet(config.stackSet.name);
  if (!stackSet)
    throw new CisfleetError(
      'NO_STACK_SET',
      `stack set ${config.stackSet.name} does not exist in ${config.organization.homeRegion}: run cisfleet rollout first`,
    );
  // Relative to the stack set's own CreateConfigRecorder, which rollout chose (decision 0006).
  const base = stackSet.parameters[TEMPLATE_PARAMETERS.createConfigRecorder];
  const wanted = accountOverrides(config, input.account.id, input.recorders, base);
  const untouched: Deployed = { wanted, deployed: false };
  const context = instanceContext(deps, input.account, input.placement, wanted, progress);
  const autoDeploys =
    stackSet.permissionModel === 'SERVICE_MANAGED' &&
    stackSet.autoDeployment?.enabled === true &&
    input.placement.viaTargetedOu;
  let instances = await accountInstances(context);
  if (deps.dryRun && input.moveWouldHappen && autoDeploys) {
    log.wouldDo.push('let auto-deployment create the instances after the move, then check their overrides');
    progress.title('(dry run) auto-deployment would create the instances after the move');
    return untouched;
  }
  if ((autoDeploys && input.moved) || instances.some(isInFlight)) {
    progress.output('waiting for auto-deployment');
    instances = (
      await pollInstances(context, deps.timeouts.autoDeploymentMs, deployedEverywhere(regions), (found) =>
        progress.output(`auto-deployment: ${found.length} of ${regions.length} instances so far`),
      )
    ).instances;
  }
  const plan = planFor(context, instances);
  if (!planWrites(plan)) {
    progress.title(`Stack instances present in ${regions.join(', ')}`);
    return untouched;
  }
  if (deps.dryRun) {
    log.wouldDo.push(...describePlan(plan, 'would'));
    progress.title(`(dry run) would ${describePlan(plan, 'would').join('; ')}`);
    return untouched;
  }
  const applied = await applyInstancePlan(context, plan, (text) => progress.output(text));
  log.changes.push(`${describePlan(plan, 'did').join('; ')} (operations ${applied.operationIds.join(', ')})`);
  progress.title(`Stack instances: ${describePlan(plan, 'did').join('; ')}`);
  return { wanted, deployed: true };
}

/** Starts an evaluation of the account's rules and waits for their first results; returns the rules still pending. */
async function evaluateStep(
  deps: OnboardDeps,
  account: OrgAccount,
  changed: boolean,
  log: WriteLog,
  progress: TaskProgress,
): Promise<PendingRules[]> {
  const { config } = deps;
  const regions = config.regions;
  // An account that was already onboarded has results: re-running verifies, it does not ask AWS for work.
  if (!changed) {
    progress.title('Evaluate the Config rules: not needed, nothing changed');
    return [];
  }
  if (deps.dryRun) {
    log.wouldDo.push('start a Config rules evaluation in each region');
    progress.title('(dry run) would start a Config rules evaluation in each region');
    return [];
  }
  const rules = (region: string) => rulesForRegion(config, region);
  const started = await startEvaluations(deps.evaluation, account.id, regions, rules);
  const waited = await waitForFirstResults(deps.evaluation, account.id, regions, rules, {
    timeoutMs: deps.timeouts.firstResultsMs,
    pollMs: deps.timeouts.firstResultsPollMs,
    clock: deps.clock,
    signal: deps.signal,
  });
  const pendingRules = waited.filter((w) => w.pending.length > 0).map((w) => ({ region: w.region, rules: w.pending }));
  for (const pending of pendingRules) {
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
      `${count((w) => w.nothingInScope)} with nothing to evaluate${pendingRules.length > 0 ? `, ${count((w) => w.pending)} still pending` : ''}`,
  );
  return pendingRules;
}

/** The account, existing or created (or undefined: a dry run of an account still to create). */
async function createStep(
  target: Extract<OnboardTarget, { kind: 'create' }>,
  deps: OnboardDeps,
  log: WriteLog,
  progress: TaskProgress,
): Promise<OrgAccount | undefined> {
  const email = target.email.toLowerCase();
  const existing = deps.snapshot.accounts.find((a) => a.email.toLowerCase() === email && a.name === target.name);
  if (existing) {
    progress.title(`Account ${target.name} exists: ${existing.id}`);
    return existing;
  }
  // A run stopped while CreateAccount was in progress: pick that request up instead of asking twice.
  const pending = (await deps.organizations.listPendingCreations()).find((c) => c.accountName === target.name);
  if (!pending && deps.dryRun) {
    log.wouldDo.push(`create account ${target.name} <${target.email}>`);
    progress.title(`(dry run) would create account ${target.name} <${target.email}>`);
    return undefined;
  }
  const creation =
    pending ??
    (await deps.organizations.createAccount({
      name: target.name,
      email: target.email,
      roleName: deps.config.memberRole.name,
    }));
  if (!pending) log.changes.push(`requested account creation ${creation.requestId}`);
  progress.output(`creation request ${creation.requestId}: waiting for AWS`);
  const accountId = await deps.organizations.waitForAccountCreation(creation.requestId, {
    timeoutMs: deps.timeouts.creationMs,
    clock: deps.clock,
    signal: deps.signal,
    onPoll: (c) => progress.output(`creation request ${c.requestId}: ${c.state}`),
  });
  const parent = await deps.organizations.parentOf(accountId);
  log.changes.push(`created account ${accountId}`);
  progress.title(`Created account ${target.name}: ${accountId}`);
  return {
    id: accountId,
    name: target.name,
    email: target.email,
    state: 'ACTIVE',
    parentId: parent.id,
    ouPath: pathOf(deps.snapshot, parent.id),
  };
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
