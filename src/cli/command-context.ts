import { ConsoleReporter, detectOutputMode, type Reporter } from '../ui/reporter.js';
import { globalOptionsFrom, type GlobalOptions } from './global-options.js';
import type { ExitCode } from '../errors.js';

/** What a command's action receives besides its own options. */
export interface CommandContext {
  readonly globals: GlobalOptions;
  readonly reporter: Reporter;
}

/** Set by the command that ran; read by the bin entry after yargs returns. */
export interface CommandOutcome {
  exitCode: ExitCode;
}

export function createCommandContext(argv: Record<string, unknown>): CommandContext {
  const globals = globalOptionsFrom(argv);
  const mode = detectOutputMode({ json: globals.json, color: globals.color, verbose: globals.verbose, debug: globals.debug });
  return { globals, reporter: new ConsoleReporter(mode) };
}
