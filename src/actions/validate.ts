import { ConfigError, EXIT_CODES, formatConfigProblem, type ConfigProblem, type ExitCode } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { checkRemediationTemplate, loadRemediationTemplate } from '../templates/remediation-template.js';
import { configFitProblems } from '../templates/config-fit.js';
import type { CommandContext } from './command-context.js';

/**
 * `cisfleet validate`: accounts.yaml and the remediation template, offline. Every problem of both is
 * reported at once; warnings print but do not fail.
 */
export async function validate(context: CommandContext): Promise<ExitCode> {
  const { reporter, globals } = context;
  const problems: ConfigProblem[] = [];
  let configSummary = '';
  try {
    const loaded = await loadConfig(globals.config, { now: context.clock.now() });
    problems.push(...loaded.warnings);
    const c = loaded.config;
    problems.push(...configFitProblems(c, loadRemediationTemplate().template, loaded.path));
    configSummary = `${loaded.path}: ${c.targets.organizationalUnitIds.length + c.targets.organizationalUnitPaths.length} OU targets, ${c.regions.length} regions (home ${c.organization.homeRegion}), stack set ${c.stackSet.name} (${c.stackSet.permissionModel})`;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const templateProblems = checkRemediationTemplate();
  problems.push(...templateProblems);

  for (const warning of problems.filter((p) => p.severity === 'warning')) reporter.warn(formatConfigProblem(warning));
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new ConfigError(problems);

  const template = loadRemediationTemplate();
  reporter.json({
    version: 1,
    valid: true,
    warnings: problems,
    template: { sha256: template.sha256, sizeBytes: template.sizeBytes, version: template.version },
  });
  reporter.result(reporter.style.green('✔ ') + configSummary);
  reporter.result(
    reporter.style.green('✔ ') +
      `remediation template ${template.version}: ${template.sizeBytes} bytes of 51,200, sha256 ${template.sha256.slice(0, 12)}`,
  );
  return EXIT_CODES.ok;
}
