import { styleText } from 'node:util';
export function makeStyler(color) {
    const paint = (format) => (s) => 
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
export function detectOutputMode(flags) {
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
export class ConsoleReporter {
    mode;
    stdout;
    stderr;
    style;
    constructor(mode, stdout = process.stdout, stderr = process.stderr) {
        this.mode = mode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.style = makeStyler(mode.color);
    }
    result(text) {
        if (!this.mode.json)
            this.stdout.write(`${text}\n`);
    }
    json(value) {
        if (this.mode.json)
            this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    }
    write(text) {
        this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
    info(message) {
        this.stderr.write(`${message}\n`);
    }
    warn(message) {
        this.stderr.write(`${this.style.yellow('warning:')} ${message}\n`);
    }
    error(message) {
        this.stderr.write(`${this.style.red('error:')} ${message}\n`);
    }
    verbose(message) {
        if (this.mode.verbose)
            this.stderr.write(`${this.style.dim(message)}\n`);
    }
    debug(message) {
        if (this.mode.debug)
            this.stderr.write(`${this.style.dim(`[debug] ${message}`)}\n`);
    }
}
/** A reporter that keeps everything in memory, for tests. */
export class RecordingReporter {
    mode;
    stdout = [];
    stderr = [];
    jsonValues = [];
    style = makeStyler(false);
    constructor(mode = { json: false, color: false, interactive: false, verbose: true, debug: false }) {
        this.mode = mode;
    }
    result(text) {
        if (!this.mode.json)
            this.stdout.push(text);
    }
    json(value) {
        if (this.mode.json)
            this.jsonValues.push(value);
    }
    write(text) {
        this.stdout.push(text);
    }
    info(message) {
        this.stderr.push(message);
    }
    warn(message) {
        this.stderr.push(`warning: ${message}`);
    }
    error(message) {
        this.stderr.push(`error: ${message}`);
    }
    verbose(message) {
        if (this.mode.verbose)
            this.stderr.push(message);
    }
    debug(message) {
        if (this.mode.debug)
            this.stderr.push(`[debug] ${message}`);
    }
    /** Everything written, both streams, for assertions. */
    get all() {
        return [...this.stdout, ...this.stderr].join('\n');
    }
}
//# sourceMappingURL=reporter.js.map