import { LineCounter, parseDocument, type Document, type Tags, YAMLMap, YAMLSeq } from 'yaml';

/** The CloudFormation short-form intrinsics (`!Ref`, `!Sub`, …) that YAML templates may use. */
const INTRINSICS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
] as const;

function longForm(fn: string, value: unknown): Record<string, unknown> {
  // `!GetAtt Role.Arn` is the string form of `Fn::GetAtt: [Role, Arn]`; the attribute itself may contain dots.
  if (fn === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    value = dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
  }
  return { [fn === 'Ref' || fn === 'Condition' ? fn : `Fn::${fn}`]: value };
}

/** yaml custom tags that turn every short-form intrinsic into its JSON long form. */
export const cfnTags: Tags = INTRINSICS.flatMap((fn) => [
  { tag: `!${fn}`, resolve: (s: string) => longForm(fn, s) },
  {
    tag: `!${fn}`,
    collection: 'seq' as const,
    resolve: (n: YAMLSeq.Parsed | YAMLMap.Parsed) => longForm(fn, n.toJSON()),
  },
  {
    tag: `!${fn}`,
    collection: 'map' as const,
    resolve: (n: YAMLSeq.Parsed | YAMLMap.Parsed) => longForm(fn, n.toJSON()),
  },
]);

export interface ParsedCfnYaml {
  value: unknown;
  document: Document;
  lineCounter: LineCounter;
  /** Parse errors and warnings (unknown tags among them) with 1-based line and column. */
  problems: Array<{ message: string; line: number; col: number; severity: 'error' | 'warning' }>;
}

/** Parses a CloudFormation template written in YAML (or JSON, which is YAML) into its long-form JSON value. */
export function parseCfnYaml(source: string): ParsedCfnYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { customTags: cfnTags, lineCounter, prettyErrors: false });
  const problems = [
    ...document.errors.map((e) => ({ e, severity: 'error' as const })),
    ...document.warnings.map((e) => ({ e, severity: 'warning' as const })),
  ].map(({ e, severity }) => {
    // Without prettyErrors the parser leaves linePos unset; the line counter knows every offset.
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    return { message: e.message, line: pos.line, col: pos.col, severity };
  });
  return { value: document.toJS({ maxAliasCount: 100 }), document, lineCounter, problems };
}
