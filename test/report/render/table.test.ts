import { describe, it, expect } from '@jest/globals';
import { makeStyler } from '../../../src/ui/reporter.js';
import { renderReport } from '../../../src/report/render/index.js';
import { renderTable } from '../../../src/report/render/table.js';
import { viewCell } from '../../../src/report/render/view.js';
import { LONG_NAME, XSS_OU, fixtureComparison, fixtureReport } from './report-fixture.js';

const report = fixtureReport();

/** The account table: from its header rule to the legend line. */
function accountTableLines(text: string): string[] {
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => l.startsWith('────'));
  const legend = lines.findIndex((l) => l.startsWith('cells:'));
  return lines.slice(rule - 2, legend);
}

function rowLine(text: string, accountId: string, region: string): string {
  const line = accountTableLines(text).find((l) => l.startsWith(accountId) && l.includes(` ${region} `));
  if (!line) throw new Error(`no table line for ${accountId} ${region}`);
  return line;
}

describe('terminal table report', () => {
  const text = renderReport(report, 'table', { color: false, width: 120, comparison: fixtureComparison() });

  it.each([100, 120, 160])('fits the account table in %i columns', (width) => {
    const lines = accountTableLines(renderReport(report, 'table', { color: false, width }));
    expect(lines.filter((l) => l.length > width)).toEqual([]);
  });

  it('shows every account × region with non-compliant/compliant per control, in control order', () => {
    for (const row of report.rows) {
      const line = rowLine(text, row.accountId, row.region);
      expect(line).toContain(row.instance.state);
      if (row.status === 'ERROR') continue;
      const labels = report.controls.map((c) => {
        const view = viewCell(row.controls[c.id]);
        return view.cannotAutoRemediate > 0 ? `${view.label}!` : view.label;
      });
      expect(line).toMatch(new RegExp(`${labels.map((l) => l.replace(/[/!]/g, '\\$&')).join('\\s+')}$`));
    }
  });

  it('spans an ERROR row with its reason and heads each OU group with its path', () => {
    expect(rowLine(text, '444444444444', 'eu-west-1')).toContain('ERROR throttled: Rate exceeded after 8 attempts');
    const lines = accountTableLines(text);
    expect(lines).toContain('Root/Production');
    expect(lines).toContain(XSS_OU);
  });

  it('leaves out the drift column when drift was not checked', () => {
    const undrifted = {
      ...report,
      driftChecked: false,
      rows: report.rows.map((r) => ({ ...r, drift: { status: 'NOT_CHECKED' as const } })),
    };
    const lines = accountTableLines(renderReport(undrifted, 'table', { color: false, width: 120 }));
    expect(lines.join('\n')).not.toMatch(/drift|not checked|IN_SYNC/);
    expect(renderReport(undrifted, 'table', { color: false, width: 120 })).toContain('(drift not checked: --drift)');
    expect(accountTableLines(text).join('\n')).toContain('DRIFTED (2)');
  });

  it('cuts long names with an ellipsis rather than breaking the columns', () => {
    const line = rowLine(text, '333333333333', 'eu-west-1');
    expect(line).not.toContain(LONG_NAME);
    expect(line).toMatch(/ a-remarkably-[a-z-]*… /);
  });

  it('lists failing resources per cell, bounded, with the exact remainder and what cannot be remediated', () => {
    expect(text).toContain('111111111111 prod-app us-east-1 · admin-ports-closed: 1200 non-compliant');
    expect(text).toContain('  +1195 more');
    expect(text).toContain('  +145 more');
    expect(text).toMatch(/sg-a0000 .*\[cannot auto-remediate: referenced by a launch template, "shared"\]/);
    const few = renderTable(report, { style: makeStyler(false), width: 120, failingCellLimit: 1 });
    expect(few).toContain('+3 more cells');
  });

  it('lists what needs attention: unreadable rows, instances not current, drifted resources', () => {
    expect(text).toContain('Could not be read (2)');
    expect(text).toContain(
      '444444444444 sandbox-dev us-east-1: unreachable: AccessDenied: not authorized to assume cisfleet-member',
    );
    expect(text).toContain('Stack instances not current (3)');
    expect(text).toContain('MISSING (no stack instance in this account and region)');
    expect(text).toMatch(
      /Drifted resources \(2\)\n.*AdminPortsRule AWS::Config::ConfigRule MODIFIED \(\/MaximumExecutionFrequency\)/,
    );
  });

  it('rolls up per OU, region and control with a total', () => {
    const wide = renderReport(report, 'table', { color: false, width: 200 });
    const section = wide.slice(wide.indexOf('By OU'));
    for (const rollup of [...report.rollups.byOu, ...report.rollups.byRegion, ...report.rollups.byControl]) {
      const line = section.split('\n').find((l) => l.startsWith(`${rollup.key} `));
      expect(line).toMatch(new RegExp(`\\s${rollup.nonCompliant}\\s+${rollup.compliant}\\s`));
    }
    expect(section.match(/^total\s.*$/gm)).toHaveLength(3);
    expect(section).toMatch(/^admin-ports-closed\s.*\s2$/m);
  });

  it('shows the comparison', () => {
    expect(text).toContain('Changes since 2026-11-21T10:00:00.000Z');
    expect(text).toContain(
      'Newly non-compliant (2)\n  111111111111 eu-west-1 admin-ports-closed: AWS::EC2::SecurityGroup sg-a0000',
    );
    expect(text).toContain('Fixed (1)');
    expect(text).toContain('Drift appeared (1)\n  222222222222 eu-west-1');
    expect(text).not.toContain('Drift cleared');
  });

  it('writes no escape codes without colour', () => {
    expect(text).not.toContain(String.fromCharCode(27));
  });

  it('colours cells by state after measuring them, so colour never shifts the columns', () => {
    const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
    const style = { bold: tag('b'), dim: tag('d'), red: tag('r'), green: tag('g'), yellow: tag('y'), cyan: tag('c') };
    const coloured = renderTable(report, { style, width: 120 });
    const line = coloured.split('\n').find((l) => l.startsWith('111111111111') && l.includes('us-east-1'))!;
    expect(line).toMatch(
      /<g>CURRENT<\/g>\s+<g>IN_SYNC<\/g>\s+<g>0\/5<\/g>\s+<r>1200\/7<\/r>\s+<d>n\/a<\/d>\s+<d>n\/a<\/d>$/,
    );
    expect(line.replace(/<\/?[a-z]>/g, '')).toBe(rowLine(text, '111111111111', 'us-east-1'));
  });
});
