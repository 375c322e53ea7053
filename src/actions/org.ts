import { EXIT_CODES, type ExitCode } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import { MemberGateway } from '../aws/member-gateway.js';
import { formatAwsError } from '../aws/errors.js';
import { resolveTargets, unresolvedTargetsError } from '../planning/targets.js';
import { executionRoleCheckFor, preflightCounting } from '../execution/preflight.js';
import type { AccountPreflight } from '../model/account-preflight.js';
import { createClientFactory, type AwsOverrides } from './aws-context.js';
import { checkCaller } from './caller-step.js';
import { describeCaller } from '../planning/caller-check.js';
import type { CommandContext } from './command-context.js';
import type { OrgSnapshot } from '../org/model.js';
import { renderOrgTree } from '../ui/org-tree.js';
import { progressSession } from '../ui/tasks.js';

export interface OrgOptions {
  readonly checkAccess: boolean;
}

/** `cisfleet org`: the tree, what is targeted, and (optionally) whether each targeted account is reachable. */
export async function showOrganization(
  context: CommandContext,
  options: OrgOptions,
  overrides: AwsOverrides = {},
): Promise<ExitCode> {
  const { reporter, globals } = context;
  const { config, path } = await loadConfig(globals.config, { now: context.clock.now() });
  const factory = createClientFactory(globals, config, overrides);
  try {
    const session = progressSession(reporter.mode);
    const caller = await checkCaller(session, factory, config, path);
    const snapshot = await session.step('Read the organization', async (progress) => {
      const read = await new OrganizationsGateway(factory).readOrganization();
      progress.title(`Read the organization: ${read.accounts.length} accounts in ${read.units.length - 1} OUs`);
      const unresolved = resolveTargets(read, config.targets).unresolved;
      if (unresolved.length > 0) throw unresolvedTargetsError(path, read, unresolved);
      return read;
    });
    const targets = resolveTargets(snapshot, config.targets);
    const preflight = options.checkAccess
      ? await session.step(`Check access with role ${config.memberRole.name}`, async (progress) => {
          const checked = await preflightCounting(new MemberGateway(factory), targets.accounts, config.regions, {
            concurrency: config.concurrency.accounts,
            describeError: formatAwsError,
            executionRole: executionRoleCheckFor(config.stackSet),
            output: (text) => progress.output(text),
          });
          const reachable = targets.accounts.length - checked.unreachable;
          progress.title(
            `Check access with role ${config.memberRole.name}: ${reachable} of ${targets.accounts.length} reachable`,
          );
          return checked.results;
        })
      : undefined;
    reporter.json({ version: 1, caller, organization: snapshot, targets, preflight });
    reporter.info(describeCaller(config, caller));
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
  const parts = [
    `${snapshot.accounts.length} accounts in ${snapshot.units.length - 1} OUs`,
    `${targeted} targeted`,
    `${skipped} skipped`,
  ];
  if (preflight) {
    const withRecorder = preflight.filter(
      (p) => p.reachable && Object.values(p.recorders).some((r) => r.recorderName),
    ).length;
    parts.push(
      `${preflight.length - unreachable} reachable`,
      `${unreachable} unreachable`,
      `${withRecorder} with an existing Config recorder`,
    );
  }
  reporter.info(parts.join(', '));
}
