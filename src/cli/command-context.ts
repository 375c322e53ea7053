import { ConsoleReporter, detectOutputMode, type Reporter } from '../ui/reporter.js';
import { globalOptionsFrom, type GlobalOptions } from './global-options.js';
import type { ExitCode } from '../errors.js';
import type { Interrupts } from './interrupts.js';

/** What a command's action receives besides its own options. */
export interface CommandContext {
  readonly globals: GlobalOptions;
  readonly reporter: Reporter;
  /**
   * Ctrl-C and SIGTERM, owned by the entry point: a command that stops cleanly holds them while it runs.
   * Absent where nothing signals the run (tests, benchmarks).
   */
  readonly interrupts?: Pick<Interrupts, 'hold'>;
}

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
  return { globals, reporter: new ConsoleReporter(mode), ...(interrupts ? { interrupts } : {}) };
}
