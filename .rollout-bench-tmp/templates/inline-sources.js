import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
/** A line that holds only `@inline <path>` (inside a YAML block scalar) is replaced by that file's text. */
const INLINE_MARKER = /^( *)@inline (\S+)[ \t]*$/gm;
/** Full-line comments by source language: they cost template bytes and inline-code characters, and say nothing at run time. */
const COMMENT_LINE = {
    '.js': /^\s*\/\//,
    '.py': /^\s*#/,
};
/** The source of an inlined file as it lands in the template: full-line comments and trailing blanks dropped. */
export function inlinedSource(path) {
    const comment = COMMENT_LINE[extname(path)];
    return readFileSync(path, 'utf8')
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line !== '' && !comment?.test(line))
        .join('\n');
}
/**
 * Replaces every `@inline <path>` marker line of a YAML text with the named file (relative to `baseDir`),
 * indented like the marker so it stays inside the block scalar that holds the marker.
 */
export function inlineSources(yamlText, baseDir) {
    const inlined = [];
    const text = yamlText.replace(INLINE_MARKER, (_line, indent, relativePath) => {
        inlined.push(relativePath);
        return inlinedSource(join(baseDir, relativePath))
            .split('\n')
            .map((line) => indent + line)
            .join('\n');
    });
    return { text, inlined };
}
//# sourceMappingURL=inline-sources.js.map