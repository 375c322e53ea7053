import { terminalText } from '../safe-text.js';
import { EXIT_CODES, UsageError, type ExitCode } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import type { CisfleetConfig } from '../config/schema.js';
import { ConfigEvaluationGateway } from '../aws/config-evaluation-gateway.js';
import { formatAwsError } from '../aws/errors.js';
import { MemberGateway } from '../aws/member-gateway.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import { StackSetsGateway } from '../aws/stacksets-gateway.js';
import {
  checkTarget,
  DEFAULT_ONBOARD_TIMEOUTS,
  onboardAccount,
  OnboardStepError,
  type OnboardDeps,
  type OnboardResult,
  type OnboardTarget,
  type OnboardTimeouts,
} from '../execution/onboard-steps.js';
import type { OrgSnapshot } from '../org/model.js';
import { accountsMissingInstances } from '../planning/onboard-plan.js';
import { resolveTargets } from '../planning/targets.js';
import { formatReport, type ReportFormat } from '../report/output.js';
import type { CommandContext } from './command-context.js';
import { progressSession } from '../ui/tasks.js';
import { checkCaller } from './caller-step.js';
import { createClientFactory, operationTimeoutMs, parseDuration, type AwsOverrides } from './aws-context.js';
import { holdStopSignal } from './stop-signal.js';

export interface OnboardOptions {
  /** `--account ID`: an existing account. */
  readonly accountId?: string;
  /** `--create --name --email`: an account to create first. */
  readonly create?: { readonly name: string; readonly email: string };
  /** `--ou PATH|ID`: where the account must be (required with --create). */
  readonly ou?: string;
  /** `--all-pending`: targeted accounts missing instances, and accounts.yaml targets.onboard entries. */
  readonly allPending: boolean;
  readonly dryRun: boolean;
  /** Format of the account's report; accounts.yaml report.format when not given. */
  readonly format?: ReportFormat;
  /** --creation-timeout, --role-timeout, --instances-timeout, --results-timeout (`90s`, `30m`, `1h`). */
  readonly timeouts?: {
    readonly creation?: string;
    readonly role?: string;
    readonly instances?: string;
    readonly results?: string;
  };
}

/** What tests and the demo set besides the AWS endpoint: shorter waits. */
export interface OnboardOverrides extends AwsOverrides {
  timeouts?: Partial<OnboardTimeouts>;
  polling?: OnboardDeps['polling'];
  /** Stops the run as Ctrl-C does (tests abort through it). */
  signal?: AbortSignal;
}

/** One account's outcome, as `--json` prints it: what onboarding returned, or the step that failed. */
type AccountOutcome =
  | { readonly target: OnboardTarget; readonly result: OnboardResult; readonly error?: undefined }
  | { readonly target: OnboardTarget; readonly error: OnboardStepError };

/**
 * `cisfleet onboard`: brings one account (or every pending one) under the remediation and proves it with its
 * report. Exit codes (docs/commands/onboard.md): 0 onboarded or verified, 1 a step failed (the error names it
 * and how to resume), 2 usage or config, 3 some accounts failed (--all-pending), 130 interrupted.
 */
export async function onboard(
  context: CommandContext,
  options: OnboardOptions,
  overrides: OnboardOverrides = {},
): Promise<ExitCode> {
  checkUsage(options);
  timeoutFlags(options);
  const { reporter, globals } = context;
  const { config, path } = await loadConfig(globals.config, { now: context.clock.now() });
  const factory = createClientFactory(globals, config, overrides);
  const interrupt = holdStopSignal(context, overrides.signal);
  const stop = interrupt.signal;
  try {
    const { clock } = context;
    const organizations = new OrganizationsGateway(factory);
    const stackSets = new StackSetsGateway(factory, {
      region: config.organization.homeRegion,
      callAs: config.organization.callAs,
      clock,
      operationTimeoutMs: operationTimeoutMs(globals),
    });
    const session = progressSession(reporter.mode);
    await checkCaller(session, factory, config, path);
    const { snapshot, targets } = await session.step('Read the organization', async (progress) => {
      const read = await organizations.readOrganization();
      const found = options.allPending ? await pendingTargets(config, read, stackSets) : [singleTarget(options)];
      progress.title(`Read the organization: ${read.accounts.length} accounts, ${found.length} to onboard`);
      return { snapshot: read, targets: found };
    });
    const deps: OnboardDeps = {
      config,
      factory,
      snapshot,
      organizations,
      stackSets,
      members: new MemberGateway(factory),
      evaluation: new ConfigEvaluationGateway(factory),
      describeError: formatAwsError,
      clock,
      timeouts: { ...DEFAULT_ONBOARD_TIMEOUTS, ...timeoutFlags(options), ...overrides.timeouts },
      ...(overrides.polling ? { polling: overrides.polling } : {}),
      dryRun: options.dryRun,
      signal: stop,
      warn: (message) => reporter.warn(message),
    };
    const [single] = targets;
    if (!options.allPending && single) {
      const problem = checkTarget(deps, single);
      if (problem) throw new UsageError(`Cannot onboard: ${problem}.`);
    }

    const outcomes: AccountOutcome[] = [];
    for (const target of targets) {
      const problem = checkTarget(deps, target);
      try {
        if (problem)
          throw new OnboardStepError(
            'Check the target',
            describeTarget(target),
            'cisfleet onboard --all-pending',
            { account: undefined, changes: [], wouldDo: [] },
            new UsageError(problem),
          );
        outcomes.push({ target, result: await onboardAccount(session, target, deps) });
      } catch (error) {
        if (!options.allPending || !(error instanceof OnboardStepError) || stop.aborted) throw error;
        reporter.error(error.message);
        outcomes.push({ target, error });
      }
    }
    print(context, config, options, outcomes);
    if (outcomes.length === 0) reporter.info('No account is pending: every targeted account has its stack instances.');
    return outcomes.some((o) => o.error) ? EXIT_CODES.partial : EXIT_CODES.ok;
  } finally {
    interrupt.release();
    factory.destroy();
  }
}

/** The onboard wait flags over the defaults (a duration it cannot read is a usage error). */
function timeoutFlags(options: OnboardOptions): Partial<OnboardTimeouts> {
  const t = options.timeouts ?? {};
  return {
    ...(t.creation !== undefined ? { creationMs: parseDuration('creation-timeout', t.creation) } : {}),
    ...(t.role !== undefined ? { roleMs: parseDuration('role-timeout', t.role) } : {}),
    ...(t.instances !== undefined ? { currentMs: parseDuration('instances-timeout', t.instances) } : {}),
    ...(t.results !== undefined ? { firstResultsMs: parseDuration('results-timeout', t.results) } : {}),
  };
}

function checkUsage(options: OnboardOptions): void {
  const modes = [options.accountId !== undefined, options.create !== undefined, options.allPending].filter(
    Boolean,
  ).length;
  if (modes !== 1)
    throw new UsageError(
      'Give exactly one of --account ID, --create (with --name, --email and --ou), or --all-pending.',
    );
  if (options.create && !options.ou)
    throw new UsageError('--create needs --ou: the OU the new account goes to (under a targeted OU).');
  if (options.accountId !== undefined && !/^\d{12}$/.test(options.accountId))
    throw new UsageError(`--account ${options.accountId} is not an AWS account id (12 digits).`);
}

function singleTarget(options: OnboardOptions): OnboardTarget {
  const ou = options.ou !== undefined ? { ou: options.ou } : {};
  return options.create
    ? { kind: 'create', name: options.create.name, email: options.create.email, ou: options.ou! }
    : { kind: 'existing', accountId: options.accountId!, ...ou };
}

/**
 * `--all-pending`: every ACTIVE targeted account without an instance in some region, then every accounts.yaml
 * targets.onboard entry that does not exist yet (matched by email and name).
 */
async function pendingTargets(
  config: CisfleetConfig,
  snapshot: OrgSnapshot,
  stackSets: StackSetsGateway,
): Promise<OnboardTarget[]> {
  if (!(await stackSets.describeStackSet(config.stackSet.name))) {
    throw new UsageError(
      `stack set ${config.stackSet.name} does not exist in ${config.organization.homeRegion}: run cisfleet rollout first`,
    );
  }
  const instances = await stackSets.listInstances(config.stackSet.name);
  const missing = accountsMissingInstances(
    resolveTargets(snapshot, config.targets).accounts,
    instances,
    config.regions,
  );
  const toCreate = config.targets.onboard.filter(
    (entry) =>
      !snapshot.accounts.some((a) => a.email.toLowerCase() === entry.email.toLowerCase() && a.name === entry.name),
  );
  return [
    ...missing.map((a): OnboardTarget => ({ kind: 'existing', accountId: a.id })),
    ...toCreate.map((entry): OnboardTarget => ({
      kind: 'create',
      name: entry.name,
      email: entry.email,
      ou: entry.organizationalUnit,
    })),
  ];
}

function describeTarget(target: OnboardTarget): string {
  return target.kind === 'create' ? `new account ${target.name}` : `account ${target.accountId}`;
}

/** Results to stdout: each account's report (or the whole outcome as JSON); the summary to stderr. */
function print(
  context: CommandContext,
  config: CisfleetConfig,
  options: OnboardOptions,
  outcomes: readonly AccountOutcome[],
): void {
  const { reporter } = context;
  reporter.json({
    version: 1,
    dryRun: options.dryRun,
    accounts: outcomes.map((outcome) => {
      const { target, error } = outcome;
      // A failed account: what was known when its step failed.
      const known = error ? error.soFar : outcome.result;
      return {
        accountId: known.account?.id,
        name: known.account?.name ?? (target.kind === 'create' ? target.name : undefined),
        status: error ? 'failed' : options.dryRun ? 'dry-run' : known.changes.length > 0 ? 'onboarded' : 'verified',
        changes: known.changes,
        ...(options.dryRun ? { wouldDo: known.wouldDo } : {}),
        rulesWithoutResults: error ? [] : outcome.result.pendingRules,
        ...(error ? { error: { step: error.step, message: error.message } } : {}),
        report: error ? undefined : outcome.result.report,
      };
    }),
  });
  const format = options.format ?? config.report.format;
  for (const outcome of outcomes) {
    if (outcome.error) continue;
    const { target, result } = outcome;
    const name = terminalText(
      result.account
        ? `Account ${result.account.id} (${result.account.name})`
        : `New account ${target.kind === 'create' ? target.name : ''}`,
    );
    if (result.report && !reporter.mode.json)
      reporter.write(formatReport(result.report, format, { color: reporter.mode.color }));
    if (options.dryRun) {
      reporter.info(
        result.wouldDo.length > 0
          ? `${name}: a real run would ${result.wouldDo.join('; ')}.`
          : `${name} is onboarded: a real run would change nothing.`,
      );
    } else if (result.changes.length > 0) {
      reporter.info(`${reporter.style.green('Onboarded')} ${name}: ${result.changes.join('; ')}.`);
    } else {
      reporter.info(`${name} was already onboarded: verified, nothing changed.`);
    }
  }
}
