/** The output-safety layer, sink by sink (src/safe-text.ts; docs/commands/report.md "Untrusted text"). */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import {
  csvCell,
  echoValue,
  htmlText,
  jsonText,
  markdownText,
  terminalMessage,
  terminalText,
  terminalView,
} from '../src/safe-text.js';
import { ConsoleReporter, makeStyler } from '../src/ui/reporter.js';
import { formatTextTable } from '../src/report/render/text-table.js';
import { at } from './helpers/elements.js';

const HOSTILE = [
  '\x1b[2J',
  '\x1b]8;;https://evil.example/\x07link\x1b]8;;\x07',
  'a\n├─ forged',
  'a\r\u001b[Koverwritten',
  'gpj.\u202eexe',
  'x\u2066y\u2069\u200b\ufeff\u00ad\u2028z',
  '\u009b31m',
  '\u{e0041}tag',
];
/** What must never be left raw in a single-line field. */
// eslint-disable-next-line no-control-regex -- matching raw control characters is what this test is about
const RAW = /[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\u{e0000}-\u{e007f}]/u;

describe('terminalText (single-line fields)', () => {
  it.each(HOSTILE)('leaves nothing raw in %j', (text) => {
    expect(terminalText(text)).not.toMatch(RAW);
  });

  it('shows each character as a C-style escape', () => {
    expect(terminalText('\x1b[2J')).toBe('\\x1b[2J');
    expect(terminalText('a\n├─ forged\tb\r')).toBe('a\\n├─ forged\\tb\\r');
    expect(terminalText('gpj.\u202eexe \u2066')).toBe('gpj.\\u202eexe \\u2066');
    expect(terminalText('\u009b \u{e0041}')).toBe('\\x9b \\u{e0041}');
  });

  it('leaves ordinary text, accents, CJK and emoji alone, and is idempotent', () => {
    const plain = 'Payments Prod — café 支付 🚀 /Root/Prod\\/Evil';
    expect(terminalText(plain)).toBe(plain);
    for (const text of HOSTILE) expect(terminalText(terminalText(text))).toBe(terminalText(text));
  });

  it('keeps table widths right: an escaped name is as wide as its text', () => {
    const table = formatTextTable(
      [{ header: 'name' }, { header: 'n' }],
      [
        [terminalText('\x1b[2Jab'), '1'],
        ['plain', '2'],
      ],
      { width: 80 },
    );
    const lines = table.split('\n');
    expect(at(lines, 2, 'line').lastIndexOf('1')).toBe(at(lines, 3, 'line').lastIndexOf('2'));
  });
});

describe('terminalMessage (the reporter sink)', () => {
  it("keeps line breaks and cisfleet's own colours, shows every other escape", () => {
    const style = makeStyler(true);
    const message = `${style.bold(style.red('error:'))} ${style.green('ok')}\nnext \x1b[2J \x1b[8mhidden\x1b[0m \u202e`;
    const shown = terminalMessage(message);
    expect(shown).toContain(style.bold(style.red('error:')));
    expect(shown).toContain(style.green('ok'));
    expect(shown).toContain('\nnext \\x1b[2J \\x1b[8mhidden\\x1b[0m \\u202e');
  });

  it('is what ConsoleReporter writes to stderr and stdout', () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const reporter = new ConsoleReporter(
      { json: false, color: false, interactive: false, verbose: true, debug: true },
      stdout,
      stderr,
    );
    reporter.result('name \x1b]8;;https://evil.example/\x07');
    reporter.info('a\u202eb');
    reporter.warn('\x1b[2J');
    reporter.error('\x9b2J');
    reporter.verbose('\x07');
    reporter.debug('\x00');
    const out = String(stdout.read());
    const err = String(stderr.read());
    expect(out).toBe('name \\x1b]8;;https://evil.example/\\x07\n');
    expect(err).toBe('a\\u202eb\nwarning: \\x1b[2J\nerror: \\x9b2J\n\\x07\n[debug] \\x00\n');
  });
});

describe('terminalView', () => {
  it('escapes every string of a nested value and returns clean parts as they are', () => {
    const clean = { id: '1', tags: ['a'] };
    const value = { clean, dirty: { name: 'x\ny', list: ['\x1b', 3, null] } };
    const view = terminalView(value);
    expect(view).toEqual({ clean, dirty: { name: 'x\\ny', list: ['\\x1b', 3, null] } });
    expect(view.clean).toBe(clean);
    expect(terminalView(clean)).toBe(clean);
  });
});

describe('markdownText', () => {
  it('cannot forge a row, a link, an image or a tag, and keeps no raw control character', () => {
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('[x](https://evil.example) ![i](y)')).toBe(
      '\\[x\\]\\(https://evil.example\\) \\!\\[i\\]\\(y\\)',
    );
    expect(markdownText('<img src=x>')).toBe('\\<img src=x\\>');
    expect(markdownText('a\n| forged | row |')).toBe('a\\\\n\\| forged \\| row \\|');
    expect(markdownText('\x1b[2J\u202e')).toBe('\\\\x1b\\[2J\\\\u202e');
  });
});

describe('csvCell (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","x")', `"'=HYPERLINK(""https://evil.example"",""x"")"`],
    ['-1+1', `"'-1+1"`],
    ['+1', `"'+1"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\tcmd', `"'\\tcmd"`],
    ['\r=1', `"'\\r=1"`],
  ])('prefixes %j with a single quote', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('writes numbers as numbers, negative ones too, and ordinary text as it is', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(150)).toBe('150');
    expect(csvCell('Payments Prod')).toBe('Payments Prod');
    expect(csvCell('a,b "c"')).toBe('"a,b ""c"""');
    expect(csvCell('mid-dash = fine')).toBe('mid-dash = fine');
  });

  it('shows control characters as escapes, so the file is safe to cat', () => {
    expect(csvCell('a\nb\x1b[2J')).toBe('a\\nb\\x1b[2J');
  });
});

describe('htmlText', () => {
  it('escapes markup and shows bidi and control characters', () => {
    expect(htmlText(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    expect(htmlText('gpj.\u202eexe\x1b')).toBe('gpj.\\u202eexe\\x1b');
  });
});

describe('jsonText', () => {
  it('parses back to the exact value and leaves no raw bidi or C1 character', () => {
    const value = { name: 'gpj.\u202eexe \u0085 \u2028 \u{e0041} \x1b' };
    const text = jsonText(value);
    // eslint-disable-next-line no-control-regex -- a raw ESC is one of the characters the output must not hold
    expect(text).not.toMatch(/[\u0080-\u009f\u202e\u2028\x1b]|\u{e0041}/u);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('echoValue', () => {
  it('cuts a long value to 80 characters with its length, and shows controls', () => {
    expect(echoValue('x'.repeat(100))).toBe(`${'x'.repeat(80)}… (100 characters)`);
    expect(echoValue('a\x1bb')).toBe('a\\x1bb');
  });
});
