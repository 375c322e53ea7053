/**
 * Runs Jest in a child process on some of the suite's files, with extra environment: how a test proves what the
 * suite does on another machine (no Chromium, no AWS models, CI or not) without changing this one.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './run-cli.js';

export interface JestChildRun {
  status: number | null;
  output: string;
}

export function runJestChild(files: readonly string[], env: Record<string, string | undefined>): JestChildRun {
  const run = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--disable-warning=ExperimentalWarning',
      'node_modules/jest/bin/jest.js',
      '--ci',
      ...files,
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}
