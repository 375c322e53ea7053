import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { terminalView } from '../safe-text.js';
import { createInterface } from 'node:readline';
import { AuthError, AwsOperationError, EXIT_CODES, UsageError, type ExitCode } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import { StackSetsGateway } from '../aws/stacksets-gateway.js';
import { StacksGateway } from '../aws/stacks-gateway.js';
import { resolveTargets, unresolvedTargetsError } from '../planning/targets.js';
import type { OrgAccount, OrgSnapshot } from '../org/model.js';
import { buildReport, type DriftInput, type InstancesInput, type ManagementInput } from '../report/build.js';
import { compareReports, readPreviousReport, type PreviousReport } from '../report/compare.js';
import { evaluateFailOn, type FailOnCondition } from '../report/fail-on.js';
import {
  gatherCompliance,
  gatherDrift,
  gatherInstances,
  gatherManagementStacks,
  type ReportSource,
} from '../report/gather.js';
import type { ComplianceReport, ReportComparison } from '../report/model.js';
import { formatReportLines, writeLinesToFile, type ReportFormat } from '../report/output.js';
import type { CommandContext } from './command-context.js';
import { loadRemediationTemplate } from '../templates/remediation-template.js';
import { progressSession, type TaskProgress } from '../ui/tasks.js';
import { createClientFactory, operationTimeoutMs, type AwsOverrides } from './aws-context.js';
import { changesWindow, logChanges, readChanges } from '../report/changes/read.js';
import { holdStopSignal } from './stop-signal.js';

export interface ReportOptions {
  /** Where compliance comes from; default accounts.yaml report.source. */
  readonly source?: ReportSource;
  /** Run StackSet drift detection first (`--drift`). */
  readonly drift: boolean;
  /** Default: json with --json, otherwise accounts.yaml report.format. */
  readonly format?: ReportFormat;
  /** Write the report to this file instead of stdout. */
  readonly output?: string;
  /** Conditions that exit with code 4; given, they replace accounts.yaml report.failOn. */
  readonly failOn?: readonly FailOnCondition[];
  /** A previous JSON report to compare with. */
  readonly compare?: string;
  /** List what automatic remediation did (`--changes`) in this window (`--since`, default 24h). */
  readonly changes?: { readonly since?: string };
}

/**
 * `cisfleet report`: compliance per account × region × control with exact counts, stack instance status and
 * drift, in the chosen format. Exit codes (docs/commands/report.md): 4 when a --fail-on condition is met
 * (it wins), 3 when some account × region could not be read, 0 otherwise; 1 and 2 for errors and usage.
 */
export async function report(
  context: CommandContext,
  options: ReportOptions,
  overrides: AwsOverrides = {},
): Promise<ExitCode> {
  const { reporter, globals } = context;
  const { config, path } = await loadConfig(globals.config, { now: context.clock.now() });
  const format = options.format ?? (reporter.mode.json ? 'json' : config.report.format);
  // Read the previous report first: a wrong file should fail before minutes of reading the organization.
  const previous = options.compare ? await readPrevious(options.compare) : undefined;
  const since = options.changes ? changesWindow(options.changes.since, new Date(context.clock.now())) : undefined;
  const factory = createClientFactory(globals, config, overrides);
  try {
    const stackSets = new StackSetsGateway(factory, {
      region: config.organization.homeRegion,
      callAs: config.organization.callAs,
      clock: context.clock,
      operationTimeoutMs: operationTimeoutMs(globals),
    });
    // Rollout deploys the management account's plain stack only from the management account itself (callAs
    // SELF): only there are the base credentials the management account's.
    const includeManagement = config.targets.includeManagementAccount && config.organization.callAs === 'SELF';
    const warn = (message: string) => reporter.warn(message);
    const session = progressSession(reporter.mode);
    const { snapshot, accounts, managementAccount } = await session.step('Read the organization', async (progress) => {
      const snapshot = await new OrganizationsGateway(factory).readOrganization();
      const targets = resolveTargets(snapshot, config.targets);
      if (targets.unresolved.length > 0) throw unresolvedTargetsError(path, snapshot, targets.unresolved);
      progress.title(
        `Read the organization: ${targets.accounts.length} targeted accounts × ${config.regions.length} regions`,
      );
      return {
        snapshot,
        accounts: targets.accounts,
        managementAccount: includeManagement ? managementAccountOf(snapshot) : undefined,
      };
    });
    const compliance = await session.step('Read compliance', async (progress) => {
      const source = options.source ?? config.report.source;
      const gathered = await gatherCompliance(
        factory,
        config,
        [...accounts, ...(managementAccount ? [managementAccount] : [])].map((a) => a.id),
        {
          source,
          ...(managementAccount ? { managementAccountId: managementAccount.id } : {}),
          onWarning: warn,
          onProgress: (p) => progress.output(`${p.done}/${p.total} accounts read`),
        },
      );
      const failed = gathered.results.filter((r) => r.status === 'failed').length;
      const fellBack = gathered.fellBack > 0 ? `, ${gathered.fellBack} read from the accounts` : '';
      progress.title(
        `Read compliance from ${gathered.source}: ${gathered.results.length - failed} account × regions read, ${failed} not${fellBack}`,
      );
      return gathered;
    });
    const stackSet = options.drift
      ? await session.step(`Detect drift of stack set ${config.stackSet.name}`, (progress) =>
          detectDrift(context, stackSets, config.stackSet.name, progress),
        )
      : await session.step(`Read the instances of stack set ${config.stackSet.name}`, async () => ({
          instances: await gatherInstances(stackSets, config.stackSet.name),
        }));
    const management: ManagementInput | undefined = managementAccount
      ? await session.step(`Read the management account's stacks ${config.stackSet.name}`, async () => ({
          account: managementAccount,
          stackName: config.stackSet.name,
          stacks: await gatherManagementStacks(new StacksGateway(factory), config.stackSet.name, config.regions),
          templateSha256: loadRemediationTemplate().sha256,
        }))
      : undefined;
    const changes = since
      ? await session.step('Read what automatic remediation changed', async (progress) => {
          const read = await readChanges(factory, config, {
            since,
            accounts: [...accounts, ...(managementAccount ? [managementAccount] : [])],
            ...(managementAccount ? { managementAccountId: managementAccount.id } : {}),
            onProgress: (done, total) => progress.output(`${done}/${total} accounts read`),
          });
          progress.title(`Read what automatic remediation changed since ${read.since}`);
          return read;
        })
      : undefined;

    const built = buildReport({
      generatedAt: new Date(context.clock.now()),
      organizationId: snapshot.organizationId,
      accounts,
      config,
      source: compliance.source,
      compliance: compliance.results,
      ...stackSet,
      ...(management ? { management } : {}),
    });
    const comparison = previous ? compareReports(previous, built) : undefined;
    const final: ComplianceReport = {
      ...built,
      ...(comparison ? { comparison } : {}),
      ...(changes ? { changes } : {}),
    };
    await writeReport(context, final, format, options.output);
    summarise(context, final, comparison);
    const changesRead = changes ? logChanges(reporter, changes) : true;
    const exit = exitCodeOf(context, final, options.failOn ?? config.report.failOn);
    return exit === EXIT_CODES.ok && !changesRead ? EXIT_CODES.partial : exit;
  } finally {
    factory.destroy();
  }
}

/** The stack set's instances and drift, or why drift is unavailable: the detection's outcome for the report. */
interface StackSetInput {
  readonly instances: InstancesInput;
  readonly drift?: DriftInput;
  readonly driftUnavailable?: string;
}

/**
 * `--drift`: runs StackSet drift detection and reads the instances it checked. Drift that AWS refuses or fails
 * degrades to `driftUnavailable` (the compliance already read stays); a missing stack set has no drift.
 */
async function detectDrift(
  context: CommandContext,
  stackSets: StackSetsGateway,
  name: string,
  progress: TaskProgress,
): Promise<StackSetInput> {
  const warn = (message: string) => context.reporter.warn(message);
  // Only this step starts something in AWS: Ctrl-C here stops waiting and names the detection.
  const stop = holdStopSignal(context);
  const gathered = await gatherDrift(stackSets, name, {
    onWaiting: (op) =>
      progress.output(`waiting for operation ${op.operationId} (${op.action ?? 'running'}) to end first`),
    onProgress: (p) =>
      progress.output(
        `drift detection ${p.operationId}: ${p.total.SUCCEEDED + p.total.FAILED} of ${countOf(p.total)} instances checked`,
      ),
    onWarning: warn,
    signal: stop.signal,
  })
    .catch((error: unknown) => {
      // AWS refused or failed the detection: the compliance already read stays, drift is reported missing.
      if (error instanceof AwsOperationError || error instanceof AuthError) return { refused: error.message };
      throw error;
    })
    .finally(() => stop.release());
  if (gathered && 'refused' in gathered) {
    warn(`drift of stack set ${name} unavailable: ${gathered.refused}`);
    const instances = await gatherInstances(stackSets, name);
    progress.title(`Detect drift of stack set ${name}: unavailable`);
    return { instances, driftUnavailable: gathered.refused };
  }
  if (!gathered) {
    warn(`stack set ${name} does not exist: no drift to detect`);
    return { instances: { status: 'no-stack-set', reason: `stack set ${name} does not exist (run cisfleet rollout)` } };
  }
  progress.title(
    `Detect drift of stack set ${name}: ${gathered.drift.resources.size} drifted instances (operation ${gathered.operationId})`,
  );
  return { instances: gathered.instances, drift: gathered.drift };
}

/** The management account as its rows show it: in the root, whatever the targets (it is never one of them). */
export function managementAccountOf(snapshot: OrgSnapshot): OrgAccount {
  const id = snapshot.managementAccountId;
  const listed = snapshot.accounts.find((a) => a.id === id);
  const root = snapshot.units.find((u) => u.id === snapshot.rootId);
  return {
    id,
    name: listed?.name ?? 'management account',
    email: listed?.email ?? '',
    state: listed?.state ?? 'ACTIVE',
    parentId: snapshot.rootId,
    ouPath: root?.path ?? '/Root',
  };
}

/** The previous report, read line by line (a report of a large organization is summarised as it is read). */
async function readPrevious(file: string): Promise<PreviousReport> {
  const input = createReadStream(file, 'utf8');
  const opened = once(input, 'open').catch((error: Error) => {
    throw new UsageError(`--compare ${file}: ${error.message}`);
  });
  await opened;
  return readPreviousReport(createInterface({ input, crlfDelay: Infinity }), file);
}

function countOf(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function writeReport(
  { reporter }: CommandContext,
  report: ComplianceReport,
  format: ReportFormat,
  output: string | undefined,
): Promise<void> {
  const lines = formatReportLines(report, format, {
    color: !output && format === 'table' && reporter.mode.color,
    ...(process.stdout.columns ? { width: process.stdout.columns } : {}),
  });
  if (!output) {
    for (const line of lines) reporter.write(line);
    return;
  }
  await writeLinesToFile(output, lines);
  reporter.info(`Wrote the ${format} report to ${output}`);
}

function summarise(
  { reporter }: CommandContext,
  report: ComplianceReport,
  comparison: ReportComparison | undefined,
): void {
  const t = report.rollups.total;
  reporter.info(
    `${t.accounts} accounts, ${t.rows} account × regions: ${t.nonCompliant} non-compliant resources in ${t.nonCompliantRows} of them, ` +
      `${t.errorRows} not readable, ${t.driftedRows} drifted, ${t.instancesNotCurrent} stack instances not CURRENT`,
  );
  for (const row of report.rows.filter((r) => r.status === 'ERROR')) {
    const shown = terminalView(row);
    reporter.warn(
      `${shown.accountId} (${shown.accountName}) ${shown.region}: ${shown.error?.kind ?? 'error'}: ${shown.error?.message ?? ''}`,
    );
  }
  if (comparison) {
    reporter.info(
      `Since ${comparison.previousGeneratedAt}: ${comparison.newlyNonCompliant.length} newly non-compliant, ${comparison.fixed.length} fixed, ` +
        `${comparison.newAccounts.length} new accounts, ${comparison.removedAccounts.length} removed, drift appeared in ${comparison.driftAppeared.length} ` +
        `and cleared in ${comparison.driftCleared.length}, ${comparison.newErrors.length} new errors`,
    );
  }
}

function exitCodeOf(
  { reporter }: CommandContext,
  report: ComplianceReport,
  failOn: readonly FailOnCondition[],
): ExitCode {
  const result = evaluateFailOn(report, failOn);
  for (const reason of result.reasons) reporter.warn(`--fail-on met: ${reason}`);
  if (result.met.length > 0) return EXIT_CODES.failOn;
  return report.rollups.total.errorRows > 0 || report.driftUnavailable !== undefined
    ? EXIT_CODES.partial
    : EXIT_CODES.ok;
}
