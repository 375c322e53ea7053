/**
 * Ctrl-C (SIGINT) and SIGTERM belong to the entry point. listr2 registers its own SIGINT handler unless told
 * not to, and that handler exits 127 before anyone can say which operation keeps running in AWS; the progress
 * session (ui/tasks.ts) turns it off, and this module owns both signals instead.
 *
 * A command that can stop cleanly holds the interrupt while it runs: the first signal aborts the hold's
 * AbortSignal, so the command stops waiting, its progress display ends (restoring the cursor), and it says what
 * keeps running and how to follow it. A second signal, or a signal while nothing holds the interrupt (a
 * read-only command, which has nothing to report), exits at once.
 */
import { writeSync } from 'node:fs';
import { EXIT_CODES, type ExitCode } from '../errors.js';
import type { InterruptHold } from '../actions/command-context.js';

export type { InterruptHold };

export type InterruptName = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number, as a shell reports a process that the signal ended. */
export const INTERRUPT_EXIT_CODES: Readonly<Record<InterruptName, ExitCode>> = {
  SIGINT: EXIT_CODES.interrupted,
  SIGTERM: EXIT_CODES.terminated,
};

export interface Interrupts {
  hold(): InterruptHold;
  /** The first signal received, if any: it decides the exit code of an interrupted run. */
  readonly received: InterruptName | undefined;
}

/** What the handlers touch, so a test can drive them without signalling the test runner. */
export interface InterruptHost {
  on(event: InterruptName, listener: () => void): void;
  off(event: InterruptName, listener: () => void): void;
  /** Writes straight to the stderr file descriptor: a live progress display may have taken over the stream. */
  writeStderr(text: string): void;
  readonly stderrIsTty: boolean;
  exit(code: number): void;
}

const processHost: InterruptHost = {
  on: (event, listener) => void process.on(event, listener),
  off: (event, listener) => void process.off(event, listener),
  writeStderr: (text) => void writeSync(2, text),
  get stderrIsTty() {
    return Boolean(process.stderr.isTTY);
  },
  exit: (code) => process.exit(code),
};

/** Shows the cursor again: the animated progress display hides it. */
const SHOW_CURSOR = '\u001B[?25h';

/** Installs the SIGINT and SIGTERM handlers for the whole run; `dispose` takes them away. */
export function installInterrupts(host: InterruptHost = processHost): Interrupts & { dispose(): void } {
  const controller = new AbortController();
  let holders = 0;
  let received: InterruptName | undefined;

  const exitNow = (name: InterruptName): void => {
    if (host.stderrIsTty) host.writeStderr(SHOW_CURSOR);
    host.writeStderr(`\nInterrupted (${name}): exiting now. Operations already started keep running in AWS.\n`);
    host.exit(INTERRUPT_EXIT_CODES[name]);
  };
  const onSignal = (name: InterruptName): void => {
    if (received !== undefined || holders === 0) return exitNow(received ?? name);
    received = name;
    process.stderr.write(
      `\n${name === 'SIGINT' ? 'Ctrl-C' : name}: stopping cleanly (${name === 'SIGINT' ? 'Ctrl-C again' : 'a second signal'} exits at once).\n`,
    );
    controller.abort(new Error(`Interrupted by ${name}`));
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  host.on('SIGINT', onInt);
  host.on('SIGTERM', onTerm);

  return {
    get received() {
      return received;
    },
    hold() {
      holders++;
      let held = true;
      return {
        signal: controller.signal,
        release: () => {
          if (held) holders--;
          held = false;
        },
      };
    },
    dispose() {
      host.off('SIGINT', onInt);
      host.off('SIGTERM', onTerm);
    },
  };
}

/** The exit code of a run: an interrupted one says which signal stopped it (130 for SIGINT, 143 for SIGTERM). */
export function exitCodeAfter(exitCode: ExitCode, interrupts: Pick<Interrupts, 'received'> | undefined): ExitCode {
  if (exitCode !== EXIT_CODES.interrupted || !interrupts?.received) return exitCode;
  return INTERRUPT_EXIT_CODES[interrupts.received];
}
