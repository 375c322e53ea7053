/** The impact report from what was gathered: changes in a stable order, and totals per account, OU and control. Pure. */
import type { ControlId } from '../controls/catalog.js';
import type { GatheredImpact } from './gather.js';
import type { ImpactChange, ImpactCounts, ImpactReport } from '../model/impact.js';

export interface ImpactReportInput {
  readonly generatedAt: Date;
  readonly organizationId: string;
  readonly controls: readonly ControlId[];
  readonly regions: readonly string[];
  readonly accounts: number;
  readonly gathered: GatheredImpact;
}

const empty = (): ImpactCounts => ({ changes: 0, needsPerson: 0, skipped: 0 });

function count(into: Record<string, ImpactCounts>, key: string, change: ImpactChange): void {
  const counts = (into[key] ??= empty());
  if (change.action === 'skipped') counts.skipped++;
  else if (change.action === 'needs-person') counts.needsPerson++;
  else counts.changes++;
}

const sortKey = (c: ImpactChange) =>
  [
    c.ouPath,
    c.accountId,
    c.region,
    c.controlId,
    c.resourceId,
    c.action,
    c.direction ?? '',
    c.protocol ?? '',
    c.ports ?? '',
    c.source?.value ?? '',
    c.accessKeyId ?? '',
  ].join('\u0000');

export function buildImpactReport(input: ImpactReportInput): ImpactReport {
  const changes = [...input.gathered.changes].sort((a, b) =>
    sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0,
  );
  const total: Record<string, ImpactCounts> = {};
  const byAccount: Record<string, ImpactCounts> = {};
  const byOu: Record<string, ImpactCounts> = {};
  const byControl: Record<string, ImpactCounts> = Object.fromEntries(input.controls.map((id) => [id, empty()]));
  for (const change of changes) {
    count(total, 'all', change);
    count(byAccount, change.accountId, change);
    count(byOu, change.ouPath, change);
    count(byControl, change.controlId, change);
  }
  const failures = [...input.gathered.failures].sort((a, b) =>
    `${a.accountId}|${a.region}`.localeCompare(`${b.accountId}|${b.region}`),
  );
  return {
    generatedAt: input.generatedAt.toISOString(),
    organizationId: input.organizationId,
    controls: input.controls,
    regions: input.regions,
    accounts: input.accounts,
    changes,
    failures,
    totals: { total: total.all ?? empty(), byAccount, byOu, byControl },
  };
}
