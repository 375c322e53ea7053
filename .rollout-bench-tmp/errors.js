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
    /** Interrupted by the user (Ctrl-C); operations already started keep running in AWS. */
    interrupted: 130,
};
export class CisfleetError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = new.target.name;
    }
    /** The exit code the bin entry uses for this error. */
    get exitCode() {
        return EXIT_CODES.failure;
    }
}
export function formatConfigProblem(p) {
    const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
    return `${where}${p.path ? ` ${p.path}` : ''}: ${p.message}`;
}
/** accounts.yaml (or a template, or a scenario) is invalid: every problem at once. */
export class ConfigError extends CisfleetError {
    problems;
    constructor(problems, message) {
        const errors = problems.filter((p) => p.severity === 'error');
        super('CONFIG_INVALID', message ??
            `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${[...new Set(problems.map((p) => p.file))].join(', ')}:\n` +
                errors.map((p) => `  ${formatConfigProblem(p)}`).join('\n'));
        this.problems = problems;
    }
    get exitCode() {
        return EXIT_CODES.usage;
    }
}
/** Wrong command-line usage. */
export class UsageError extends CisfleetError {
    constructor(message) {
        super('USAGE', message);
    }
    get exitCode() {
        return EXIT_CODES.usage;
    }
}
/** Credentials are missing, expired, or not allowed to do what cisfleet needs. */
export class AuthError extends CisfleetError {
    constructor(message, options) {
        super('AUTH', message, options);
    }
}
/** The user stopped the run (Ctrl-C or a declined confirmation). */
export class AbortError extends CisfleetError {
    interrupted;
    constructor(message, interrupted = false) {
        super('ABORTED', message);
        this.interrupted = interrupted;
    }
    get exitCode() {
        return this.interrupted ? EXIT_CODES.interrupted : EXIT_CODES.failure;
    }
}
/** An AWS call or operation failed. Per-account failures are listed, never dropped. */
export class AwsOperationError extends CisfleetError {
    operation;
    failures;
    constructor(operation, message, failures = [], options) {
        super('AWS_OPERATION', message, options);
        this.operation = operation;
        this.failures = failures;
        this.requestId = options?.requestId;
    }
    requestId;
}
/** Something that should not happen: a bug in cisfleet. */
export class InternalError extends CisfleetError {
    constructor(message, options) {
        super('INTERNAL', `${message} (this is a bug in cisfleet; please report it with --debug output)`, options);
    }
}
export const isCisfleetError = (e) => e instanceof CisfleetError;
//# sourceMappingURL=errors.js.map