import { writeFile } from 'node:fs/promises';
import { AbortError, ConfigError, EXIT_CODES, type ExitCode } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import { MemberGateway } from '../aws/member-gateway.js';
import { StackSetsGateway } from '../aws/stacksets-gateway.js';
import { BaseAccountAccess, StacksGateway } from '../aws/stacks-gateway.js';
import { formatAwsError } from '../aws/errors.js';
import { WaitAbortedError, type PollPolicy } from '../aws/operation-poller.js';
import type { AwsClientFactory } from '../aws/client-factory.js';
import { checkRemediationTemplate, loadRemediationTemplate } from '../templates/remediation-template.js';
import { configFitProblems } from '../templates/config-fit.js';
import { parseCfnYaml } from '../templates/cfn-yaml.js';
import { asCfnTemplate } from '../templates/template-model.js';
import { resourcePrefixProblem } from '../planning/immutable-parameters.js';
import {
  desiredStackSet,
  withRecorderBase,
  type DesiredStackSet,
  type TemplateIdentity,
} from '../planning/desired-stackset.js';
import { chooseRecorderBase } from '../planning/recorder-base.js';
import { TEMPLATE_PARAMETERS } from '../controls/catalog.js';
import { resolveTargets, unresolvedTargetsError, type ResolvedTargets } from '../planning/targets.js';
import {
  accountsNeedingPreflight,
  buildRolloutPlan,
  instancesNeedingOverrides,
  type CurrentRolloutState,
  type RolloutPlan,
} from '../planning/rollout-plan.js';
import { executionRoleCheckFor, preflightAccounts, preflightCounting } from '../execution/preflight.js';
import type { AccountPreflight } from '../model/account-preflight.js';
import { applySteps, type AppliedStep } from '../execution/rollout-apply.js';
import type { RolloutOutcome } from '../model/rollout-outcome.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { OrgSnapshot } from '../org/model.js';
import type { InstanceScope, PlainStackState, StackSetOperation } from '../model/stack-sets.js';
import { needsAttention } from '../model/operation-outcome.js';
import type { CommandContext, GlobalOptions } from './command-context.js';
import { progressSession, type TaskProgress } from '../ui/tasks.js';
import { formatOperationProgress } from '../ui/operation-progress.js';
import { describeApplied, renderRolloutPlan, renderRolloutSummary } from '../ui/rollout-render.js';
import { confirmer, type Confirm } from '../ui/confirm.js';
import { createClientFactory, operationTimeoutMs, type AwsOverrides } from './aws-context.js';
import { checkCaller } from './caller-step.js';
import { describeCaller } from '../planning/caller-check.js';
import type { CallerIdentity } from '../model/caller.js';
import { computeImpact } from './impact.js';
import { controlsTurnedToAuto } from '../planning/enforcement.js';
import type { ImpactReport } from '../model/impact.js';
import { renderImpact } from '../impact/render.js';
import { holdStopSignal } from './stop-signal.js';
import { statusCommandFor } from './resume-command.js';

/** Longest delay between two polls of a running operation. */
const ROLLOUT_MAX_POLL_MS = 5000;

export interface RolloutOptions {
  readonly dryRun: boolean;
  /** Narrow the rollout to these OUs (paths or ids, each one of accounts.yaml's targets or below them). */
  readonly ous?: readonly string[];
  /** Narrow the rollout to these regions (each one of accounts.yaml's regions). */
  readonly regions?: readonly string[];
  /** Write the plan as versioned JSON to this file. */
  readonly out?: string;
  /** Take every instance and the stack set away instead of deploying. */
  readonly remove?: boolean;
  /** With remove: keep the stacks (and so the controls) in the accounts. */
  readonly retainStacks?: boolean;
  /**
   * Read the overrides of every instance, not only of the accounts accounts.yaml exempts: finds the DETECT
   * overrides of an exemption deleted from the file. One DescribeStackInstance per instance.
   */
  readonly refreshOverrides?: boolean;
}

/** What tests, the demo and the benchmarks may inject besides the endpoint and credentials. */
export interface RolloutOverrides extends AwsOverrides {
  polling?: Partial<PollPolicy>;
  /** Replaces the --yes / terminal confirmation. */
  confirm?: Confirm;
  /** Stops the run as Ctrl-C does (tests abort through it). */
  signal?: AbortSignal;
  /** Another template instead of stacksets/cis-remediation.yaml (tests of template changes). */
  template?: TemplateIdentity;
}

/** Everything a rollout run produced: the exit code, the plan, and what apply did. */
export interface RolloutRun {
  readonly exitCode: ExitCode;
  readonly plan: RolloutPlan;
  readonly outcome?: RolloutOutcome;
  /** Operations of others that the run waited for before planning. */
  readonly waitedFor: readonly StackSetOperation[];
  /** What AUTO will change, when the plan turns a control to AUTO. */
  readonly impact?: ImpactReport;
}

/** `cisfleet rollout`: validate → read → preflight → plan → (confirm) → apply → wait → summary. */
export async function rollout(
  context: CommandContext,
  options: RolloutOptions,
  overrides: RolloutOverrides = {},
): Promise<ExitCode> {
  return (await runRollout(context, options, overrides)).exitCode;
}

/** As `rollout`, returning the plan and outcome too (benchmarks and tests read them). */
export async function runRollout(
  context: CommandContext,
  options: RolloutOptions,
  overrides: RolloutOverrides = {},
): Promise<RolloutRun> {
  const { reporter, globals } = context;
  // 1. Validate, before any AWS call.
  const { config, path } = await loadConfig(globals.config, { now: context.clock.now() });
  const templateProblems = checkRemediationTemplate().filter((p) => p.severity === 'error');
  if (templateProblems.length > 0) throw new ConfigError(templateProblems);
  const template = overrides.template ?? loadRemediationTemplate();
  const fitProblems = configFitProblems(config, asCfnTemplate(parseCfnYaml(template.body).value), path);
  if (fitProblems.length > 0) throw new ConfigError(fitProblems);
  const scopedRegions = narrowRegions(config, options.regions, path);
  const fullDesired = desiredStackSet(config, template);
  // Before reading: the stack set as accounts.yaml and --regions want it; the recorder base comes from what is read.
  const wanted: DesiredStackSet = { ...fullDesired, regions: scopedRegions };

  const factory = createClientFactory(globals, config, overrides);
  const signal = holdStopSignal(context, overrides.signal);
  try {
    const stackSets = new StackSetsGateway(factory, {
      region: wanted.region,
      callAs: wanted.callAs,
      clock: context.clock,
      // Someone is watching the progress: an operation's end is noticed within 5 s (the gateway's default
      // backs off to 15 s), at one DescribeStackSetOperation per 5 s.
      polling: { maxMs: ROLLOUT_MAX_POLL_MS, ...overrides.polling },
      operationTimeoutMs: operationTimeoutMs(globals),
    });
    const stacks = new StacksGateway(factory);
    const read = await readState(context, factory, config, path, wanted, options, stackSets, stacks, signal.signal);
    // Ctrl-C during reading or preflight: nothing has been changed yet.
    if (signal.signal.aborted) throw new AbortError('Interrupted before any change: nothing was started.', true);
    if (!options.remove) checkPermissionModel(read.current, wanted, path);
    const prefixProblem = options.remove ? undefined : resourcePrefixProblem(read.current, wanted, path);
    if (prefixProblem) throw new ConfigError([prefixProblem]);
    const desired = options.remove ? wanted : withRecorderBase(wanted, recorderBaseFrom(config, read));
    const plan = buildRolloutPlan(desired, read.current, read.targets, read.preflight, config, read.snapshot, {
      remove: options.remove,
      retainStacks: options.retainStacks,
      scope: read.scope,
      managementSkipReason:
        desired.callAs === 'DELEGATED_ADMIN'
          ? 'cisfleet runs from a delegated administrator: run it from the management account to deploy there'
          : undefined,
    });

    reporter.result(describeCaller(config, read.caller));
    reporter.result(renderRolloutPlan(plan, reporter.style));
    // Staged enforcement: a plan that turns a control to AUTO shows what AUTO will change, before it asks.
    const impact = await previewEnforcement(context, factory, config, path, plan, desired, read.snapshot);
    if (options.out) {
      await writeFile(options.out, `${JSON.stringify(plan, null, 2)}\n`);
      reporter.info(`Plan written to ${options.out}`);
    }
    const partial = plan.unreachable.length > 0;
    const finish = (exitCode: ExitCode, outcome?: RolloutOutcome): RolloutRun => {
      reporter.json({
        version: 1,
        caller: read.caller,
        plan,
        ...(impact ? { impact } : {}),
        outcome: outcome ? { operations: outcome.operations } : undefined,
        exitCode,
      });
      return { exitCode, plan, outcome, waitedFor: read.waitedFor, ...(impact ? { impact } : {}) };
    };
    if (options.dryRun) {
      reporter.info('Dry run: nothing was changed.');
      return finish(partial ? EXIT_CODES.partial : EXIT_CODES.ok);
    }
    if (plan.upToDate) {
      reporter.info(
        reporter.style.green(
          options.remove
            ? `Nothing to remove: stack set ${plan.stackSet.name} does not exist.`
            : `Stack set ${plan.stackSet.name} is up to date: no operation started.`,
        ),
      );
      return finish(partial ? EXIT_CODES.partial : EXIT_CODES.ok);
    }
    const confirm =
      overrides.confirm ??
      confirmer(reporter.mode, globals.yes, options.remove ? 'Removing the stack set' : 'A rollout');
    const question = options.remove
      ? `Remove ${plan.instances.remove.length} instances and stack set ${plan.stackSet.name}${options.retainStacks ? ' (stacks retained)' : ''}?`
      : `Run these ${plan.operations.length} operation${plan.operations.length === 1 ? '' : 's'}?`;
    if (!(await confirm(question))) throw new AbortError('Not confirmed: nothing was changed.');
    if (signal.signal.aborted) throw new AbortError('Interrupted before any change: nothing was started.', true);

    const steps = applySteps(plan, {
      stackSets,
      stacks,
      desired,
      signal: signal.signal,
      onWaiting: (op) => reporter.info(waitingMessage(op)),
      formatProgress: formatOperationProgress,
      describeApplied,
      clock: context.clock,
    });
    const session = progressSession(reporter.mode);
    // Each step's result as it ends: after Ctrl-C, --json still names what ended before.
    const applied: AppliedStep[] = [];
    try {
      for (const step of steps) applied.push(await session.step(step.title, (progress) => step.run(progress)));
    } catch (error) {
      const stopped = interrupted(error, globals);
      // --json: stdout still gets one document, naming the operation left running (the exit code says which signal).
      if (stopped instanceof RolloutInterruptedError) {
        reporter.json({
          version: 1,
          plan,
          outcome: { operations: applied.map((a) => a.operation) },
          interrupted: { operationId: stopped.operationId, resumeCommand: stopped.resumeCommand },
        });
      }
      throw stopped;
    }
    const outcome: RolloutOutcome = {
      operations: applied.map((a) => a.operation),
      waitedMs: applied.reduce((sum, a) => sum + a.waitedMs, 0),
    };
    reporter.result(renderRolloutSummary(plan, outcome, reporter.style));
    // Failed and cancelled instances make the run partial; skipped (suspended) accounts do not (docs/commands.md).
    const unfinished = outcome.operations.some((o) => needsAttention(o.verdict));
    return finish(unfinished || partial ? EXIT_CODES.partial : EXIT_CODES.ok, outcome);
  } finally {
    signal.release();
    factory.destroy();
  }
}

/** The impact of the controls the plan turns to AUTO, printed under the plan; undefined when it turns none. */
async function previewEnforcement(
  { reporter, clock }: CommandContext,
  factory: AwsClientFactory,
  config: CisfleetConfig,
  path: string,
  plan: RolloutPlan,
  desired: DesiredStackSet,
  snapshot: OrgSnapshot,
): Promise<ImpactReport | undefined> {
  const controls = controlsTurnedToAuto(plan, desired.spec.parameters);
  if (controls.length === 0) return undefined;
  const report = await progressSession(reporter.mode).step(
    `Preview what AUTO will change for ${controls.join(', ')}`,
    () => computeImpact(factory, config, path, controls, { clock, snapshot }),
  );
  reporter.result(
    renderImpact(report, 'table', {
      color: reporter.mode.color,
      ...(process.stdout.columns ? { width: process.stdout.columns } : {}),
    }),
  );
  return report;
}

interface ReadState {
  caller: CallerIdentity;
  snapshot: OrgSnapshot;
  targets: ResolvedTargets;
  current: CurrentRolloutState;
  preflight: AccountPreflight[];
  scope?: InstanceScope;
  waitedFor: StackSetOperation[];
}

/** Steps 2–3: the organization, the stack set (after any running operation ends), and preflight. */
async function readState(
  context: CommandContext,
  factory: AwsClientFactory,
  config: CisfleetConfig,
  path: string,
  desired: DesiredStackSet,
  options: RolloutOptions,
  stackSets: StackSetsGateway,
  stacks: StacksGateway,
  signal: AbortSignal,
): Promise<ReadState> {
  const { reporter } = context;
  const includeManagement = config.targets.includeManagementAccount && desired.callAs === 'SELF';
  const session = progressSession(reporter.mode);
  try {
    // Before anything else, and in a dry run too: a plan for another organization is no plan.
    const caller = await checkCaller(session, factory, config, path);
    const { snapshot, targets } = await session.step('Read the organization', async (progress) => {
      const read = await new OrganizationsGateway(factory).readOrganization();
      const resolved = resolveTargets(read, narrowTargets(config, options.ous));
      if (resolved.unresolved.length > 0) throw unresolvedTargetsError(path, read, resolved.unresolved);
      progress.title(
        `Read the organization: ${read.accounts.length} accounts, ${resolved.accounts.length} targeted, ${resolved.skipped.length} skipped`,
      );
      return { snapshot: read, targets: resolved };
    });
    const stackSetRead = await session.step(`Read stack set ${desired.spec.name}`, async (progress) => {
      const before = await stackSets.describeStackSet(desired.spec.name);
      const running = before && !options.dryRun ? await stackSets.findRunningOperation(desired.spec.name) : undefined;
      if (running) {
        reporter.info(waitingMessage(running));
        progress.title(waitingMessage(running));
        await waitForOthers(stackSets, desired.spec.name, running, progress, signal);
      }
      // After a wait, the stack set as that operation left it.
      const stackSet = running ? await stackSets.describeStackSet(desired.spec.name) : before;
      const instances = stackSet
        ? await stackSets.listInstances(desired.spec.name, {
            withOverrides: options.refreshOverrides || instancesNeedingOverrides(config),
          })
        : [];
      const trustedAccess =
        !stackSet && desired.spec.permissionModel === 'SERVICE_MANAGED'
          ? await stacks.trustedAccessEnabled(desired.region, desired.callAs)
          : undefined;
      const managementStacks: Record<string, PlainStackState> = {};
      if (includeManagement) {
        for (const region of desired.regions)
          managementStacks[region] = await stacks.describeStack(desired.spec.name, region);
      }
      const scoped = narrowCurrent(stackSet, instances, targets, desired.regions, options);
      progress.title(
        stackSet
          ? `Read stack set ${desired.spec.name}: ${instances.length} instances in ${stackSet.regions.length} regions`
          : `Read stack set ${desired.spec.name}: not created yet`,
      );
      const read: CurrentRolloutState = {
        stackSet: scoped.stackSet,
        instances: scoped.instances,
        trustedAccess,
        managementStacks,
      };
      return { current: read, scope: scoped.scope, waitedFor: running ? [running] : [] };
    });
    const { current, scope, waitedFor } = stackSetRead;
    const preflighted = options.remove
      ? []
      : await session.step(`Preflight with role ${config.memberRole.name}`, (progress) =>
          preflight(config, desired, factory, { snapshot, targets, current }, includeManagement, progress),
        );
    return { caller, snapshot, targets, current, preflight: preflighted, scope, waitedFor };
  } catch (error) {
    throw interrupted(error, context.globals);
  }
}

/** Preflights the accounts the plan needs (bounded), and the management account with its own credentials. */
async function preflight(
  config: CisfleetConfig,
  desired: DesiredStackSet,
  factory: AwsClientFactory,
  state: Pick<ReadState, 'snapshot' | 'targets' | 'current'>,
  includeManagement: boolean,
  progress: TaskProgress,
): Promise<AccountPreflight[]> {
  const needed = new Set(accountsNeedingPreflight(state.targets, desired.regions, state.current.instances));
  const accounts = state.targets.accounts.filter((a) => needed.has(a.id));
  // Recorder state matters only when cisfleet decides per account whether to create one.
  const regions = config.configRecorder.mode === 'auto' ? desired.regions : [];
  const { results, unreachable } = await preflightCounting(new MemberGateway(factory), accounts, regions, {
    concurrency: config.concurrency.accounts,
    describeError: formatAwsError,
    executionRole: executionRoleCheckFor(config.stackSet),
    output: (text) => progress.output(text),
  });
  const management = state.snapshot.managementAccountId;
  const managementNeeded = includeManagement && desired.regions.some((r) => !state.current.managementStacks[r]?.exists);
  if (managementNeeded) {
    const [own] = await preflightAccounts(
      new BaseAccountAccess(factory),
      [{ id: management } as OrgSnapshot['accounts'][number]],
      regions,
      {
        concurrency: 1,
        describeError: formatAwsError,
      },
    );
    if (own) results.push(own);
  }
  progress.title(
    accounts.length === 0 && !managementNeeded
      ? 'Preflight: every targeted account already has a current instance'
      : `Preflight: ${accounts.length - unreachable} of ${accounts.length} accounts reachable, ${results.filter((r) => r.reachable && Object.values(r.recorders).some((x) => x.recorderName)).length} with a Config recorder`,
  );
  return results;
}

/** The stack set's CreateConfigRecorder from what preflight found (decision 0006). */
function recorderBaseFrom(config: CisfleetConfig, read: ReadState) {
  const checked = read.preflight.flatMap((p) => (p.reachable ? [p.recorders] : []));
  const deployed = read.current.stackSet?.parameters[TEMPLATE_PARAMETERS.createConfigRecorder];
  return chooseRecorderBase(config, checked, deployed);
}

/**
 * A stack set keeps the permission model it was created with: UpdateStackSet cannot change it while it has
 * instances, and the plan's targets (OUs or account ids) only fit one model. Switching means removing first.
 */
function checkPermissionModel(current: CurrentRolloutState, desired: DesiredStackSet, path: string): void {
  const existing = current.stackSet?.permissionModel;
  const wanted = desired.spec.permissionModel;
  if (existing === undefined || existing === wanted) return;
  throw new ConfigError([
    {
      file: path,
      line: 0,
      col: 0,
      path: 'stackSet.permissionModel',
      message:
        `stack set ${desired.spec.name} is ${existing}, accounts.yaml says ${wanted}: a stack set keeps its permission model. ` +
        `Run \`cisfleet rollout --remove\` first, then roll out again, or set permissionModel: ${existing}`,
      severity: 'error',
    },
  ]);
}

/** Waits for an operation someone else started, showing its progress; it is theirs, so its failures are not ours. */
async function waitForOthers(
  stackSets: StackSetsGateway,
  name: string,
  running: StackSetOperation,
  progress: TaskProgress,
  signal: AbortSignal,
): Promise<void> {
  await stackSets.waitForOperation(name, running.operationId, {
    signal,
    onProgress: (p) => progress.output(formatOperationProgress(p)),
  });
}

function waitingMessage(op: StackSetOperation): string {
  return `Waiting for operation ${op.operationId} (${op.action ?? 'operation'}, ${op.status}, started by someone else) to end before cisfleet starts its own`;
}

/**
 * Ctrl-C or SIGTERM stops waiting: the running operation stays, and the message says how to pick it up again
 * with the exact command (this run's --config, --profile, --region and --endpoint-url).
 */
function interrupted(error: unknown, globals: GlobalOptions): unknown {
  if (!(error instanceof WaitAbortedError)) return error;
  return new RolloutInterruptedError(error.operationId, statusCommandFor(error.operationId, globals));
}

/** An interrupted apply: which operation keeps running in AWS, and the command that follows it. */
class RolloutInterruptedError extends AbortError {
  constructor(
    readonly operationId: string,
    readonly resumeCommand: string,
  ) {
    super(
      `Interrupted: operation ${operationId} keeps running in AWS. Follow it with \`${resumeCommand}\`, or run \`cisfleet rollout\` again to attach to it and finish the rollout.`,
      true,
    );
  }
}

function narrowRegions(config: CisfleetConfig, regions: readonly string[] | undefined, path: string): string[] {
  if (!regions || regions.length === 0) return [...config.regions];
  const unknown = regions.filter((r) => !config.regions.includes(r as never));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((r) => ({
        file: path,
        line: 0,
        col: 0,
        path: 'regions',
        message: `--region ${r} is not one of accounts.yaml's regions (${config.regions.join(', ')})`,
        severity: 'error' as const,
      })),
    );
  }
  return config.regions.filter((r) => regions.includes(r));
}

/** `--ou`: these OUs instead of accounts.yaml's (exclusions still apply; accounts included by id do not). */
function narrowTargets(config: CisfleetConfig, ous: readonly string[] | undefined) {
  const t = config.targets;
  if (!ous || ous.length === 0) return t;
  return {
    organizationalUnitIds: ous.filter((o) => !o.startsWith('/')),
    organizationalUnitPaths: ous.filter((o) => o.startsWith('/')),
    includeAccounts: [],
    excludeAccounts: t.excludeAccounts,
  };
}

/**
 * With --ou or --region, only instances in scope are compared, so nothing outside is removed, and a stack set
 * update is limited to them.
 */
function narrowCurrent(
  stackSet: CurrentRolloutState['stackSet'],
  instances: CurrentRolloutState['instances'],
  targets: ResolvedTargets,
  regions: readonly string[],
  options: RolloutOptions,
): { stackSet: CurrentRolloutState['stackSet']; instances: CurrentRolloutState['instances']; scope?: InstanceScope } {
  const narrowed = (options.ous?.length ?? 0) > 0 || (options.regions?.length ?? 0) > 0;
  if (!narrowed || options.remove) return { stackSet, instances };
  const accounts = new Set(targets.accounts.map((a) => a.id));
  const inScope = instances.filter(
    (i) => regions.includes(i.region) && (!options.ous?.length || (i.account !== undefined && accounts.has(i.account))),
  );
  const scope: InstanceScope = {
    targets:
      stackSet?.permissionModel === 'SELF_MANAGED'
        ? { accounts: [...accounts] }
        : { organizationalUnitIds: options.ous?.length ? targets.ouIds : [...(stackSet?.organizationalUnitIds ?? [])] },
    regions,
  };
  return {
    stackSet: stackSet && {
      ...stackSet,
      organizationalUnitIds: stackSet.organizationalUnitIds.filter(
        (o) => !options.ous?.length || targets.ouIds.includes(o),
      ),
    },
    instances: inScope,
    scope,
  };
}
