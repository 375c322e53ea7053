import { jsonText, terminalMessage } from '../safe-text.js';
import { makeStyler, type Styler } from '../terminal-style.js';

export { makeStyler, type Styler };

/** How output should look: decided once from flags, environment and the terminal. */
export interface OutputMode {
  /** Machine output only on stdout (`--json`). */
  json: boolean;
  color: boolean;
  /** stdout/stderr is a terminal and not CI: rich progress and prompts are allowed. */
  interactive: boolean;
  verbose: boolean;
  debug: boolean;
  /** Progress display; off only where nobody watches (tests). Default on. */
  progress?: boolean;
}

/**
 * All output goes through a Reporter: results to stdout, logs, progress and errors to stderr, so that
 * `cisfleet report --format json > out.json` stays clean. Business code never calls console. Every message
 * passes terminalMessage on its way out (src/safe-text.ts): no escape sequence but cisfleet's own colours
 * reaches the terminal, whatever a caller forgot; fields inside a message still go through terminalText.
 */
export interface Reporter {
  readonly mode: OutputMode;
  /** A human-readable result line (stdout). Suppressed with --json. */
  result(text: string): void;
  /** Machine-readable output (stdout), written only with --json. */
  json(value: unknown): void;
  /**
   * A rendered document to stdout whatever the mode (a report in the format the user asked for): its renderer
   * is its safety layer (src/safe-text.ts), so it is written as it is.
   */
  write(text: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Shown with --verbose. */
  verbose(message: string): void;
  /** Shown with --debug. */
  debug(message: string): void;
  /** Colour helpers that are no-ops without colour. */
  readonly style: Styler;
}

/** Decides the output mode from flags and the environment (NO_COLOR, CI, TTY). */
export function detectOutputMode(flags: {
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
  debug?: boolean;
  env?: NodeJS.ProcessEnv;
  stdoutIsTty?: boolean;
  stderrIsTty?: boolean;
}): OutputMode {
  const env = flags.env ?? process.env;
  const stderrTty = flags.stderrIsTty ?? Boolean(process.stderr.isTTY);
  const stdoutTty = flags.stdoutIsTty ?? Boolean(process.stdout.isTTY);
  const ci = Boolean(env.CI) && env.CI !== 'false';
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    json: Boolean(flags.json),
    color: flags.color !== false && !noColorEnv && (stdoutTty || stderrTty) && env.TERM !== 'dumb',
    interactive: stderrTty && !ci && !flags.json,
    verbose: Boolean(flags.verbose) || Boolean(flags.debug),
    debug: Boolean(flags.debug),
  };
}

export class ConsoleReporter implements Reporter {
  readonly style: Styler;

  constructor(
    readonly mode: OutputMode,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {
    this.style = makeStyler(mode.color);
  }

  result(text: string): void {
    if (!this.mode.json) this.stdout.write(`${terminalMessage(text)}\n`);
  }

  json(value: unknown): void {
    if (this.mode.json) this.stdout.write(`${jsonText(value)}\n`);
  }

  write(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  info(message: string): void {
    this.stderr.write(`${terminalMessage(message)}\n`);
  }

  warn(message: string): void {
    this.stderr.write(`${this.style.yellow('warning:')} ${terminalMessage(message)}\n`);
  }

  error(message: string): void {
    this.stderr.write(`${this.style.red('error:')} ${terminalMessage(message)}\n`);
  }

  verbose(message: string): void {
    if (this.mode.verbose) this.stderr.write(`${this.style.dim(terminalMessage(message))}\n`);
  }

  debug(message: string): void {
    if (this.mode.debug) this.stderr.write(`${this.style.dim(`[debug] ${terminalMessage(message)}`)}\n`);
  }
}

/** A reporter that keeps everything in memory, for tests. */
export class RecordingReporter implements Reporter {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly jsonValues: unknown[] = [];
  readonly style = makeStyler(false);

  constructor(
    readonly mode: OutputMode = {
      json: false,
      color: false,
      interactive: false,
      verbose: true,
      debug: false,
      progress: false,
    },
  ) {}

  result(text: string): void {
    if (!this.mode.json) this.stdout.push(terminalMessage(text));
  }

  json(value: unknown): void {
    if (this.mode.json) this.jsonValues.push(value);
  }

  write(text: string): void {
    this.stdout.push(text);
  }

  info(message: string): void {
    this.stderr.push(terminalMessage(message));
  }

  warn(message: string): void {
    this.stderr.push(`warning: ${terminalMessage(message)}`);
  }

  error(message: string): void {
    this.stderr.push(`error: ${terminalMessage(message)}`);
  }

  verbose(message: string): void {
    if (this.mode.verbose) this.stderr.push(terminalMessage(message));
  }

  debug(message: string): void {
    if (this.mode.debug) this.stderr.push(`[debug] ${terminalMessage(message)}`);
  }

  /** Everything written, both streams, for assertions. */
  get all(): string {
    return [...this.stdout, ...this.stderr].join('\n');
  }
}
