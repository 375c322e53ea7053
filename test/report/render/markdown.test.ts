import { describe, it, expect } from '@jest/globals';
import { renderReport } from '../../../src/report/render/index.js';
import { renderMarkdown } from '../../../src/report/render/markdown.js';
import { XSS_NAME, XSS_OU, fixtureComparison, fixtureReport } from './report-fixture.js';

/** GFM table rows: cells split on pipes that are not backslash-escaped, then unescaped. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\(.)/g, '$1')),
    );
}

/** The tables of the document, each as header + rows, in order. */
function tables(markdown: string): string[][][] {
  return markdown
    .split(/\n\n+/)
    .filter((block) => block.startsWith('| '))
    .map(tableRows);
}

describe('markdown report', () => {
  const report = fixtureReport();
  const markdown = renderReport(report, 'md', { color: false, comparison: fixtureComparison() });

  it('has a table per OU whose rows keep their column count despite pipes in names', () => {
    const accountTables = tables(markdown).filter((t) => t[0]?.[0] === 'Account');
    const ous = [...new Set(report.rows.map((r) => r.ouPath))];
    expect(accountTables).toHaveLength(ous.length);
    for (const table of accountTables) {
      for (const row of table) expect(row).toHaveLength(5 + report.controls.length);
    }
    const bodyRows = accountTables.flatMap((t) => t.slice(2));
    expect(bodyRows.map((r) => [r[0], r[2]])).toEqual(report.rows.map((r) => [r.accountId, r.region]));
    expect(bodyRows.map((r) => r[1]?.split('<br>')[0])).toEqual(report.rows.map((r) => r.accountName));
    expect(markdown).toContain(`#### ${XSS_OU.replace(/[\\`*_[\]<>|~&]/g, '\\$&')}`);
  });

  it('shows each cell as non-compliant/compliant with its state, ERROR rows with their reason', () => {
    const bodyRows = tables(markdown)
      .filter((t) => t[0]?.[0] === 'Account')
      .flatMap((t) => t.slice(2));
    report.rows.forEach((row, i) => {
      report.controls.forEach((control, c) => {
        const cell = row.controls[control.id];
        const text = bodyRows[i]?.[5 + c];
        if (cell.state === 'evaluated') expect(text).toContain(`${cell.nonCompliant}/${cell.compliant}`);
        if (cell.state === 'error') expect(text).toContain('ERROR');
        if (cell.state === 'exempt') expect(text).toBe('exempt');
      });
      if (row.error) expect(bodyRows[i]?.[1]).toContain(row.error.message);
    });
  });

  it('lets no raw HTML from the data through', () => {
    const unescapedTags = markdown.match(/(?<!\\)<\/?[a-z]+/g) ?? [];
    expect(new Set(unescapedTags)).toEqual(new Set(['<br', '<details', '<summary', '</summary', '</details']));
    expect(markdown).toContain(XSS_NAME.replace(/[\\`*_[\]<>|~&]/g, '\\$&'));
  });

  it('folds failing resources, bounded with the exact remainder', () => {
    expect(markdown).toMatch(/<details><summary>Failing resources \(4 cells\)<\/summary>/);
    expect(markdown).toContain('1200 non-compliant');
    expect(markdown).toContain('  - +1190 more');
  });

  it('has the roll-ups with the total and the comparison', () => {
    const rollupTables = tables(markdown).filter((t) => ['OU', 'Region', 'Control'].includes(t[0]?.[0] ?? ''));
    expect(rollupTables.map((t) => t.length - 3)).toEqual([
      report.rollups.byOu.length,
      report.rollups.byRegion.length,
      report.rollups.byControl.length,
    ]);
    for (const table of rollupTables) expect(table.at(-1)![4]).toBe(`**${report.rollups.total.nonCompliant}**`);
    expect(markdown).toContain('**Newly non-compliant (2)**');
    expect(markdown).toContain('- 222222222222 eu-west-1 default-sg-closed: AWS::EC2::SecurityGroup sg-\\|new\\<b\\>');
    expect(markdown).toContain('**New errors (1)**');
  });

  it('lists only rows that need attention when there are too many for a comment', () => {
    const short = renderMarkdown(report, { rowLimit: 2 });
    const rows = tables(short)
      .filter((t) => t[0]?.[0] === 'Account')
      .flatMap((t) => t.slice(2));
    expect(rows).toHaveLength(2);
    expect(short).toMatch(
      /6 account-regions not shown: only those needing attention are listed, and \d+ of those are left out/,
    );
  });
});
