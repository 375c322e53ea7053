/**
 * Reading scenarios: YAML text → validated Scenario, with every problem reported at once by path (and line
 * when the scenario came from a file).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { listedProblems } from '../../errors.js';
import { decodeText, notTextReason } from '../../text-file.js';
import { scenarioSchema, type Scenario, type ScenarioInput } from './schema.js';

export interface ScenarioIssue {
  /** Dotted path in the scenario, e.g. `ous.0.accounts.2.id`. */
  path: string;
  message: string;
  line?: number;
}

/** A scenario that does not validate; `issues` lists every problem. */
export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ScenarioIssue[],
  ) {
    super(
      `invalid scenario ${source}:\n` +
        listedProblems(
          issues.map((i) => `  - ${i.path || '(root)'}${i.line ? ` (line ${i.line})` : ''}: ${i.message}`),
        ),
    );
    this.name = 'ScenarioError';
  }
}

const parsedScenarios = new WeakSet<object>();

/**
 * Validates a scenario object. An object this function already returned is passed through, so buildWorld
 * can take either form.
 */
export function parseScenario(
  input: ScenarioInput | Scenario,
  source = 'scenario',
  lineOf: (path: PropertyKey[]) => number | undefined = () => undefined,
): Scenario {
  if (parsedScenarios.has(input)) return input as Scenario;
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    throw new ScenarioError(
      source,
      result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
        line: lineOf(issue.path),
      })),
    );
  }
  parsedScenarios.add(result.data);
  return result.data;
}

/** Parses scenario YAML; `source` names it in errors. */
export function parseScenarioYaml(text: string, source = 'scenario'): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      source,
      doc.errors.map((e) => ({ path: '', message: e.message.split('\n')[0] ?? '', line: e.linePos?.[0]?.line })),
    );
  }
  const lineOf = (path: PropertyKey[]): number | undefined => {
    // Climb to the nearest node that exists (a missing member is reported at its parent).
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  let input: ScenarioInput;
  try {
    input = doc.toJS() as ScenarioInput;
  } catch (error) {
    // The yaml package refuses to expand too many aliases (a "billion laughs" file).
    if (!(error instanceof ReferenceError)) throw error;
    throw new ScenarioError(source, [
      { path: '', message: `YAML aliases expand to too much (${error.message}): write the values out` },
    ]);
  }
  return parseScenario(input, source, lineOf);
}

/** Reads and validates a scenario file; a file that is not UTF-8 text is one issue, not a parser's thousands. */
export function loadScenarioFile(path: string): Scenario {
  const bytes = readFileSync(path);
  const notText = notTextReason(bytes);
  if (notText) {
    throw new ScenarioError(path, [
      {
        path: '',
        message: `${notText}. A scenario is YAML text in UTF-8: check the file name (src/sim/README.md describes the format)`,
      },
    ]);
  }
  return parseScenarioYaml(decodeText(bytes), path);
}
