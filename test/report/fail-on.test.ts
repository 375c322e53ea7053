import { describe, expect, it } from '@jest/globals';
import { evaluateFailOn } from '../../src/report/fail-on.js';
import {
  HOME,
  OTHER,
  account,
  failedResult,
  instance,
  readResult,
  reportFrom,
  ruleResult,
  testConfig,
} from './report-fixtures.js';

const A = '222222222222';

describe('evaluateFailOn', () => {
  const clean = reportFrom({
    accounts: [account(A)],
    compliance: [HOME, OTHER].map((r) =>
      readResult(A, r, [ruleResult('default-sg-closed', { accountId: A, region: r }, 2, 0)]),
    ),
  });
  const dirty = reportFrom({
    accounts: [account(A)],
    compliance: [
      readResult(A, HOME, [ruleResult('default-sg-closed', { accountId: A, region: HOME }, 0, 3)]),
      failedResult(A, OTHER, 'not-recording', 'no recorder'),
    ],
    instances: { status: 'read', instances: [instance(A, HOME, { driftStatus: 'DRIFTED' }), instance(A, OTHER)] },
  });

  it('meets nothing on a clean report, whatever is asked', () => {
    expect(evaluateFailOn(clean, ['noncompliant', 'drift', 'error']).met).toEqual([]);
  });

  it('meets only the conditions asked for, each with how often it occurs', () => {
    expect(evaluateFailOn(dirty, []).met).toEqual([]);
    expect(evaluateFailOn(dirty, ['error', 'noncompliant'])).toEqual({
      met: ['noncompliant', 'error'],
      reasons: ['3 non-compliant resources', '1 account × region row could not be read'],
    });
    expect(evaluateFailOn(dirty, ['drift']).met).toEqual(['drift']);
  });

  it('does not count exempt resources as non-compliant', () => {
    const config = testConfig({
      exemptions: { accounts: [{ accountId: A, controls: ['default-sg-closed'], reason: 'lab' }] },
    });
    const exempt = reportFrom({
      config,
      accounts: [account(A)],
      compliance: [HOME, OTHER].map((r) =>
        readResult(A, r, [ruleResult('default-sg-closed', { accountId: A, region: r }, 0, 4)]),
      ),
    });
    expect(evaluateFailOn(exempt, ['noncompliant']).met).toEqual([]);
  });
});
