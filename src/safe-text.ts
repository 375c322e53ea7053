/**
 * The output-safety layer: every string that comes from AWS or a config file (account and OU names, status
 * reasons, Config annotations, resource ids, tags, AWS error messages, YAML values) reaches a terminal, a
 * markdown comment, a CSV cell or an HTML page only through one of these functions, one per sink. The exact
 * value stays in `--json`; what people and spreadsheets see is made inert here.
 *
 * Control characters are shown as C-style escapes (`\x1b`, `\n`, `\u202e`): plain ASCII, so they are
 * visible, copyable, and one column per character (the table renderer measures widths with `.length`). A
 * backslash itself is left alone, so the layer is idempotent: text that went through it passes it unchanged
 * (the reporter's sink check can apply it again without double escaping).
 */

/**
 * What must never reach a screen raw: C0 and C1 controls and DEL (escape sequences, carriage returns that
 * overwrite a line, newlines that forge rows), format characters (bidi overrides and isolates U+202A–202E and
 * U+2066–2069, zero-width characters, the BOM, soft hyphen, Unicode tag characters), line and paragraph
 * separators, and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** The same, less the newline: for whole messages whose line breaks are cisfleet's own. */
const UNSAFE_BUT_NEWLINE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/**
 * A single-line field for the terminal: every control, format and separator character shown as an escape,
 * newlines included, so a name cannot clear the screen, add a hidden link, reverse text or forge a tree line
 * or table row.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * A value (a report, an organization snapshot) with every string in it passed through terminalText, for a
 * renderer that lays out many fields: it cannot forget one, including fields added later. Objects and arrays
 * in which nothing changed are returned as they are, so a clean report costs one walk and no copy.
 */
export function terminalView<T>(value: T): T {
  return mapStrings(value, terminalText);
}

function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) {
    const mapped = value.map((item: unknown) => mapStrings(item, map));
    return (mapped.some((item, i) => item !== value[i]) ? mapped : value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value);
    const mapped = entries.map(([key, item]) => [key, mapStrings(item, map)] as const);
    return (mapped.some(([, item], i) => item !== entries[i]?.[1]) ? Object.fromEntries(mapped) : value) as T;
  }
  return value;
}

/**
 * The colour codes cisfleet's styler writes (bold, dim, red, green, yellow, cyan and their resets) and the
 * template diff's library adds (underline, grey). The sink lets exactly these through; every other escape
 * sequence, concealed text and cursor movement included, is shown as text.
 */
// eslint-disable-next-line no-control-regex -- matching ESC is this sink's job
const OWN_SGR = /\x1b\[(?:1|2|4|22|24|31|32|33|36|39|90)m/y;

/**
 * A whole message on its way to stdout or stderr, already built from fields that went through terminalText:
 * keeps cisfleet's line breaks and colours, and shows any other control character as an escape. This is the
 * reporter's last line of defence for a field someone forgot; it cannot tell a forged line break from a real
 * one, which is why fields still need terminalText.
 */
export function terminalMessage(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(UNSAFE_BUT_NEWLINE)) {
    const at = match.index;
    if (at < last) continue;
    out += text.slice(last, at);
    OWN_SGR.lastIndex = at;
    const sgr = match[0] === '\x1b' ? OWN_SGR.exec(text) : null;
    if (sgr) {
      out += sgr[0];
      last = at + sgr[0].length;
    } else {
      out += visible(match[0]);
      last = at + match[0].length;
    }
  }
  return out + text.slice(last);
}

/**
 * Text for GitHub-flavoured markdown (inline: table cells, list items, headings): control characters shown
 * as escapes, then every character markdown or its inline HTML would read as markup backslash-escaped, so a
 * name cannot end a table cell (`|`), start a link or image (`[`, `!`, `(`), emphasise, or open a tag.
 */
export function markdownText(text: string): string {
  return terminalText(text).replace(/[\\`*_[\]<>|~&#!()]/g, '\\$&');
}

/**
 * Characters with which a spreadsheet starts a formula (OWASP's CSV Injection page and ASVS 1.2.10): `=`,
 * `+`, `-`, `@`, tab, carriage return, and NUL.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * One CSV field (RFC 4180 §2.6–2.7). A number cisfleet writes as a number stays a number (negative or not); a
 * string that starts like a formula gets a leading single quote, as OWASP recommends, so a spreadsheet shows
 * `=HYPERLINK(…)` as text. Control characters are shown as escapes like on the terminal, so `cat report.csv`
 * is safe too.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = terminalText(value);
  const guarded = FORMULA_START.test(value) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) || guarded !== text ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * Text for HTML element content and quoted attribute values: control and bidi characters shown as escapes
 * (a browser would honour U+202E too), then `& < > " '` as character references.
 */
export function htmlText(text: string): string {
  return terminalText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for stdout: the exact values (JSON.stringify already escapes C0 controls), with C1 controls, format
 * and separator characters written as `\uXXXX` escapes too, so `cisfleet report --format json` on a
 * terminal cannot reverse or hide text. The parsed value is unchanged.
 */
export function jsonText(value: unknown, indent = 2): string {
  // Its own line breaks and C0 escapes are JSON's; what it leaves raw are the characters above U+007F.
  return (JSON.stringify(value, null, indent) ?? 'null').replace(/[\u0080-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu, (char) =>
    [...Array(char.length).keys()].map((i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/**
 * The most of an offending input a config or usage error echoes: enough to recognise the value, never a
 * screenful of someone's binary file.
 */
export const ECHO_LIMIT = 80;

/** A value quoted in an error message: shown safely for the terminal and cut to ECHO_LIMIT characters. */
export function echoValue(value: string, limit = ECHO_LIMIT): string {
  const chars = [...value];
  const shown = chars.length > limit ? `${chars.slice(0, limit).join('')}… (${chars.length} characters)` : value;
  return terminalText(shown);
}
