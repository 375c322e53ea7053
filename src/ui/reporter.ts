import { styleText } from 'node:util';

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
 * `cisfleet report --format json > out.json` stays clean. Business code never calls console.
 */
export interface Reporter {
  readonly mode: OutputMode;
  /** A human-readable result line (stdout). Suppressed with --json. */
  result(text: string): void;
  /** Machine-readable output (stdout), written only with --json. */
  json(value: unknown): void;
  /** Raw text to stdout whatever the mode (a report in the format the user asked for). */
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

export interface Styler {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function makeStyler(color: boolean): Styler {
  const paint =
    (format: Parameters<typeof styleText>[0]) =>
    (s: string): string =>
      // The caller decided (flags, NO_COLOR, TTY): styleText must not second-guess it per stream.
      color ? styleText(format, s, { validateStream: false }) : s;
  return {
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
    cyan: paint('cyan'),
  };
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
    if (!this.mode.json) this.stdout.write(`${text}\n`);
  }

  json(value: unknown): void {
    if (this.mode.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  write(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  info(message: string): void {
    this.stderr.write(`${message}\n`);
  }

  warn(message: string): void {
    this.stderr.write(`${this.style.yellow('warning:')} ${message}\n`);
  }

  error(message: string): void {
    this.stderr.write(`${this.style.red('error:')} ${message}\n`);
  }

  verbose(message: string): void {
    if (this.mode.verbose) this.stderr.write(`${this.style.dim(message)}\n`);
  }

  debug(message: string): void {
    if (this.mode.debug) this.stderr.write(`${this.style.dim(`[debug] ${message}`)}\n`);
  }
}

/** A reporter that keeps everything in memory, for tests. */
export class RecordingReporter implements Reporter {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly jsonValues: unknown[] = [];
  readonly style = makeStyler(false);

  constructor(
    readonly mode: OutputMode = { json: false, color: false, interactive: false, verbose: true, debug: false, progress: false },
  ) {}

  result(text: string): void {
    if (!this.mode.json) this.stdout.push(text);
  }

  json(value: unknown): void {
    if (this.mode.json) this.jsonValues.push(value);
  }

  write(text: string): void {
    this.stdout.push(text);
  }

  info(message: string): void {
    this.stderr.push(message);
  }

  warn(message: string): void {
    this.stderr.push(`warning: ${message}`);
  }

  error(message: string): void {
    this.stderr.push(`error: ${message}`);
  }

  verbose(message: string): void {
    if (this.mode.verbose) this.stderr.push(message);
  }

  debug(message: string): void {
    if (this.mode.debug) this.stderr.push(`[debug] ${message}`);
  }

  /** Everything written, both streams, for assertions. */
  get all(): string {
    return [...this.stdout, ...this.stderr].join('\n');
  }
}
