import yargs from 'yargs';
import { CisfleetError, EXIT_CODES, UsageError, type ExitCode } from '../errors.js';
import { classifyAwsError } from '../aws/errors.js';
import { createCommandContext, type CommandContext } from './command-context.js';
import { withGlobalOptions } from './global-options.js';
import { packageVersion } from '../config/package-files.js';
import { printError } from './print-error.js';
import { exitCodeAfter, type Interrupts } from './interrupts.js';
import { validateCommand } from './commands/validate.js';
import { orgCommand } from './commands/org.js';
import { simCommand } from './commands/sim.js';
import { demoCommand } from './commands/demo.js';
import { onboardCommand } from './commands/onboard.js';
import { rolloutCommand } from './commands/rollout.js';
import { statusCommand } from './commands/status.js';
import { reportCommand } from './commands/report.js';
import { impactCommand } from './commands/impact.js';

/** Runs an action with its context and turns its result or error into the run's exit code. */
export type CommandRunner = (
  argv: Record<string, unknown>,
  action: (context: CommandContext) => Promise<ExitCode>,
) => Promise<void>;

/**
 * Parses the command line, runs one command and returns the exit code. Errors are printed here and only
 * here (docs/commands.md, exit codes); stack traces only with --debug. `interrupts` (the entry point's Ctrl-C and SIGTERM)
 * reach the command's context; an interrupted run exits 130 for SIGINT, 143 for SIGTERM.
 */
export async function main(args: readonly string[], interrupts?: Interrupts): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_CODES.ok;
  const run: CommandRunner = async (argv, action) => {
    const context = createCommandContext(argv, interrupts);
    try {
      exitCode = await action(context);
    } catch (error) {
      const known = classifyAwsError(error);
      printError(context.reporter, known);
      exitCode = exitCodeAfter(known.exitCode, interrupts);
    }
  };

  const parser = withGlobalOptions(yargs([...args]))
    .scriptName('cisfleet')
    .usage(
      '$0 <command> [options]\n\nKeep every account of an AWS Organization compliant with CIS controls, through one StackSet.',
    )
    .command(validateCommand(run))
    .command(orgCommand(run))
    .command(rolloutCommand(run))
    .command(statusCommand(run))
    .command(reportCommand(run))
    .command(impactCommand(run))
    .command(onboardCommand(run))
    .command(simCommand(run))
    .command(demoCommand(run))
    .demandCommand(1, 'Name a command: cisfleet --help lists them.')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(packageVersion())
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue(
      'Exit codes: 0 ok, 1 failure, 2 usage or config error, 3 some accounts failed, 4 --fail-on met. Docs: docs/commands.md',
    )
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });

  try {
    await parser.parseAsync();
  } catch (error) {
    const context = createCommandContext({});
    const known = error instanceof CisfleetError ? error : new UsageError(describeUnknown(error));
    printError(context.reporter, known);
    return known.exitCode;
  }
  return exitCode;
}

function describeUnknown(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
