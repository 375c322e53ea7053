/** Config's remediation records joined with SSM's runbook executions (src/report/changes/runbook-outputs.ts). */
import { describe, expect, it } from '@jest/globals';
import { configExecutionChanges } from '../../src/report/changes/config-executions.js';
import { runbookLookup } from '../../src/report/changes/runbook-outputs.js';
import type { AutomationExecutionRecord, RemediationExecutionRecord } from '../../src/model/remediation-records.js';

const DOCUMENT = 'cisfleet-RemoveDefaultSecurityGroupRules';
const where = { accountId: '222222222222', accountName: 'a', ouPath: '/Root', region: 'us-east-1' };
const since = new Date('2026-12-01T00:00:00Z');

const execution = (
  id: string,
  startedAt: string,
  outputs: Record<string, string[]>,
  status = 'Success',
  documentName = DOCUMENT,
): AutomationExecutionRecord => ({ executionId: id, documentName, status, startedAt, outputs });
const ran = (resourceId: string, skipped = 'no') => ({
  'Remove.ResourceId': [resourceId],
  'Remove.Skipped': [skipped],
});
const record = (resourceId: string, state: string, lastUpdatedAt: string): RemediationExecutionRecord => ({
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId,
  state,
  lastUpdatedAt,
  steps: [{ name: 'Remove', state }],
});

describe('runbook outputs joined with Config remediation records', () => {
  const lookup = runbookLookup(
    [
      execution('e-1', '2026-12-02T10:00:00.000Z', ran('sg-1')),
      execution('e-2', '2026-12-02T11:00:00.000Z', ran('sg-1', 'sg-1 carries the exemption tag t')),
      execution('e-3', '2026-12-02T12:00:00.000Z', ran('sg-1')),
      execution('e-4', '2026-12-02T11:00:00.000Z', ran('sg-2'), 'Success', 'cisfleet-RevokeWorldOpenAdminPorts'),
      execution('e-5', '2026-12-02T11:30:00.000Z', { 'Remove.ResourceId': ['No output available'] }, 'Failed'),
    ],
    DOCUMENT,
  );

  it("takes the latest execution of the document started by Config's record, skip or not", () => {
    expect(lookup('sg-1', '2026-12-02T11:00:05.000Z')).toEqual({
      executionId: 'e-2',
      status: 'Success',
      startedAt: '2026-12-02T11:00:00.000Z',
      skipped: 'sg-1 carries the exemption tag t',
    });
    expect(lookup('sg-1', '2026-12-02T12:00:01.000Z')?.executionId).toBe('e-3');
    expect(lookup('sg-1', '2026-12-02T09:00:00.000Z')).toBeUndefined();
    // Another document's execution for a group is not this control's.
    expect(lookup('sg-2', '2026-12-02T12:00:00.000Z')).toBeUndefined();
  });

  it('counts a skipped success exempt with its reason; a FAILED record takes no earlier success as its execution', () => {
    const changes = configExecutionChanges(
      [
        record('sg-1', 'SUCCEEDED', '2026-12-02T11:00:05.000Z'),
        record('sg-1', 'FAILED', '2026-12-02T11:40:00.000Z'),
        record('sg-1', 'SUCCEEDED', '2026-12-02T12:00:05.000Z'),
      ],
      'default-sg-closed',
      where,
      since,
      lookup,
    );
    expect(changes.map((c) => [c.outcome, c.action, c.executionId, c.detail])).toEqual([
      ['exempt', 'skipped by runbook Remove', 'e-2', 'sg-1 carries the exemption tag t'],
      ['failed', 'runbook Remove', undefined, undefined],
      ['succeeded', 'runbook Remove', 'e-3', undefined],
    ]);
  });
});
