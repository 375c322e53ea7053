/** The impact report in every report format: JSON is the data itself; the others go through the listing renderer. Pure. */
import type { ReportFormat } from '../report/formats.js';
import { renderListing, type Listing } from '../report/render/listing.js';
import { jsonText } from '../safe-text.js';
import type { ImpactChange, ImpactCounts, ImpactReport } from '../model/impact.js';

/** CSV columns, in order; docs/commands/impact.md describes each. */
export const IMPACT_CSV_COLUMNS = [
  'account_id',
  'account_name',
  'ou_path',
  'region',
  'control_id',
  'action',
  'resource_type',
  'resource_id',
  'resource_name',
  'vpc_id',
  'direction',
  'protocol',
  'ports',
  'source_kind',
  'source',
  'access_key_id',
  'key_age_days',
  'last_used',
  'last_used_service',
  'interfaces',
  'reason',
] as const;

/** What changes, in one cell: the permission and source, or the key with its age and last use. */
export function describeChange(c: ImpactChange): string {
  if (c.source)
    return `${c.direction} ${c.protocol} ${c.ports} ${c.source.kind === 'cidr' || c.source.kind === 'ipv6' ? 'from' : `from ${c.source.kind}`} ${c.source.value}`;
  if (c.accessKeyId)
    return `${c.accessKeyId}, ${c.keyAgeDays} days old, last used ${c.lastUsed}${c.lastUsedService ? ` (${c.lastUsedService})` : ''}`;
  if (c.action === 'delete-password') return `console password, last used ${c.lastUsed}`;
  if (c.interfaces) return `used by ${c.interfaces.join(', ')}`;
  return '';
}

function csvRow(c: ImpactChange): string[] {
  const fields: Record<(typeof IMPACT_CSV_COLUMNS)[number], string> = {
    account_id: c.accountId,
    account_name: c.accountName,
    ou_path: c.ouPath,
    region: c.region,
    control_id: c.controlId,
    action: c.action,
    resource_type: c.resourceType,
    resource_id: c.resourceId,
    resource_name: c.resourceName ?? '',
    vpc_id: c.vpcId ?? '',
    direction: c.direction ?? '',
    protocol: c.protocol ?? '',
    ports: c.ports ?? '',
    source_kind: c.source?.kind ?? '',
    source: c.source?.value ?? '',
    access_key_id: c.accessKeyId ?? '',
    key_age_days: c.keyAgeDays === undefined ? '' : String(c.keyAgeDays),
    last_used: c.lastUsed ?? '',
    last_used_service: c.lastUsedService ?? '',
    interfaces: (c.interfaces ?? []).join(' '),
    reason: c.reason ?? '',
  };
  return IMPACT_CSV_COLUMNS.map((column) => fields[column]);
}

const countColumns = [
  { header: 'changes', align: 'right' as const },
  { header: 'needs a person', align: 'right' as const },
  { header: 'skipped', align: 'right' as const },
];
const countCells = (c: ImpactCounts) => [String(c.changes), String(c.needsPerson), String(c.skipped)];

export function impactListing(report: ImpactReport): Listing {
  const t = report.totals.total;
  const resource = (c: ImpactChange) =>
    c.resourceName && c.resourceName !== c.resourceId ? `${c.resourceName} ${c.resourceId}` : c.resourceId;
  return {
    title: `cisfleet impact · ${report.organizationId}`,
    summary: [
      `If automatic remediation ran now for ${report.controls.join(', ')} in ${report.accounts} accounts × ${report.regions.length} regions:`,
      `${t.changes} changes, ${t.needsPerson} resources needing a person, ${t.skipped} exempt resources skipped, ${report.failures.length} account × regions not read · ${report.generatedAt}`,
    ],
    sections: [
      {
        heading: 'What would change',
        columns: [
          { header: 'account' },
          { header: 'region' },
          { header: 'control' },
          { header: 'action' },
          { header: 'resource', shrink: { min: 12, keep: 'start' } },
          { header: 'what', shrink: { min: 30, keep: 'start' } },
          { header: 'reason', shrink: { min: 12, keep: 'start' } },
        ],
        // The account name is in the totals, json and csv: the change itself needs the width.
        rows: report.changes.map((c) => [
          c.accountId,
          c.region,
          c.controlId,
          c.action,
          resource(c),
          describeChange(c),
          c.reason ?? '',
        ]),
        whenEmpty: 'Nothing: automatic remediation would change nothing now.',
      },
      {
        heading: 'Totals per control',
        columns: [{ header: 'control' }, ...countColumns],
        rows: Object.entries(report.totals.byControl).map(([id, c]) => [id, ...countCells(c)]),
        whenEmpty: 'No controls previewed.',
      },
      {
        heading: 'Totals per OU',
        columns: [{ header: 'OU' }, ...countColumns],
        rows: Object.entries(report.totals.byOu)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([ou, c]) => [ou, ...countCells(c)]),
        whenEmpty: 'No changes in any OU.',
      },
      {
        heading: 'Totals per account',
        columns: [{ header: 'account' }, { header: 'name', shrink: { min: 10, keep: 'start' } }, ...countColumns],
        rows: Object.entries(report.totals.byAccount)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([id, c]) => [id, report.changes.find((x) => x.accountId === id)?.accountName ?? '', ...countCells(c)]),
        whenEmpty: 'No changes in any account.',
      },
      {
        heading: 'Could not be read',
        columns: [
          { header: 'account' },
          { header: 'region' },
          { header: 'kind' },
          { header: 'message', shrink: { min: 20, keep: 'start' } },
        ],
        rows: report.failures.map((f) => [`${f.accountId} ${f.accountName}`, f.region, f.kind, f.message]),
        whenEmpty: 'Every account × region was read.',
      },
    ],
    csv: { columns: IMPACT_CSV_COLUMNS, rows: report.changes.map(csvRow) },
  };
}

export function renderImpact(
  report: ImpactReport,
  format: ReportFormat,
  options: { color: boolean; width?: number },
): string {
  if (format === 'json') return `${jsonText(report)}\n`;
  return renderListing(impactListing(report), format, options);
}
