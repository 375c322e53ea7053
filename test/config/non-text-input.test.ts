/**
 * Binary garbage and oversized values: one clear error naming the file and the fix, and never more than a
 * bounded echo of the offending input.
 */
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfigText } from '../../src/config/load-config.js';
import { ConfigError, PROBLEM_LIST_LIMIT } from '../../src/errors.js';
import { loadScenarioFile, ScenarioError } from '../../src/sim/scenario/parse.js';
import { configText } from './config-builder.js';

function fileWith(name: string, content: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cisfleet-input-')), name);
  writeFileSync(path, content);
  return path;
}

async function configErrorOf(path: string): Promise<ConfigError> {
  const error = await loadConfig(path).catch((e: unknown) => e);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

function parseError(text: string): ConfigError {
  try {
    parseConfigText(text, 'accounts.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

/** 128 KiB of random bytes with a NUL early on, as a binary file has. */
const BINARY = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00'), randomBytes(128 * 1024)]);

describe('an input file that is not text', () => {
  it('accounts.yaml that is binary: one problem naming the file, the reason and the fix', async () => {
    const path = fileWith('accounts.yaml', BINARY);
    const error = await configErrorOf(path);
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/NUL byte \(at byte 7\).*not UTF-8 text.*check that --config names the right file/);
    expect(error.message.length).toBeLessThan(600);
  });

  it('accounts.yaml in Latin-1 (no NUL, invalid UTF-8): says where', async () => {
    const error = await configErrorOf(fileWith('accounts.yaml', Buffer.from('version: 1\nname: caf\xe9\n', 'latin1')));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('not UTF-8 text (byte 21 starts no UTF-8 character)');
  });

  it('a scenario file that is binary: one issue naming the file', () => {
    const path = fileWith('scenario.yaml', BINARY);
    let thrown: unknown;
    try {
      loadScenarioFile(path);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    expect((thrown as ScenarioError).issues).toEqual([
      { path: '', message: expect.stringMatching(/NUL byte.*A scenario is YAML text in UTF-8/) },
    ]);
    expect((thrown as ScenarioError).message.length).toBeLessThan(600);
  });
});

describe('how much of an offending input an error echoes', () => {
  it('a 100,000-character value is quoted cut, with its length', () => {
    const text = configText({ regions: ['x'.repeat(100_000)] });
    const error = parseError(text);
    expect(error.message).toContain(`"${'x'.repeat(80)}… (100000 characters)"`);
    expect(error.message.length).toBeLessThan(1000);
  });

  it('a file with thousands of syntax errors lists the first few and counts the rest', () => {
    const text = ['version: 1', ...Array.from({ length: 3000 }, (_, i) => `k${i}: [`)].join('\n');
    const error = parseError(text);
    const listed = error.message.split('\n').filter((line) => line.startsWith('  accounts.yaml'));
    expect(listed).toHaveLength(PROBLEM_LIST_LIMIT);
    expect(error.message).toMatch(/… and \d+ more: fix these first/);
    expect(error.message.length).toBeLessThan(5000);
  });

  it('an OU path with an escaped "/" in a name is a valid target', () => {
    expect(() =>
      parseConfigText(configText({ targets: { organizationalUnits: ['/Root/Prod\\/Evil'] } }), 'accounts.yaml'),
    ).not.toThrow();
  });
});
