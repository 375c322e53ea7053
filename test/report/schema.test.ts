import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { reportJson } from '../../src/report/output.js';
import { reportJsonSchemaText } from '../../src/report/schema.js';
import {
  HOME,
  OTHER,
  account,
  committedReportValidator,
  failedResult,
  instance,
  readResult,
  reportFrom,
  reportSchemaFile,
  ruleResult,
  testConfig,
} from './report-fixtures.js';
import { at, defined } from '../helpers/elements.js';

const REGENERATE = 'run `npm run build && node dist/report/write-schema.js` and commit the result';

/** A report with every kind of cell and row: read, failed, exempt, drifted, with remediation failures, compared. */
function richReport() {
  const A = '222222222222';
  const B = '333333333333';
  const at = { accountId: A, region: HOME };
  const config = testConfig({
    exemptions: { accounts: [{ accountId: A, controls: ['default-sg-closed'], reason: 'lab' }] },
  });
  return reportFrom({
    config,
    accounts: [account(A), account(B, '/Root/Sandbox')],
    compliance: [
      readResult(A, HOME, [
        {
          ...ruleResult('admin-ports-closed', at, 3, 2),
          remediationFailures: [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-0', message: 'no' }],
        },
        ruleResult('default-sg-closed', at, 0, 1),
      ]),
      readResult(A, OTHER, []),
      failedResult(B, HOME, 'throttled', 'Rate exceeded'),
    ],
    instances: {
      status: 'read',
      instances: [instance(A, HOME, { driftStatus: 'DRIFTED', lastDriftCheckAt: new Date() })],
    },
    drift: {
      resources: new Map([
        [
          `${A}|${HOME}`,
          [
            {
              logicalResourceId: 'R',
              resourceType: 'AWS::Config::ConfigRule',
              status: 'DELETED',
              propertyDifferences: [],
            },
          ],
        ],
      ]),
    },
  });
}

describe('docs/report-schema.json', () => {
  it(`is what src/report/schema.ts generates (else ${REGENERATE})`, () => {
    expect(readFileSync(reportSchemaFile, 'utf8')).toBe(reportJsonSchemaText());
  });

  it('accepts the JSON a report writes, with every kind of row and cell', () => {
    const validate = committedReportValidator();
    const json = JSON.parse(reportJson(richReport())) as unknown;
    validate(json);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('rejects a report with an unknown cell state, a missing control and an extra field', () => {
    const validate = committedReportValidator();
    const json = JSON.parse(reportJson(richReport())) as {
      rows: Array<{ controls: Record<string, { state: string }> }>;
      extra?: boolean;
    };
    defined(at(json.rows, 0, 'row').controls['admin-ports-closed'], 'admin-ports-closed cell').state = 'compliant-ish';
    delete at(json.rows, 1, 'row').controls['unused-credentials'];
    json.extra = true;
    expect(validate(json)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toEqual(
      expect.arrayContaining(['/rows/0/controls/admin-ports-closed/state', '/rows/1/controls', '']),
    );
  });
});
