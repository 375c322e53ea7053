/** Builds accounts.yaml texts for tests: a small valid file plus the overrides a test is about. */
import { stringify } from 'yaml';
import { ConfigError } from '../../src/errors.js';
import { parseConfigText, type LoadConfigOptions } from '../../src/config/load-config.js';
import type { ConfigProblem } from '../../src/config/problems.js';

type Plain = Record<string, unknown>;

/** The smallest file that loads without problems. */
export const MINIMAL_CONFIG: Plain = {
  version: 1,
  organization: { managementAccountId: '111111111111', homeRegion: 'us-east-1' },
  targets: { organizationalUnits: ['/Root/Workloads'] },
  regions: ['us-east-1', 'eu-west-1'],
};

/** `base` with `overrides` merged in: maps merge key by key, anything else (lists too) is replaced. */
export function merged(base: Plain, overrides: Plain): Plain {
  const result: Plain = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = result[key];
    result[key] = isPlain(value) && isPlain(current) ? merged(current, value) : value;
  }
  return result;
}

export function configText(overrides: Plain = {}): string {
  return stringify(merged(MINIMAL_CONFIG, overrides));
}

/** Every problem (errors and warnings) the loader finds in the minimal file with `overrides`. */
export function problemsWith(overrides: Plain, options: LoadConfigOptions = {}): readonly ConfigProblem[] {
  return problemsIn(configText(overrides), options);
}

export function problemsIn(
  text: string,
  options: LoadConfigOptions = {},
  fileName = 'accounts.yaml',
): readonly ConfigProblem[] {
  try {
    return parseConfigText(text, fileName, options).warnings;
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
