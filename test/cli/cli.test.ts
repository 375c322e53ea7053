import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli } from '../helpers/run-cli.js';

describe('cisfleet command line', () => {
  it('--help lists the commands and the global options, and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    for (const word of ['validate', 'org', 'demo', 'sim', '--config', '--profile', '--endpoint-url', '--json', '--no-color', '--yes']) {
      expect(run.stdout).toContain(word);
    }
  });

  it('--help loads no AWS SDK module (they load lazily, in the commands that need them)', () => {
    // A preload hook lists every CommonJS module the process loaded (the SDK's node builds are CommonJS).
    const hook = "process.on('exit', () => { const loaded = Object.keys(require('module')._cache).filter((p) => p.includes('@aws-sdk')); process.stderr.write('SDK_MODULES=' + loaded.length + '\\n'); });";
    const hookFile = join(mkdtempSync(join(tmpdir(), 'cisfleet-')), 'list-modules.cjs');
    writeFileSync(hookFile, hook);
    const run = runCli(['--help'], { nodeArgs: ['--require', hookFile] });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('SDK_MODULES=0');
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
});
