/**
 * Builds ComplianceReports for renderer tests: rows added one at a time, roll-ups computed here from the rows
 * (independently of src/report's builder), and a standard fixture that holds every cell state, ERROR rows,
 * drift, instances that are not current, resources that cannot be remediated, a cell above 100 resources and
 * names that try to break each format.
 */
import { CONTROLS, type ControlId } from '../../../src/controls/catalog.js';
import {
  REPORT_VERSION,
  type AccountRegionRow,
  type ComplianceReport,
  type ControlCell,
  type ControlTotals,
  type DriftCell,
  type InstanceCell,
  type NonCompliantResource,
  type ReportComparison,
  type ReportControl,
  type Rollup,
  type RowError,
} from '../../../src/report/model.js';

export const XSS_NAME = 'evil|name, "quoted" <script>window.__xss = 1</script>';
export const XSS_OU = 'Root/Sandbox|Dev <img src=x onerror="window.__xss = 2">';
export const LONG_NAME = 'a-remarkably-long-account-name-that-will-not-fit-any-terminal-column';

export const cells = {
  evaluated: (
    nonCompliant: number,
    compliant: number,
    resources: readonly NonCompliantResource[] = [],
  ): ControlCell => ({
    state: 'evaluated',
    mode: 'AUTO',
    nonCompliant,
    compliant,
    nonCompliantResources: resources,
  }),
  noResults: (): ControlCell => ({
    state: 'no-results',
    mode: 'DETECT',
    compliant: 0,
    nonCompliant: 0,
    nonCompliantResources: [],
  }),
  notDeployed: (): ControlCell => ({ state: 'not-deployed', compliant: 0, nonCompliant: 0, nonCompliantResources: [] }),
  exempt: (): ControlCell => ({ state: 'exempt', compliant: 0, nonCompliant: 0, nonCompliantResources: [] }),
  error: (): ControlCell => ({ state: 'error', compliant: 0, nonCompliant: 0, nonCompliantResources: [] }),
};

/** `count` security groups; every `manualEvery`-th one cannot be remediated automatically. */
export function securityGroups(count: number, prefix: string, manualEvery = 0): NonCompliantResource[] {
  return Array.from({ length: count }, (_, i) => ({
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: `sg-${prefix}${String(i).padStart(4, '0')}`,
    annotation: `port 22 open to 0.0.0.0/0 (rule ${i})`,
    ...(manualEvery > 0 && i % manualEvery === 0
      ? { cannotAutoRemediate: 'referenced by a launch template, "shared"' }
      : {}),
  }));
}

export interface RowSpec {
  readonly accountId: string;
  readonly accountName: string;
  readonly ouPath: string;
  readonly region: string;
  readonly error?: RowError;
  readonly instance?: InstanceCell;
  readonly drift?: DriftCell;
  readonly controls?: Partial<Record<ControlId, ControlCell>>;
}

const REPORT_CONTROLS: readonly ReportControl[] = CONTROLS.map((c) => ({
  id: c.id,
  title: c.title,
  ruleName: `cisfleet-${c.ruleNameSuffix}`,
  homeRegionOnly: c.homeRegionOnly,
  cis: c.cis,
  securityHub: c.securityHub,
}));

export class ReportBuilder {
  private readonly rows: AccountRegionRow[] = [];
  private driftChecked = false;

  constructor(private readonly regions: readonly string[] = ['eu-west-1', 'us-east-1']) {}

  /** Adds an account × region; controls not given are compliant (0/5), or errors when the row has an error. */
  row(spec: RowSpec): this {
    const controls = Object.fromEntries(
      REPORT_CONTROLS.map((c) => [c.id, spec.controls?.[c.id] ?? (spec.error ? cells.error() : cells.evaluated(0, 5))]),
    ) as Record<ControlId, ControlCell>;
    if (spec.drift && spec.drift.status !== 'NOT_CHECKED') this.driftChecked = true;
    this.rows.push({
      accountId: spec.accountId,
      accountName: spec.accountName,
      ouPath: spec.ouPath,
      region: spec.region,
      status: spec.error ? 'ERROR' : 'OK',
      ...(spec.error ? { error: spec.error } : {}),
      source: 'aggregator',
      instance: spec.instance ?? { state: 'CURRENT', detailedStatus: 'SUCCEEDED' },
      drift: spec.drift ?? { status: 'NOT_CHECKED' },
      controls,
    });
    return this;
  }

  build(): ComplianceReport {
    const rows = [...this.rows].sort(
      (a, b) =>
        a.ouPath.localeCompare(b.ouPath) || a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region),
    );
    const groupBy = (key: (row: AccountRegionRow) => string) => {
      const keys = [...new Set(rows.map(key))];
      return keys.map((k) =>
        rollup(
          k,
          rows.filter((r) => key(r) === k),
        ),
      );
    };
    return {
      version: REPORT_VERSION,
      generatedAt: '2026-11-28T10:00:00.000Z',
      organizationId: 'o-fixture1234',
      stackSetName: 'cisfleet-cis-controls',
      source: 'aggregator',
      driftChecked: this.driftChecked,
      regions: this.regions,
      controls: REPORT_CONTROLS,
      rows,
      rollups: {
        byOu: groupBy((r) => r.ouPath),
        byRegion: groupBy((r) => r.region),
        byControl: REPORT_CONTROLS.map((c) => rollup(c.id, rows, c.id)),
        total: rollup('total', rows),
      },
    };
  }
}

function rollup(key: string, rows: readonly AccountRegionRow[], onlyControl?: ControlId): Rollup {
  const controlIds = onlyControl ? [onlyControl] : REPORT_CONTROLS.map((c) => c.id);
  // Every control has an entry (the schema wants them all); a per-control roll-up counts only its own.
  const byControl = Object.fromEntries(
    REPORT_CONTROLS.map(({ id }): [ControlId, ControlTotals] => [
      id,
      controlIds.includes(id)
        ? {
            compliant: sum(rows.map((r) => r.controls[id].compliant)),
            nonCompliant: sum(rows.map((r) => r.controls[id].nonCompliant)),
            cannotAutoRemediate: sum(
              rows.map((r) => r.controls[id].nonCompliantResources.filter((x) => x.cannotAutoRemediate).length),
            ),
          }
        : { compliant: 0, nonCompliant: 0, cannotAutoRemediate: 0 },
    ]),
  ) as Record<ControlId, ControlTotals>;
  return {
    key,
    accounts: new Set(rows.map((r) => r.accountId)).size,
    rows: rows.length,
    errorRows: rows.filter((r) => r.status === 'ERROR').length,
    nonCompliantRows: rows.filter((r) => controlIds.some((id) => r.controls[id].nonCompliant > 0)).length,
    driftedRows: rows.filter((r) => r.drift.status === 'DRIFTED').length,
    instancesNotCurrent: rows.filter((r) => r.instance.state !== 'CURRENT').length,
    compliant: sum(Object.values(byControl).map((t) => t.compliant)),
    nonCompliant: sum(Object.values(byControl).map((t) => t.nonCompliant)),
    byControl,
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** IAM controls live in the home region only: elsewhere they are not deployed. */
const outsideHome = { 'access-keys-rotated': cells.notDeployed(), 'unused-credentials': cells.notDeployed() };

/** The standard fixture: 6 accounts in 3 OUs, 2 regions, every state a cell, instance or drift can be in. */
export function fixtureReport(): ComplianceReport {
  const prod = 'Root/Production';
  return new ReportBuilder()
    .row({
      accountId: '111111111111',
      accountName: 'prod-app',
      ouPath: prod,
      region: 'eu-west-1',
      drift: { status: 'IN_SYNC', lastCheckedAt: '2026-11-28T09:50:00.000Z' },
      controls: {
        'default-sg-closed': cells.evaluated(0, 12),
        'admin-ports-closed': cells.evaluated(3, 40, securityGroups(3, 'a', 2)),
        'access-keys-rotated': cells.evaluated(150, 20, [
          ...Array.from({ length: 150 }, (_, i) => ({
            resourceType: 'AWS::IAM::User',
            resourceId: `user-${String(i).padStart(3, '0')}`,
          })),
        ]),
        'unused-credentials': cells.exempt(),
      },
    })
    .row({
      accountId: '111111111111',
      accountName: 'prod-app',
      ouPath: prod,
      region: 'us-east-1',
      drift: { status: 'IN_SYNC' },
      controls: { ...outsideHome, 'admin-ports-closed': cells.evaluated(1200, 7, securityGroups(1200, 'b')) },
    })
    .row({
      accountId: '222222222222',
      accountName: XSS_NAME,
      ouPath: prod,
      region: 'eu-west-1',
      instance: { state: 'OUTDATED', detailedStatus: 'SUCCEEDED', reason: 'template hash differs, "v2" pending' },
      drift: {
        status: 'DRIFTED',
        resources: [
          {
            logicalId: 'AdminPortsRule',
            resourceType: 'AWS::Config::ConfigRule',
            status: 'MODIFIED',
            differences: [
              {
                path: '/MaximumExecutionFrequency',
                expected: 'TwentyFour_Hours',
                actual: 'One_Hour',
                kind: 'NOT_EQUAL',
              },
            ],
          },
          { logicalId: 'RemediationRole', resourceType: 'AWS::IAM::Role', status: 'DELETED' },
        ],
      },
      controls: {
        'default-sg-closed': cells.evaluated(1, 2, [
          {
            resourceType: 'AWS::EC2::SecurityGroup',
            resourceId: 'sg-<script>window.__xss=3</script>',
            annotation: 'a|b, "c"',
          },
        ]),
      },
    })
    .row({
      accountId: '222222222222',
      accountName: XSS_NAME,
      ouPath: prod,
      region: 'us-east-1',
      drift: { status: 'IN_SYNC' },
      controls: outsideHome,
    })
    .row({
      accountId: '333333333333',
      accountName: LONG_NAME,
      ouPath: 'Root/Production/Payments/Card-Processing/Europe',
      region: 'eu-west-1',
      instance: {
        state: 'FAILED',
        detailedStatus: 'FAILED',
        reason: 'Resource handler returned message: "Access Denied"',
      },
      drift: { status: 'UNKNOWN' },
      controls: { 'default-sg-closed': cells.noResults(), 'admin-ports-closed': cells.noResults() },
    })
    .row({
      accountId: '444444444444',
      accountName: 'sandbox-dev',
      ouPath: XSS_OU,
      region: 'eu-west-1',
      error: { kind: 'throttled', message: 'Rate exceeded after 8 attempts' },
      drift: { status: 'NOT_CHECKED' },
    })
    .row({
      accountId: '444444444444',
      accountName: 'sandbox-dev',
      ouPath: XSS_OU,
      region: 'us-east-1',
      error: { kind: 'unreachable', message: 'AccessDenied: not authorized to assume cisfleet-member' },
    })
    .row({
      accountId: '555555555555',
      accountName: 'new-account',
      ouPath: XSS_OU,
      region: 'eu-west-1',
      instance: { state: 'MISSING', reason: 'no stack instance in this account and region' },
      controls: { 'default-sg-closed': cells.notDeployed(), 'admin-ports-closed': cells.notDeployed(), ...outsideHome },
    })
    .build();
}

export function fixtureComparison(): ReportComparison {
  return {
    previousGeneratedAt: '2026-11-21T10:00:00.000Z',
    newlyNonCompliant: [
      {
        accountId: '111111111111',
        region: 'eu-west-1',
        controlId: 'admin-ports-closed',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-a0000',
      },
      {
        accountId: '222222222222',
        region: 'eu-west-1',
        controlId: 'default-sg-closed',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-|new<b>',
      },
    ],
    fixed: [
      {
        accountId: '111111111111',
        region: 'us-east-1',
        controlId: 'default-sg-closed',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-old1',
      },
    ],
    newAccounts: ['555555555555'],
    removedAccounts: ['999999999999'],
    driftAppeared: [{ accountId: '222222222222', region: 'eu-west-1' }],
    driftCleared: [],
    newErrors: [{ accountId: '444444444444', region: 'eu-west-1', message: 'throttled: Rate exceeded' }],
  };
}
