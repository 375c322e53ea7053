import { EXIT_CODES, ConfigError, type ExitCode } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import { MemberGateway } from '../aws/member-gateway.js';
import { formatAwsError } from '../aws/errors.js';
import { resolveTargets } from '../planning/targets.js';
import { preflightAccounts, type AccountPreflight } from '../execution/preflight.js';
import { createClientFactory, type AwsOverrides } from './aws-context.js';
import type { CommandContext } from '../cli/command-context.js';
import type { OrgSnapshot } from '../org/model.js';
import { renderOrgTree } from '../ui/org-tree.js';

export interface OrgOptions {
  readonly checkAccess: boolean;
}

/** `cisfleet org`: the tree, what is targeted, and (optionally) whether each targeted account is reachable. */
export async function showOrganization(context: CommandContext, options: OrgOptions, overrides: AwsOverrides = {}): Promise<ExitCode> {
  const { reporter, globals } = context;
  const { config, path } = await loadConfig(globals.config);
  const factory = createClientFactory(globals, config, overrides);
  try {
    const snapshot = await new OrganizationsGateway(factory).readOrganization();
    const targets = resolveTargets(snapshot, config.targets);
    if (targets.unresolved.length > 0) {
      throw new ConfigError(
        targets.unresolved.map((t) => ({
          file: path,
          line: 0,
          col: 0,
          path: 'targets',
          message: `"${t}" is not in organization ${snapshot.organizationId}: check the OU path or id (cisfleet org lists them)`,
          severity: 'error' as const,
        })),
      );
    }
    let preflight: AccountPreflight[] | undefined;
    if (options.checkAccess) {
      reporter.info(`Checking access to ${targets.accounts.length} accounts with role ${config.memberRole.name}…`);
      preflight = await preflightAccounts(new MemberGateway(factory), targets.accounts, config.regions, {
        concurrency: config.concurrency.accounts,
        describeError: formatAwsError,
      });
    }
    reporter.json({ version: 1, organization: snapshot, targets, preflight });
    reporter.result(renderOrgTree(snapshot, targets, preflight, reporter.style));
    const unreachable = preflight?.filter((p) => !p.reachable).length ?? 0;
    summarise(context, snapshot, targets.accounts.length, targets.skipped.length, unreachable, preflight);
    return unreachable > 0 ? EXIT_CODES.partial : EXIT_CODES.ok;
  } finally {
    factory.destroy();
  }
}

function summarise(
  { reporter }: CommandContext,
  snapshot: OrgSnapshot,
  targeted: number,
  skipped: number,
  unreachable: number,
  preflight: AccountPreflight[] | undefined,
): void {
  const parts = [`${snapshot.accounts.length} accounts in ${snapshot.units.length - 1} OUs`, `${targeted} targeted`, `${skipped} skipped`];
  if (preflight) {
    const withRecorder = preflight.filter((p) => p.reachable && Object.values(p.recorders).some((r) => r.recorderName)).length;
    parts.push(`${preflight.length - unreachable} reachable`, `${unreachable} unreachable`, `${withRecorder} with an existing Config recorder`);
  }
  reporter.info(parts.join(', '));
}
