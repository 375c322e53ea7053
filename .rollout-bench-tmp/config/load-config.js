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
import { byPosition, formatPath } from './problems.js';
import { readYaml } from './read-yaml.js';
import { checkRules } from './rules.js';
/**
 * Reads and checks a config file.
 * @throws ConfigError with every problem (errors and warnings) when any error is found, or when the file
 *   cannot be read; the message says how to start from the shipped example.
 */
export async function loadConfig(path, options = {}) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch (cause) {
        const missing = cause.code === 'ENOENT';
        const message = missing
            ? `file not found (${resolve(path)}): copy the commented example ${exampleConfigPath()} there and edit it, or pass --config <file>`
            : `cannot read the file: ${cause.message}`;
        throw new ConfigError([{ file: path, line: 0, col: 0, path: '', message, severity: 'error' }]);
    }
    return { ...parseConfigText(text, path, options), path: resolve(path) };
}
/**
 * Checks config text; `fileName` is only used in problem positions.
 * @throws ConfigError when any problem is an error.
 */
export function parseConfigText(text, fileName, options = {}) {
    const yaml = readYaml(text, fileName);
    const problems = [...yaml.problems];
    let config;
    if (!yaml.unusable) {
        const { config: checked, problems: found } = checkDocument(yaml, options);
        config = checked;
        problems.push(...found.map((p) => positioned(p, yaml, fileName)));
    }
    problems.sort(byPosition);
    if (!config || problems.some((p) => p.severity === 'error'))
        throw new ConfigError(problems);
    return { config, warnings: problems };
}
/** Steps 2–4 on a readable document: problems by document path. */
function checkDocument(yaml, options) {
    if (yaml.value === undefined || yaml.value === null) {
        return { problems: [{ path: [], message: `the file is empty: start from the commented example ${exampleConfigPath()}`, severity: 'error' }] };
    }
    const today = (options.now ?? new Date()).toISOString().slice(0, 10);
    const schema = applySchema(yaml.value, yaml.doc);
    if (!schema.ok)
        return { problems: [...schema.problems, ...checkRules(schema.sections, { today })] };
    const normalised = normalise(schema.file, { today });
    return { config: normalised.config, problems: [...normalised.problems, ...checkRules(schema.file, { today })] };
}
function positioned(problem, yaml, file) {
    const { line, col } = locate(yaml.doc, yaml.lineCounter, problem.path, problem.atKey);
    return { file, line, col, path: formatPath(problem.path), message: problem.message, severity: problem.severity };
}
//# sourceMappingURL=load-config.js.map