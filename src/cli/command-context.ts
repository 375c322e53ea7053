import { systemClock } from '../clock.js';
import { ConsoleReporter, detectOutputMode } from '../ui/reporter.js';
import { globalOptionsFrom } from './global-options.js';
import type { CommandContext } from '../actions/command-context.js';
import type { ExitCode } from '../errors.js';
import type { Interrupts } from './interrupts.js';

export type { CommandContext };

/** Set by the command that ran; read by the bin entry after yargs returns. */
export interface CommandOutcome {
  exitCode: ExitCode;
}

export function createCommandContext(
  argv: Record<string, unknown>,
  interrupts?: Pick<Interrupts, 'hold'>,
): CommandContext {
  const globals = globalOptionsFrom(argv);
  const mode = detectOutputMode({
    json: globals.json,
    color: globals.color,
    verbose: globals.verbose,
    debug: globals.debug,
  });
  return { globals, reporter: new ConsoleReporter(mode), clock: systemClock, ...(interrupts ? { interrupts } : {}) };
}
