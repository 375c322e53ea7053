/**
 * The `--changes` section as every format lays it out: a summary line and up to three tables (the changes, the
 * access-key function's runs that failed, the account × regions not read), as raw text cells. Each renderer
 * escapes every cell for its destination (src/safe-text.ts) and bounds long lists itself.
 */
import type { ChangesSection } from '../changes/model.js';

export interface ChangesTable {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ChangesView {
  readonly title: string;
  readonly summary: string;
  readonly tables: readonly ChangesTable[];
}

export const CHANGE_HEADERS = [
  'when',
  'account',
  'name',
  'region',
  'control',
  'resource',
  'action',
  'outcome',
  'execution',
  'detail',
] as const;

export function changesView(section: ChangesSection): ChangesView {
  const t = section.totals;
  const summary =
    `${t.succeeded} changes made, ${t.failed} failed, ${t.inProgress} in progress; ` +
    `${t.exemptResources} exempt resources left alone (exemption tag: not counted compliant); ` +
    `${t.failedRuns} access-key function runs with failures`;
  const runs = section.functionRuns.filter((r) => r.error !== undefined || r.failed > 0);
  const tables: ChangesTable[] = [
    {
      title: `Changes (${section.changes.length})`,
      headers: CHANGE_HEADERS,
      rows: section.changes.map((c) => [
        c.at,
        c.accountId,
        c.accountName,
        c.region,
        c.controlId,
        `${c.resourceType} ${c.resourceId}`,
        c.action,
        c.outcome,
        c.executionId ?? '',
        c.detail ?? '',
      ]),
    },
    {
      title: `Access-key function runs with failures (${runs.length})`,
      headers: ['when', 'account', 'region', 'execution', 'kind', 'checked', 'failed', 'failures'],
      rows: runs.map((r) => [
        r.at,
        r.accountId,
        r.region,
        r.executionId,
        r.kind,
        String(r.checked),
        String(r.failed),
        r.error ?? r.failures.map((f) => `${f.user}: ${f.error}: ${f.message}`).join('; '),
      ]),
    },
    {
      title: `Not read (${section.failures.length})`,
      headers: ['account', 'name', 'region', 'kind', 'message'],
      rows: section.failures.map((f) => [f.accountId, f.accountName, f.region, f.kind, f.message]),
    },
  ];
  return {
    title: `What automatic remediation did since ${section.since}`,
    summary,
    tables: tables.filter((table, i) => i === 0 || table.rows.length > 0),
  };
}
