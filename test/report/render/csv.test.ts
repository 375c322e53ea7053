import { describe, it, expect } from '@jest/globals';
import { renderReport } from '../../../src/report/render/index.js';
import { CSV_COLUMNS } from '../../../src/report/render/csv.js';
import { XSS_NAME, fixtureReport } from './report-fixture.js';

/** RFC 4180, strictly: CRLF records, quoted fields with doubled quotes; anything else is an error. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const field = (): string => {
    if (text[i] !== '"') {
      const start = i;
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        i++;
      }
      return text.slice(start, i);
    }
    let value = '';
    i++;
    for (;;) {
      if (i >= text.length) throw new Error('unterminated quoted field');
      if (text[i] === '"') {
        if (text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        i++;
        return value;
      }
      value += text[i++];
    }
  };
  while (i < text.length) {
    record.push(field());
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.slice(i, i + 2) !== '\r\n') throw new Error(`expected CRLF at ${i}`);
    i += 2;
    records.push(record);
    record = [];
  }
  return records;
}

describe('CSV report', () => {
  const report = fixtureReport();
  const [header, ...records] = parseCsv(renderReport(report, 'csv', { color: false }));

  it('has the documented header and one record per account × region × control', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(report.rows.length * report.controls.length);
    for (const record of records) expect(record).toHaveLength(CSV_COLUMNS.length);
  });

  it('parses back to the model, names with commas, quotes and pipes intact', () => {
    const parsed = records.map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]])));
    const expected = report.rows.flatMap((row) =>
      report.controls.map((control) => {
        const cell = row.controls[control.id];
        return {
          account_id: row.accountId,
          account_name: row.accountName,
          ou_path: row.ouPath,
          region: row.region,
          control_id: control.id,
          rule_name: control.ruleName,
          state: cell.state,
          mode: cell.mode ?? '',
          non_compliant: String(cell.nonCompliant),
          compliant: String(cell.compliant),
          cannot_auto_remediate: String(cell.nonCompliantResources.filter((r) => r.cannotAutoRemediate).length),
          instance_status: row.instance.state,
          drift_status: row.drift.status,
          error: row.error ? `${row.error.kind}: ${row.error.message}` : '',
        };
      }),
    );
    expect(parsed).toEqual(expected);
    expect(parsed.some((r) => r.account_name === XSS_NAME)).toBe(true);
  });

  it('writes exact counts above 100 and flags resources remediation cannot fix', () => {
    const cell = records.find((r) => r[0] === '111111111111' && r[3] === 'us-east-1' && r[4] === 'admin-ports-closed');
    expect(cell?.[8]).toBe('1200');
    const manual = records.find(
      (r) => r[0] === '111111111111' && r[3] === 'eu-west-1' && r[4] === 'admin-ports-closed',
    );
    expect(manual?.[10]).toBe('2');
  });
});
