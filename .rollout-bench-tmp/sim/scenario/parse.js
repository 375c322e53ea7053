/**
 * Reading scenarios: YAML text → validated Scenario, with every problem reported at once by path (and line
 * when the scenario came from a file).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { scenarioSchema } from './schema.js';
/** A scenario that does not validate; `issues` lists every problem. */
export class ScenarioError extends Error {
    source;
    issues;
    constructor(source, issues) {
        super(`invalid scenario ${source}:\n` +
            issues.map((i) => `  - ${i.path || '(root)'}${i.line ? ` (line ${i.line})` : ''}: ${i.message}`).join('\n'));
        this.source = source;
        this.issues = issues;
        this.name = 'ScenarioError';
    }
}
const parsedScenarios = new WeakSet();
/**
 * Validates a scenario object. An object this function already returned is passed through, so buildWorld
 * can take either form.
 */
export function parseScenario(input, source = 'scenario', lineOf = () => undefined) {
    if (parsedScenarios.has(input))
        return input;
    const result = scenarioSchema.safeParse(input);
    if (!result.success) {
        throw new ScenarioError(source, result.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
            line: lineOf(issue.path),
        })));
    }
    parsedScenarios.add(result.data);
    return result.data;
}
/** Parses scenario YAML; `source` names it in errors. */
export function parseScenarioYaml(text, source = 'scenario') {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    if (doc.errors.length > 0) {
        throw new ScenarioError(source, doc.errors.map((e) => ({ path: '', message: e.message.split('\n')[0], line: e.linePos?.[0]?.line })));
    }
    const lineOf = (path) => {
        // Climb to the nearest node that exists (a missing member is reported at its parent).
        for (let depth = path.length; depth >= 0; depth--) {
            const node = doc.getIn(path.slice(0, depth), true);
            if (isNode(node) && node.range)
                return lineCounter.linePos(node.range[0]).line;
        }
        return undefined;
    };
    return parseScenario(doc.toJS(), source, lineOf);
}
/** Reads and validates a scenario file. */
export function loadScenarioFile(path) {
    return parseScenarioYaml(readFileSync(path, 'utf8'), path);
}
//# sourceMappingURL=parse.js.map