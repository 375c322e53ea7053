import { CONTROL_IDS, type ControlId } from '../controls/catalog.js';
import type { CisfleetConfig } from '../config/schema.js';
import { loadConfig } from '../config/load-config.js';
import { EXIT_CODES, type ExitCode } from '../errors.js';
import { ImpactGateway } from '../aws/impact-gateway.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import type { Clock } from '../clock.js';
import { buildImpactReport } from '../impact/build.js';
import type { ImpactSettings } from '../impact/compute.js';
import { gatherImpact } from '../impact/gather.js';
import type { ImpactFailOn } from '../impact/fail-on.js';
import type { ImpactReport } from '../model/impact.js';
import { renderImpact } from '../impact/render.js';
import type { OrgAccount, OrgSnapshot } from '../org/model.js';
import { resolveTargets, unresolvedTargetsError } from '../planning/targets.js';
import type { ReportFormat } from '../report/formats.js';
import { writeLinesToFile } from '../report/output.js';
import type { CommandContext } from './command-context.js';
import { progressSession } from '../ui/tasks.js';
import { createClientFactory, type AwsOverrides } from './aws-context.js';
import { managementAccountOf } from './report.js';
import type { AwsClientFactory } from '../aws/client-factory.js';

export interface ImpactOptions {
  /** Controls to preview as AUTO; default: those accounts.yaml sets to AUTO, or every control when none is. */
  readonly controls?: readonly ControlId[];
  readonly format?: ReportFormat;
  readonly output?: string;
  readonly failOn?: readonly ImpactFailOn[];
}

/** The controls previewed: the ones asked for, else the AUTO ones, else all (a fleet still in DETECT previews everything). */
export function previewedControls(config: CisfleetConfig, asked: readonly ControlId[] | undefined): ControlId[] {
  if (asked && asked.length > 0) return CONTROL_IDS.filter((id) => asked.includes(id));
  const auto = CONTROL_IDS.filter((id) => config.controls[id].mode === 'AUTO');
  return auto.length > 0 ? auto : [...CONTROL_IDS];
}

/** The settings remediation runs with in one account: accounts.yaml's parameters and the account's exemptions. */
export function impactSettingsFor(
  config: CisfleetConfig,
  controls: readonly ControlId[],
  now: Date,
): (accountId: string) => ImpactSettings {
  const keys = config.controls['access-keys-rotated'];
  const base = {
    controls: new Set(controls),
    exemptTagKey: config.exemptions.tagKey,
    maxAccessKeyAge: keys.maxAccessKeyAge,
    keyAction: keys.action,
    deleteGraceDays: keys.deleteGraceDays,
    maxCredentialUsageAge: config.controls['unused-credentials'].maxCredentialUsageAge,
    now,
  };
  return (accountId) => ({
    ...base,
    accountExemption: (controlId) =>
      config.exemptions.accounts.find((e) => e.accountId === accountId && !e.expired && e.controls.includes(controlId))
        ?.reason,
  });
}

/**
 * Reads the targeted accounts and computes what automatic remediation of `controls` would change now. Shared by
 * `cisfleet impact` and the rollout plan (when it turns AUTO on).
 */
export async function computeImpact(
  factory: AwsClientFactory,
  config: CisfleetConfig,
  configPath: string,
  controls: readonly ControlId[],
  options: { clock: Clock; snapshot?: OrgSnapshot; onProgress?: (done: number, total: number) => void },
): Promise<ImpactReport> {
  const now = new Date(options.clock.now());
  const snapshot = options.snapshot ?? (await new OrganizationsGateway(factory).readOrganization());
  const targets = resolveTargets(snapshot, config.targets);
  if (targets.unresolved.length > 0) throw unresolvedTargetsError(configPath, snapshot, targets.unresolved);
  const accounts: OrgAccount[] = targets.accounts.filter((a) => a.state === 'ACTIVE');
  const includeManagement = config.targets.includeManagementAccount && config.organization.callAs === 'SELF';
  const management = includeManagement ? managementAccountOf(snapshot) : undefined;
  const gathered = await gatherImpact(new ImpactGateway(factory, options.clock), {
    accounts: management ? [...accounts, management] : accounts,
    ...(management ? { managementAccountId: management.id } : {}),
    regions: config.regions,
    homeRegion: config.organization.homeRegion,
    concurrency: config.concurrency.accounts,
    settingsFor: impactSettingsFor(config, controls, now),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return buildImpactReport({
    generatedAt: now,
    organizationId: snapshot.organizationId,
    controls,
    regions: config.regions,
    accounts: accounts.length + (management ? 1 : 0),
    gathered,
  });
}

/**
 * `cisfleet impact`: per targeted account × region, exactly what automatic remediation would change if it ran
 * now. Reads only. Exit codes (docs/commands/impact.md): 4 when a --fail-on condition holds, 3 when some
 * account × region could not be read, 0 otherwise.
 */
export async function impact(
  context: CommandContext,
  options: ImpactOptions,
  overrides: AwsOverrides = {},
): Promise<ExitCode> {
  const { reporter, globals } = context;
  const { config, path } = await loadConfig(globals.config, { now: context.clock.now() });
  const format = options.format ?? (reporter.mode.json ? 'json' : config.report.format);
  const controls = previewedControls(config, options.controls);
  const factory = createClientFactory(globals, config, overrides);
  try {
    const report = await progressSession(reporter.mode).step(
      `Read what remediation of ${controls.join(', ')} would change`,
      (progress) =>
        computeImpact(factory, config, path, controls, {
          clock: context.clock,
          onProgress: (done, total) => progress.output(`${done}/${total} accounts read`),
        }),
    );
    const text = renderImpact(report, format, {
      color: !options.output && format === 'table' && reporter.mode.color,
      ...(process.stdout.columns ? { width: process.stdout.columns } : {}),
    });
    if (options.output) {
      await writeLinesToFile(options.output, [text.endsWith('\n') ? text.slice(0, -1) : text]);
      reporter.info(`Wrote the ${format} impact report to ${options.output}`);
    } else reporter.write(text.endsWith('\n') ? text.slice(0, -1) : text);
    const t = report.totals.total;
    reporter.info(
      `${t.changes} changes, ${t.needsPerson} needing a person, ${t.skipped} skipped as exempt, ${report.failures.length} account × regions not read`,
    );
    for (const f of report.failures)
      reporter.warn(`${f.accountId} (${f.accountName}) ${f.region}: ${f.kind}: ${f.message}`);
    const counts: Record<ImpactFailOn, number> = {
      changes: t.changes,
      'needs-person': t.needsPerson,
      error: report.failures.length,
    };
    const met = (options.failOn ?? []).filter((c) => counts[c] > 0);
    for (const condition of met) reporter.warn(`--fail-on met: ${condition} (${counts[condition]})`);
    if (met.length > 0) return EXIT_CODES.failOn;
    return report.failures.length > 0 ? EXIT_CODES.partial : EXIT_CODES.ok;
  } finally {
    factory.destroy();
  }
}
