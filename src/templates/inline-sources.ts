import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** A line that holds only `@inline <path>` (inside a YAML block scalar) is replaced by that file's text. */
const INLINE_MARKER = /^( *)@inline (\S+)[ \t]*$/gm;

/** Full-line comments by source language: they cost template bytes and inline-code characters, and say nothing at run time. */
const COMMENT_LINE: Record<string, RegExp> = {
  '.js': /^\s*\/\//,
  '.py': /^\s*#/,
};

/** JavaScript block comments (JSDoc) that fill whole lines: from a line starting `/*` to the line ending `*\/`. */
const BLOCK_COMMENT: Record<string, { open: RegExp; close: RegExp }> = {
  '.js': { open: /^\s*\/\*/, close: /\*\/$/ },
};

/** The source of an inlined file as it lands in the template: full-line comments and trailing blanks dropped. */
export function inlinedSource(path: string): string {
  const comment = COMMENT_LINE[extname(path)];
  const block = BLOCK_COMMENT[extname(path)];
  let inBlock = false;
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => {
      if (block && (inBlock || block.open.test(line))) {
        inBlock = !block.close.test(line);
        return false;
      }
      return line !== '' && !comment?.test(line);
    })
    .join('\n');
}

/**
 * Replaces every `@inline <path>` marker line of a YAML text with the named file (relative to `baseDir`),
 * indented like the marker so it stays inside the block scalar that holds the marker.
 */
export function inlineSources(yamlText: string, baseDir: string): { text: string; inlined: string[] } {
  const inlined: string[] = [];
  const text = yamlText.replace(INLINE_MARKER, (_line, indent: string, relativePath: string) => {
    inlined.push(relativePath);
    return inlinedSource(join(baseDir, relativePath))
      .split('\n')
      .map((line) => indent + line)
      .join('\n');
  });
  return { text, inlined };
}
