/**
 * The built CLI as a child process that runs while the test watches it: its output as it comes, and a way to
 * interrupt it as a user does — a signal, or (on a pseudo-terminal) the Ctrl-C key.
 *
 *   const cli = spawnCli(['rollout', '--yes'], { env, terminal: true });
 *   await cli.waitFor(/CreateStackInstances/);
 *   cli.pressCtrlC();
 *   const { code } = await cli.exited;
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './run-cli.js';

const BIN = fileURLToPath(new URL('../../dist/bin/cisfleet.js', import.meta.url));

export interface CliChild {
  readonly process: ChildProcessWithoutNullStreams;
  /** Everything written so far (on a terminal, stdout and stderr arrive together on stdout). */
  stdout(): string;
  stderr(): string;
  /** Resolves when the output (both streams) matches; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<void>;
  /** The key, through the terminal's line discipline (terminal: true only): the kernel sends the SIGINT. */
  pressCtrlC(): void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const shellWord = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Starts `cisfleet ARGS`. With `terminal`, it runs on a real pseudo-terminal through util-linux `script(1)`
 * (120 columns, so the live display renders as it would for a user) and `script -e` exits with cisfleet's code.
 */
export function spawnCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; terminal?: boolean } = {},
): CliChild {
  const env = { ...process.env, NO_COLOR: '1', ...options.env };
  const command = [process.execPath, BIN, ...args];
  const child = options.terminal
    ? spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${command.map(shellWord).join(' ')}`, '/dev/null'], {
        cwd: REPO_ROOT,
        env,
      })
    : spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  const notify = () => waiters.forEach((check) => check());
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    notify();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    notify();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(stdout + stderr)) resolve();
        };
        waiters.push(check);
        check();
        void exited.then(({ code }) =>
          reject(new Error(`cisfleet exited (${code}) before its output matched ${pattern}:\n${stdout}\n${stderr}`)),
        );
      }),
    pressCtrlC: () => {
      if (!options.terminal) throw new Error('pressCtrlC needs terminal: true; send a signal instead');
      child.stdin.write('\u0003');
    },
    exited,
  };
}
