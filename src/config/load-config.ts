/**
 * Loads accounts.yaml in four steps, one function each: read YAML with positions → schema → normalise →
 * cross-field rules. Every problem of every step is collected and reported at once; nothing here calls AWS.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { applySchema } from './apply-schema.js';
import { locate } from './locate.js';
import { normalise } from './normalise.js';
import { exampleConfigPath } from './package-files.js';
import { byPosition, formatPath, type ConfigProblem, type PathProblem } from './problems.js';
import { readYaml, type YamlRead } from './read-yaml.js';
import { checkRules } from './rules.js';
import { decodeText, notTextReason } from '../text-file.js';
import type { CisfleetConfig } from './schema.js';

export interface LoadConfigOptions {
  /** When exemption expiry is judged (epoch ms, the run's clock: Clock.now). Default: now. */
  now?: number;
}

export interface LoadedConfig {
  config: CisfleetConfig;
  /** Problems that do not stop cisfleet (opt-in regions, expired exemptions, …), in file order. */
  warnings: readonly ConfigProblem[];
  /** Absolute path of the file that was loaded. */
  path: string;
}

/**
 * Reads and checks a config file.
 * @throws ConfigError with every problem (errors and warnings) when any error is found, or when the file
 *   cannot be read; the message says how to start from the shipped example.
 */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    const message = missing
      ? `file not found (${resolve(path)}): copy the commented example ${exampleConfigPath()} there and edit it, or pass --config <file>`
      : `cannot read the file: ${(cause as Error).message}`;
    throw new ConfigError([{ file: path, line: 0, col: 0, path: '', message, severity: 'error' }]);
  }
  const notText = notTextReason(bytes);
  if (notText) {
    const message = `${notText}. accounts.yaml is YAML text in UTF-8: check that --config names the right file, or start from the commented example ${exampleConfigPath()}`;
    throw new ConfigError([{ file: path, line: 0, col: 0, path: '', message, severity: 'error' }]);
  }
  return { ...parseConfigText(decodeText(bytes), path, options), path: resolve(path) };
}

/**
 * Checks config text; `fileName` is only used in problem positions.
 * @throws ConfigError when any problem is an error.
 */
export function parseConfigText(
  text: string,
  fileName: string,
  options: LoadConfigOptions = {},
): Omit<LoadedConfig, 'path'> {
  const yaml = readYaml(text, fileName);
  const problems = [...yaml.problems];
  let config: CisfleetConfig | undefined;
  if (!yaml.unusable) {
    const { config: checked, problems: found } = checkDocument(yaml, options);
    config = checked;
    problems.push(...found.map((p) => positioned(p, yaml, fileName)));
  }
  problems.sort(byPosition);
  if (!config || problems.some((p) => p.severity === 'error')) throw new ConfigError(problems);
  return { config, warnings: problems };
}

/** Steps 2–4 on a readable document: problems by document path. */
function checkDocument(
  yaml: YamlRead,
  options: LoadConfigOptions,
): { config?: CisfleetConfig; problems: PathProblem[] } {
  if (yaml.value === undefined || yaml.value === null) {
    return {
      problems: [
        {
          path: [],
          message: `the file is empty: start from the commented example ${exampleConfigPath()}`,
          severity: 'error',
        },
      ],
    };
  }
  const today = new Date(options.now ?? Date.now()).toISOString().slice(0, 10);
  const schema = applySchema(yaml.value, yaml.doc);
  if (!schema.ok) return { problems: [...schema.problems, ...checkRules(schema.sections, { today })] };
  const normalised = normalise(schema.file, { today });
  return { config: normalised.config, problems: [...normalised.problems, ...checkRules(schema.file, { today })] };
}

function positioned(problem: PathProblem, yaml: YamlRead, file: string): ConfigProblem {
  const { line, col } = locate(yaml.doc, yaml.lineCounter, problem.path, problem.atKey);
  return { file, line, col, path: formatPath(problem.path), message: problem.message, severity: problem.severity };
}
