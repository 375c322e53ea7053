/**
 * The `--changes` section in every format: the rows are there, and every string from AWS (a resource id, an
 * error message the function logged) reaches the page only through src/safe-text.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { buildChangesSection } from '../../../src/report/changes/build.js';
import type { RemediationChange } from '../../../src/report/changes/model.js';
import { renderReport } from '../../../src/report/render/index.js';
import { reportJson } from '../../../src/report/output.js';
import { fixtureReport } from './report-fixture.js';

const HOSTILE = '<img src=x onerror=alert(1)>|=cmd()\u001b[31mred';
const where = { accountId: '222222222222', accountName: 'Prod', ouPath: '/Root/Workloads', region: 'us-east-1' };
const change = (over: Partial<RemediationChange>): RemediationChange => ({
  ...where,
  controlId: 'access-keys-rotated',
  source: 'access-key-function',
  resourceType: 'AWS::IAM::User',
  resourceId: 'alice',
  action: 'access key AKIA1 deactivated',
  outcome: 'succeeded',
  at: '2026-12-01T10:00:00.000Z',
  executionId: '00000000-0000-4000-8000-000000000001',
  ...over,
});

const report = {
  ...fixtureReport(),
  changes: buildChangesSection({
    since: new Date('2026-11-30T10:00:00Z'),
    changes: [
      change({}),
      change({ resourceId: HOSTILE, outcome: 'failed', action: 'access keys', detail: `AccessDenied: ${HOSTILE}` }),
      change({ resourceId: 'break-glass', outcome: 'exempt', action: 'left alone', detail: 'exemption tag x' }),
    ],
    runs: [
      {
        ...where,
        at: '2026-12-01T10:00:01.000Z',
        executionId: '00000000-0000-4000-8000-000000000001',
        kind: 'sweep',
        checked: 3,
        remediated: 1,
        exempt: 1,
        failed: 1,
        failures: [{ user: HOSTILE, error: 'AccessDenied', message: 'no' }],
      },
    ],
    failures: [],
  }),
};

describe('report --changes in every format', () => {
  it('lists the changes, the exempt user counted apart, and the failed run', () => {
    expect(report.changes.totals).toEqual({
      succeeded: 1,
      failed: 1,
      inProgress: 0,
      exemptResources: 1,
      failedRuns: 1,
    });
    for (const format of ['table', 'md', 'html', 'csv'] as const) {
      const text = renderReport(report, format, { color: false });
      expect({ format, deactivated: text.includes('access key AKIA1 deactivated') }).toEqual({
        format,
        deactivated: true,
      });
      expect({ format, exempt: text.includes('break-glass') }).toEqual({ format, exempt: true });
    }
    expect(renderReport(report, 'table', { color: false, width: 200 })).toMatch(/1 exempt resources left alone/);
    expect((JSON.parse(reportJson(report)) as typeof report).changes.totals.exemptResources).toBe(1);
  });

  it('escapes what AWS recorded for each destination', () => {
    const html = renderReport(report, 'html', { color: false });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    const md = renderReport(report, 'md', { color: false });
    expect(md).toContain('\\<img src=x onerror=alert\\(1\\)\\>\\|=cmd\\(\\)');
    const table = renderReport(report, 'table', { color: false });
    expect(table).not.toContain('\u001b[31m');
    const csv = renderReport(report, 'csv', { color: false });
    expect(csv).toContain('change_when,change_account');
    expect(csv).not.toContain('\u001b');
  });
});
