import { EXIT_CODES, type ExitCode } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import { MemberGateway } from '../aws/member-gateway.js';
import { formatAwsError } from '../aws/errors.js';
import { resolveTargets, unresolvedTargetsError } from '../planning/targets.js';
import { executionRoleCheckFor, preflightCounting, type AccountPreflight } from '../execution/preflight.js';
import { createClientFactory, type AwsOverrides } from './aws-context.js';
import { callerCheckStep } from './caller-step.js';
import { describeCaller } from '../planning/caller-check.js';
import type { CallerIdentity } from '../model/caller.js';
import type { CommandContext } from '../cli/command-context.js';
import type { OrgSnapshot } from '../org/model.js';
import type { TaskProgress } from '../ui/tasks.js';
import { renderOrgTree } from '../ui/org-tree.js';
import { runSteps } from '../ui/tasks.js';

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
  const { config, path } = await loadConfig(globals.config);
  const factory = createClientFactory(globals, config, overrides);
  try {
    let snapshot: OrgSnapshot | undefined;
    let preflight: AccountPreflight[] | undefined;
    let caller: CallerIdentity | undefined;
    const steps = [
      callerCheckStep(factory, config, path, (checked) => (caller = checked)),
      {
        title: 'Read the organization',
        run: async (progress: TaskProgress) => {
          snapshot = await new OrganizationsGateway(factory).readOrganization();
          progress.title(
            `Read the organization: ${snapshot.accounts.length} accounts in ${snapshot.units.length - 1} OUs`,
          );
          const unresolved = resolveTargets(snapshot, config.targets).unresolved;
          if (unresolved.length > 0) throw unresolvedTargetsError(path, snapshot, unresolved);
        },
      },
    ];
    if (options.checkAccess) {
      steps.push({
        title: `Check access with role ${config.memberRole.name}`,
        run: async (progress) => {
          const accounts = resolveTargets(snapshot!, config.targets).accounts;
          const checked = await preflightCounting(new MemberGateway(factory), accounts, config.regions, {
            concurrency: config.concurrency.accounts,
            describeError: formatAwsError,
            executionRole: executionRoleCheckFor(config.stackSet),
            output: (text) => progress.output(text),
          });
          preflight = checked.results;
          const unreachable = checked.unreachable;
          progress.title(
            `Check access with role ${config.memberRole.name}: ${accounts.length - unreachable} of ${accounts.length} reachable`,
          );
        },
      });
    }
    await runSteps(reporter.mode, steps);
    const targets = resolveTargets(snapshot!, config.targets);
    reporter.json({ version: 1, caller, organization: snapshot, targets, preflight });
    reporter.info(describeCaller(config, caller!));
    reporter.result(renderOrgTree(snapshot!, targets, preflight, reporter.style));
    const unreachable = preflight?.filter((p) => !p.reachable).length ?? 0;
    summarise(context, snapshot!, targets.accounts.length, targets.skipped.length, unreachable, preflight);
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
