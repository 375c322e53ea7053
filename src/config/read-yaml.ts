/** Step 1 of loading accounts.yaml: text → YAML document, keeping every node's position. */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { echoValue } from '../safe-text.js';
import type { ConfigProblem } from './problems.js';

export interface YamlRead {
  doc: Document;
  lineCounter: LineCounter;
  /**
   * The plain value; undefined for an empty file. A key with nothing after it (`delivery:` followed only
   * by comments) counts as not given, so its default applies.
   */
  value: unknown;
  /** YAML syntax errors, duplicate keys and YAML warnings, with positions. */
  problems: ConfigProblem[];
  /**
   * True when the syntax is broken: the value may be missing parts, so checking it against the schema
   * would report follow-on noise. Duplicate keys alone leave the document usable.
   */
  unusable: boolean;
}

export function readYaml(text: string, fileName: string): YamlRead {
  const lineCounter = new LineCounter();
  // Core schema (YAML 1.2): `yes`/`no` stay strings and dates stay strings, so nothing is silently converted.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  const report =
    (severity: ConfigProblem['severity']) => (e: { code: string; message: string; pos: [number, number] }) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      const message =
        e.code === 'DUPLICATE_KEY'
          ? `duplicate key "${echoValue(keyAt(text, e.pos[0]))}": YAML keeps only one of them, so remove or merge the other`
          : `YAML: ${e.message}`;
      problems.push({ file: fileName, line, col, path: '', message, severity });
    };
  doc.errors.forEach(report('error'));
  doc.warnings.forEach(report('warning'));
  let unusable = doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
  let value: unknown;
  if (!unusable) {
    try {
      value = withoutNullValues(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch (error) {
      // The yaml package refuses to expand aliases past the limit (a "billion laughs" file would need gigabytes).
      if (!(error instanceof ReferenceError)) throw error;
      unusable = true;
      problems.push({
        file: fileName,
        line: 0,
        col: 0,
        path: '',
        message: `YAML aliases (*name) expand to too much (${error.message}): write the values out instead of nesting aliases`,
        severity: 'error',
      });
    }
  }
  return { doc, lineCounter, value, problems, unusable };
}

/** Aliases a file may expand; a real accounts.yaml uses a handful at most. */
const MAX_ALIAS_COUNT = 100;

/** The key written at `offset` (the error position only covers its first character). */
function keyAt(text: string, offset: number): string {
  return (/^[^:\n]*/.exec(text.slice(offset))?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
}

function withoutNullValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullValues);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNullValues(v)]),
  );
}
