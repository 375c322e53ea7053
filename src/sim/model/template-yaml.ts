/**
 * The simulator's own reading of a template body (YAML, or JSON, which is YAML). The simulator stands for
 * CloudFormation, so it must not share cisfleet's parser (src/templates/cfn-yaml.ts): a bug there would then be
 * on both sides of the wire and no test would see it.
 *
 * Written from CloudFormation's documentation of the YAML short forms rather than from cisfleet's code: the YAML
 * is parsed with no custom tags, and the syntax tree is then walked; a node tagged with a documented short form
 * becomes the one-entry map of its long form (`!Ref X` → `{ Ref: X }`, `!Sub [s, {…}]` → `{ 'Fn::Sub': [s, {…}] }`),
 * and any other local tag is a format error, as it is for CloudFormation.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/** The documented short forms and the long-form key each stands for. */
const LONG_FORM_KEYS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
};

/** A template body CloudFormation would refuse to read, with where. */
export class TemplateYamlError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
  }
}

/** Aliases expanded per body at most: a template of nested aliases must not expand without bound. */
const MAX_ALIASES = 100;

/** Reads a template body into its long-form JSON value. */
export function readTemplateYaml(body: string): unknown {
  const lines = new LineCounter();
  const document = parseDocument(body, { lineCounter: lines });
  const [error] = document.errors;
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    throw new TemplateYamlError(error.message.split('\n')[0] ?? 'YAML not well-formed', line, col);
  }
  let aliases = 0;
  const valueOf = (node: unknown): unknown => {
    if (isAlias(node)) {
      if (++aliases > MAX_ALIASES) throw positioned('too many aliases', node.range?.[0] ?? 0);
      return valueOf(node.resolve(document));
    }
    let value: unknown;
    if (isScalar(node)) value = node.value;
    else if (isSeq(node)) value = node.items.map(valueOf);
    else if (isMap(node)) {
      const entries: Record<string, unknown> = {};
      for (const pair of node.items) entries[String(valueOf(pair.key))] = valueOf(pair.value);
      value = entries;
    } else return node ?? null;
    const tag = node.tag;
    if (tag === undefined || !tag.startsWith('!')) return value;
    const key = LONG_FORM_KEYS[tag];
    if (!key) throw positioned(`unknown tag ${tag}`, node.range?.[0] ?? 0);
    return { [key]: tag === '!GetAtt' && typeof value === 'string' ? splitAttribute(value) : value };
  };
  /** Where: the start of the tagged (or aliased) value. */
  const positioned = (reason: string, offset: number): TemplateYamlError => {
    const { line, col } = lines.linePos(offset);
    return new TemplateYamlError(reason, line, col);
  };
  return valueOf(document.contents);
}

/** `!GetAtt Resource.Attribute`: the resource name ends at the first dot; the attribute may hold more. */
function splitAttribute(value: string): string[] {
  const [resource = '', ...attribute] = value.split('.');
  return attribute.length ? [resource, attribute.join('.')] : [resource];
}
