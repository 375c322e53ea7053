/**
 * cisfleet's error hierarchy. Every error carries a stable code; only the bin entry prints errors and turns
 * them into exit codes (see EXIT_CODES), so business code throws and never calls process.exit.
 */

/** Documented process exit codes (docs/commands.md). */
export const EXIT_CODES = {
  ok: 0,
  /** Something failed: an AWS call, an operation, a bug. */
  failure: 1,
  /** The command line or accounts.yaml is wrong; nothing was called. */
  usage: 2,
  /** The run finished, but some accounts, regions or stack instances failed or could not be reached. */
  partial: 3,
  /** `report --fail-on` conditions were met. */
  failOn: 4,
  /** Interrupted by the user (Ctrl-C, SIGINT); operations already started keep running in AWS. */
  interrupted: 130,
  /** Stopped by SIGTERM (a CI job cancelled, a container stopped): handled as Ctrl-C is, with its own code. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export class CisfleetError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** The exit code the bin entry uses for this error. */
  get exitCode(): ExitCode {
    return EXIT_CODES.failure;
  }
}

/** One problem in a config file, at a position, with the fix. */
export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  /** Path in the document, e.g. `regions[2]` or `stackSet.operationPreferences`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export function formatConfigProblem(p: ConfigProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  return `${where}${p.path ? ` ${p.path}` : ''}: ${p.message}`;
}

/** Problems listed in one error; the rest are counted: a garbled file must not fill the screen. */
export const PROBLEM_LIST_LIMIT = 20;

/** The first PROBLEM_LIST_LIMIT lines, then how many more there are. */
export function listedProblems(lines: readonly string[]): string {
  const more = lines.length - PROBLEM_LIST_LIMIT;
  return [
    ...lines.slice(0, PROBLEM_LIST_LIMIT),
    ...(more > 0 ? [`  … and ${more} more: fix these first, then run the command again`] : []),
  ].join('\n');
}

/** accounts.yaml (or a template, or a scenario) is invalid: every problem at once. */
export class ConfigError extends CisfleetError {
  constructor(
    readonly problems: readonly ConfigProblem[],
    message?: string,
  ) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      'CONFIG_INVALID',
      message ??
        `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${[...new Set(problems.map((p) => p.file))].join(', ')}:\n` +
          listedProblems(errors.map((p) => `  ${formatConfigProblem(p)}`)),
    );
  }

  override get exitCode(): ExitCode {
    return EXIT_CODES.usage;
  }
}

/** Wrong command-line usage. */
export class UsageError extends CisfleetError {
  constructor(message: string) {
    super('USAGE', message);
  }

  override get exitCode(): ExitCode {
    return EXIT_CODES.usage;
  }
}

/** Credentials are missing, expired, or not allowed to do what cisfleet needs. */
export class AuthError extends CisfleetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('AUTH', message, options);
  }
}

/** An endpoint could not be reached at all (refused, unknown host, reset): there is no AWS answer to report. */
export class NetworkError extends CisfleetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('NETWORK', message, options);
  }
}

/** The user stopped the run (Ctrl-C or a declined confirmation). */
export class AbortError extends CisfleetError {
  constructor(
    message: string,
    readonly interrupted = false,
  ) {
    super('ABORTED', message);
  }

  override get exitCode(): ExitCode {
    return this.interrupted ? EXIT_CODES.interrupted : EXIT_CODES.failure;
  }
}

/** One account (and region) that an operation could not serve, and why. */
export interface AccountFailure {
  accountId: string;
  region?: string;
  reason: string;
  /** The AWS request id, when a call failed. */
  requestId?: string;
}

/** An AWS call or operation failed. Per-account failures are listed, never dropped. */
export class AwsOperationError extends CisfleetError {
  constructor(
    readonly operation: string,
    message: string,
    readonly failures: readonly AccountFailure[] = [],
    options?: { cause?: unknown; requestId?: string; fix?: string },
  ) {
    super('AWS_OPERATION', message, options);
    this.requestId = options?.requestId;
    this.fix = options?.fix;
  }

  readonly requestId: string | undefined;
  /** What to do about it, in cisfleet's words (printed on its own line). */
  readonly fix: string | undefined;
}

/** Something that should not happen: a bug in cisfleet. */
export class InternalError extends CisfleetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INTERNAL', `${message} (this is a bug in cisfleet; please report it with --debug output)`, options);
  }
}

export const isCisfleetError = (e: unknown): e is CisfleetError => e instanceof CisfleetError;
