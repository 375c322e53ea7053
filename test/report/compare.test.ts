import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../../src/errors.js';
import {
  compareReports,
  parsePreviousReport,
  readPreviousReport,
  summarisePrevious,
} from '../../src/report/compare.js';
import { reportJson, reportJsonLines } from '../../src/report/output.js';
import { HOME, OTHER, account, failedResult, instance, readResult, reportFrom, ruleResult } from './report-fixtures.js';
import { at } from '../helpers/elements.js';

const ROWS_LINE = '  "rows": [';
const A = '222222222222';
const B = '333333333333';
const C = '444444444444';
const sg = (accountId: string, region: string, nonCompliant: number, prefix: string) =>
  ruleResult('admin-ports-closed', { accountId, region }, 0, nonCompliant, prefix);

describe('compareReports', () => {
  // Before: A has sg-old-0/1 non-compliant at home, B's other region unreadable, A drifted at home.
  const previous = reportFrom({
    accounts: [account(A), account(B)],
    compliance: [
      readResult(A, HOME, [sg(A, HOME, 2, 'old')]),
      readResult(A, OTHER, []),
      readResult(B, HOME, [sg(B, HOME, 1, 'b')]),
      failedResult(B, OTHER, 'throttled', 'Rate exceeded'),
    ],
    instances: {
      status: 'read',
      instances: [
        instance(A, HOME, { driftStatus: 'DRIFTED' }),
        instance(A, OTHER),
        instance(B, HOME),
        instance(B, OTHER),
      ],
    },
  });
  // After: old-0 fixed, new-0 appeared; B at home unreadable now; B's other region readable with one finding;
  // drift moved from A/home to B/home; C is new, with a finding.
  const current = reportFrom({
    accounts: [account(A), account(B), account(C)],
    compliance: [
      readResult(A, HOME, [
        {
          ...sg(A, HOME, 1, 'old'),
          nonCompliantResources: [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'old-1' }],
        },
        ruleResult('default-sg-closed', { accountId: A, region: HOME }, 0, 1, 'new'),
      ]),
      readResult(A, OTHER, []),
      failedResult(B, HOME, 'access-denied', 'AccessDenied'),
      readResult(B, OTHER, [sg(B, OTHER, 1, 'b-other')]),
      readResult(C, HOME, [sg(C, HOME, 1, 'c')]),
      readResult(C, OTHER, []),
    ],
    instances: {
      status: 'read',
      instances: [
        instance(A, HOME),
        instance(A, OTHER),
        instance(B, HOME, { driftStatus: 'DRIFTED' }),
        instance(B, OTHER),
        instance(C, HOME),
        instance(C, OTHER),
      ],
    },
  });

  it('lists newly non-compliant and fixed resources, leaving out rows unreadable on either side', () => {
    const comparison = compareReports(previous, current);
    expect(comparison.previousGeneratedAt).toBe(previous.generatedAt);
    expect(
      comparison.newlyNonCompliant.map((c) => `${c.accountId} ${c.region} ${c.controlId} ${c.resourceId}`),
    ).toEqual([`${A} ${HOME} default-sg-closed new-0`, `${C} ${HOME} admin-ports-closed c-0`]);
    // B/home is unreadable now: its b-0 is not "fixed"; B/other was unreadable before: b-other-0 is not "new".
    expect(comparison.fixed.map((c) => `${c.accountId} ${c.region} ${c.resourceId}`)).toEqual([`${A} ${HOME} old-0`]);
  });

  it('lists new and removed accounts, drift that appeared or cleared, and new errors', () => {
    const comparison = compareReports(previous, current);
    expect(comparison.newAccounts).toEqual([C]);
    expect(comparison.removedAccounts).toEqual([]);
    expect(compareReports(current, previous).removedAccounts).toEqual([C]);
    expect(comparison.driftAppeared).toEqual([{ accountId: B, region: HOME }]);
    expect(comparison.driftCleared).toEqual([{ accountId: A, region: HOME }]);
    expect(comparison.newErrors).toEqual([{ accountId: B, region: HOME, message: 'AccessDenied' }]);
  });

  it('finds nothing between a report and itself', () => {
    const comparison = compareReports(current, current);
    expect(
      [
        comparison.newlyNonCompliant,
        comparison.fixed,
        comparison.newAccounts,
        comparison.driftAppeared,
        comparison.driftCleared,
        comparison.newErrors,
      ].flat(),
    ).toEqual([]);
  });
});

describe('parsePreviousReport', () => {
  it('reads back what --format json writes', () => {
    const report = reportFrom({ accounts: [account(A)], compliance: [readResult(A, HOME, [sg(A, HOME, 2, 'x')])] });
    expect(parsePreviousReport(reportJson(report), 'previous.json')).toEqual(report);
  });

  it('reads a version 1 report (version 2 only added driftUnavailable)', () => {
    const report = reportFrom({ accounts: [account(A)], compliance: [readResult(A, HOME, [sg(A, HOME, 2, 'x')])] });
    const versionOne = { ...JSON.parse(reportJson(report)), version: 1 };
    expect(parsePreviousReport(JSON.stringify(versionOne), 'v1.json').rows).toEqual(report.rows);
  });

  it('names the file and the problem when it is not a cisfleet report', () => {
    const attempt = (text: string) => () => parsePreviousReport(text, 'reports/last.json');
    expect(attempt('{ nope')).toThrow(UsageError);
    expect(attempt('{ nope')).toThrow(/reports\/last\.json is not JSON/);
    expect(attempt('{"accounts": []}')).toThrow(
      /reports\/last\.json is not a cisfleet report \(it does not match docs\/report-schema\.json\)/,
    );
    expect(attempt('{"version": 7, "rows": []}')).toThrow(/reports\/last\.json is a version 7 cisfleet report/);
    const report = JSON.parse(reportJson(reportFrom({ accounts: [account(A)], compliance: [] }))) as {
      rows: Array<{ status: string }>;
    };
    at(report.rows, 0, 'row').status = 'MAYBE';
    expect(() => parsePreviousReport(JSON.stringify(report), 'r.json')).toThrow(/rows\.0\.status/);
  });
});

describe('readPreviousReport', () => {
  const report = reportFrom({
    accounts: [account(A), account(B)],
    compliance: [
      readResult(A, HOME, [sg(A, HOME, 3, 'x')]),
      readResult(A, OTHER, []),
      failedResult(B, HOME, 'throttled', 'Rate exceeded'),
    ],
    instances: { status: 'read', instances: [instance(A, HOME, { driftStatus: 'DRIFTED' })] },
  });

  it('summarises a report in the layout cisfleet writes a row at a time, as the whole report would be', async () => {
    const summary = await readPreviousReport(
      reportJsonLines({ ...report, comparison: compareReports(report, report) }),
      'previous.json',
    );
    expect(summary).toEqual(summarisePrevious(report));
    expect(summary.findings.size).toBe(3);
    expect(summary.rows.get(`${A}|${HOME}`)).toEqual({ accountId: A, region: HOME, status: 'OK', drifted: true });
  });

  it('reads any other JSON layout whole, and compares the same', async () => {
    const pretty = JSON.stringify(report, null, 2).split('\n');
    const summary = await readPreviousReport(pretty, 'pretty.json');
    expect(summary).toEqual(summarisePrevious(report));
    expect(compareReports(summary, report)).toEqual(compareReports(report, report));
  });

  it('names the file and the row when a row does not match the schema', async () => {
    const lines = [...reportJsonLines(report)].map((line) => line.replace('"status":"OK"', '"status":"FINE"'));
    await expect(readPreviousReport(lines, 'old.json')).rejects.toThrow(
      /old\.json is not a cisfleet report[\s\S]*rows\.0\.status/,
    );
    await expect(
      readPreviousReport(['{', '  "version": 1,', ROWS_LINE, '    {not json', '  ],', '}'], 'cut.json'),
    ).rejects.toThrow(/cut\.json is not JSON/);
  });
});
