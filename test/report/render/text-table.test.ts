import { describe, it, expect } from '@jest/globals';
import { cut, formatTextTable } from '../../../src/report/render/text-table.js';

describe('text table', () => {
  it('cuts names at the end, OU paths to their most specific segments', () => {
    expect(cut('production-payments', 10)).toBe('productio…');
    expect(cut('Root/Production/Payments/Europe', 20, 'path')).toBe('…/Payments/Europe');
    expect(cut('Root/Production/Payments/Europe', 8, 'path')).toBe('…/Europe');
    expect(cut('Root/Production/Payments/Card-Processing', 8, 'path')).toBe('Card-Pr…');
    expect(cut('short', 10, 'path')).toBe('short');
  });

  it('wraps hyphenated headers bottom-aligned and right-aligns numbers', () => {
    const text = formatTextTable(
      [{ header: 'account' }, { header: 'admin-ports-closed', align: 'right' }],
      [['111', '3/40']],
      { width: 80 },
    );
    expect(text.split('\n')).toEqual([
      '         admin-ports-',
      'account        closed',
      '───────  ────────────',
      '111              3/40',
    ]);
  });

  it('narrows the widest column first, cutting names and wrapping headers onto more lines', () => {
    const columns = [
      { header: 'name', shrink: { min: 4, keep: 'start' as const } },
      { header: 'access-keys-rotated', align: 'right' as const },
    ];
    const text = formatTextTable(columns, [['a-very-long-account-name', '1/2']], { width: 14 });
    const lines = text.split('\n');
    expect(lines.every((l) => l.length <= 14)).toBe(true);
    expect(lines.at(-1)).toMatch(/^a-ve…\s+1\/2$/);
    expect(lines.slice(0, 3).map((l) => l.trim())).toEqual(['access-', 'keys-', 'name   rotated']);
  });

  it('lets a short row span the remaining columns', () => {
    const text = formatTextTable(
      [{ header: 'a' }, { header: 'b' }, { header: 'c' }],
      [
        ['1', 'spanning text that is long'],
        ['1', '2', '3'],
      ],
      { width: 40 },
    );
    expect(text.split('\n')[2]).toBe('1  spanning text that is long');
  });
});
