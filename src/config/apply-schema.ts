/**
 * Step 2 of loading accounts.yaml: the plain value against the zod schema. zod's issues become problems
 * users can act on: plain messages, one problem per unknown key with a "did you mean", and missing keys
 * reported on the map they belong in.
 */
import type { Document } from 'yaml';
import type { z } from 'zod';
import { echoValue } from '../safe-text.js';
import { error, type DocPath, type PathProblem } from './problems.js';
import { accountsFileSchema, type AccountsFile } from './schema.js';
import { didYouMean } from './suggest.js';

export type SchemaResult =
  | { ok: true; file: AccountsFile }
  /** `sections`: the top-level sections that are valid on their own, so rules over them can still run. */
  | { ok: false; problems: PathProblem[]; sections: Partial<AccountsFile> };

/** Checks `value` (read from `doc`) against the accounts.yaml schema, applying its defaults. */
export function applySchema(value: unknown, doc: Document): SchemaResult {
  const parsed = accountsFileSchema.safeParse(value, { error: issueMessage, reportInput: true });
  // The controls section is built from the catalog at run time; AccountsFile spells out its type.
  if (parsed.success) return { ok: true, file: parsed.data as AccountsFile };
  const lookup: SchemaLookup = {
    knownKeys: (path) => objectKeysAt(accountsFileSchema, path),
    hasKey: (path) => doc.hasIn(path),
  };
  return {
    ok: false,
    problems: parsed.error.issues.flatMap((issue) => problemsFromIssue(issue, lookup)),
    sections: validSections(value),
  };
}

function validSections(value: unknown): Partial<AccountsFile> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const given = value as Record<string, unknown>;
  const sections = Object.entries(accountsFileSchema.shape).flatMap(([key, schema]) => {
    const parsed = (schema as z.ZodType).safeParse(given[key]);
    return parsed.success ? [[key, parsed.data] as const] : [];
  });
  return Object.fromEntries(sections);
}

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/**
 * The message for an issue whose schema has no message of its own. Passed to safeParse as its error map:
 * messages set on a schema win over it.
 */
function issueMessage(issue: RawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? 'is missing' : `expected ${article(issue.expected)}, found ${describe(input)}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (values.length === 1) return `must be ${JSON.stringify(issue.values[0])}`;
      return `${echoValue(JSON.stringify(input))} is not one of ${values.join(', ')}${didYouMean(String(input), values)}`;
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? 'at least' : 'at most';
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const plural = Number(limit) === 1 ? '' : 's';
      const unit = issue.origin === 'string' ? ` character${plural}` : issue.origin === 'array' ? ` item${plural}` : '';
      return `${issue.origin === 'array' || issue.origin === 'string' ? 'needs' : 'must be'} ${bound} ${String(limit)}${unit}${
        issue.origin === 'array' || issue.origin === 'string' ? '' : `, found ${describe(input)}`
      }`;
    }
    case 'invalid_format':
      return `${describe(input)} is not in the expected format${issue.pattern ? ` (${issue.pattern})` : ''}`;
    default:
      return undefined;
  }
}

interface SchemaLookup {
  /** The keys the schema allows in the object at `path`, for suggestions. */
  knownKeys(path: DocPath): readonly string[];
  /** Whether the YAML document has this key (perhaps with an empty value). */
  hasKey(path: DocPath): boolean;
}

/** Problems for one zod issue. */
function problemsFromIssue(issue: Issue, document: SchemaLookup): PathProblem[] {
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    const allowed = document.knownKeys(path);
    return issue.keys.map((key) => ({
      ...error(
        [...path, key],
        `unknown key "${key}"${didYouMean(key, allowed) || (allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '')}`,
      ),
      atKey: true,
    }));
  }
  if (issue.code === 'invalid_key') {
    const key = String(path[path.length - 1]);
    return [{ ...error(path, `key "${key}": ${issue.issues.map((inner) => inner.message).join('; ')}`), atKey: true }];
  }
  // Whatever the check (type, enum, literal), no input at all means the key is not there.
  if (issue.input === undefined && path.length > 0) {
    const key = String(path[path.length - 1]);
    // A key written without a value reads as not given; say so at the key rather than calling it missing.
    return document.hasKey(path)
      ? [{ ...error(path, `"${key}" has no value`), atKey: true }]
      : [error(path.slice(0, -1), `missing required key "${key}"`)];
  }
  return [error(path, issue.message)];
}

/** The keys of the (strict) object schema at `path`, looking through defaults, optionals, arrays and records. */
function objectKeysAt(schema: z.core.$ZodType, path: DocPath): readonly string[] {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (!current) return [];
    const def = current._zod.def as unknown as Record<string, unknown>;
    const next: unknown =
      def.type === 'object'
        ? (def.shape as Record<string, unknown>)[String(segment)]
        : def.type === 'array'
          ? def.element
          : def.type === 'record'
            ? def.valueType
            : undefined;
    current = next === undefined ? undefined : unwrap(next as z.core.$ZodType);
  }
  const def = current?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return echoValue(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${echoValue(String(value))}`;
  return typeof value;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a map',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    int: 'a whole number',
  };
  return names[expected] ?? expected;
}
