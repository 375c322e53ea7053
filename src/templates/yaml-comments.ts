/** A block scalar's header ends its line: `key: |`, `- >-`, `!Sub |`, with an optional chomping/indent indicator. */
const BLOCK_SCALAR_HEADER = /(?:^|[\s:])[|>][-+1-9]{0,2}[ \t]*$/;
const COMMENT_LINE = /^\s*#/;

/**
 * The YAML text without its full-line comments and blank lines, except inside block scalars (whose lines are
 * content): they cost TemplateBody bytes against CloudFormation's 51,200 and say nothing to it. The source
 * file keeps them for people.
 */
export function withoutCommentLines(yamlText: string): string {
  const kept: string[] = [];
  // Indentation of the line that opened the block scalar we are in; its content is indented deeper.
  let blockIndent: number | undefined;
  for (const line of yamlText.split('\n')) {
    const blank = line.trim() === '';
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== undefined && (blank || indent > blockIndent)) {
      kept.push(line);
      continue;
    }
    blockIndent = undefined;
    if (blank || COMMENT_LINE.test(line)) continue;
    kept.push(line);
    if (BLOCK_SCALAR_HEADER.test(line)) blockIndent = indent;
  }
  return kept.join('\n') + '\n';
}
