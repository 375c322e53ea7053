import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';

/** A preload hook that prints how many AWS SDK modules the process loaded (their node builds are CommonJS). */
function sdkModuleCounter(): string[] {
  const hook =
    "process.on('exit', () => { const loaded = Object.keys(require('module')._cache).filter((p) => p.includes('@aws-sdk')); process.stderr.write('SDK_MODULES=' + loaded.length + '\\n'); });";
  const hookFile = join(mkdtempSync(join(tmpdir(), 'cisfleet-')), 'list-modules.cjs');
  writeFileSync(hookFile, hook);
  return ['--require', hookFile];
}

describe('cisfleet command line', () => {
  it('--help lists the commands and the global options, and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    for (const word of [
      'validate',
      'org',
      'rollout',
      'status',
      'report',
      'onboard',
      'demo',
      'sim',
      '--config',
      '--profile',
      '--endpoint-url',
      '--json',
      '--no-color',
      '--yes',
    ]) {
      expect(run.stdout).toContain(word);
    }
  });

  it('--help loads no AWS SDK module (they load lazily, in the commands that need them)', () => {
    const run = runCli(['--help'], { nodeArgs: sdkModuleCounter() });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('SDK_MODULES=0');
  });

  it("--version prints the package's version and exits 0", () => {
    const run = runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });

  it('an unknown command is a usage error (exit 2) with a suggestion', () => {
    const run = runCli(['valdate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/validate/);
  });

  it('no command is a usage error', () => {
    const run = runCli([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Name a command/);
  });

  it('validate accepts the shipped accounts.yaml and template (exit 0)', () => {
    const run = runCli(['validate']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/accounts\.yaml: \d+ OU targets/);
    expect(run.stdout).toMatch(/remediation template .*bytes of 51,200/);
  });

  it('validate on a broken file prints every problem with file:line:col and exits 2, with no stack trace and no AWS client', () => {
    const run = runCli(['validate', '--config', 'test/fixtures/config/many-mistakes.yaml'], {
      nodeArgs: sdkModuleCounter(),
    });
    expect(run.status).toBe(2);
    const problems = run.stderr
      .split('\n')
      .filter((line) => /^\s+test\/fixtures\/config\/many-mistakes\.yaml:\d+:\d+ /.test(line));
    expect(problems.length).toBeGreaterThanOrEqual(10);
    expect(run.stderr).toContain(
      'many-mistakes.yaml:13:5 regions[2]: "us-est-1" is not an AWS region (did you mean us-east-1?)',
    );
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.stderr).toContain('SDK_MODULES=0');
  });

  it('a missing config file is a config error that says how to create one', () => {
    const run = runCli(['validate', '--config', 'does-not-exist.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/does-not-exist\.yaml.*not found/);
  });

  it('a single-value flag given twice is a usage error naming the flag, not one comma-joined value', () => {
    const twice = runCli(['onboard', '--account', '111111111111', '--account', '222222222222', '--dry-run']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('--account takes one value and was given 2 values');
    const config = runCli(['validate', '--config', 'accounts.yaml', '--config', 'other.yaml']);
    expect(config.status).toBe(2);
    expect(config.stderr).toContain('--config takes one value and was given 2 values');
  });
});
