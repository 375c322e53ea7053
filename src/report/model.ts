/**
 * The compliance and drift report as data: what `cisfleet report --format json` writes (schema
 * docs/report-schema.json), what every renderer draws, and what `--compare` reads back. Versioned: a change
 * that breaks readers bumps REPORT_VERSION.
 */
import type { ControlId, ControlMode } from '../controls/catalog.js';
import type { ChangesSection } from './changes/model.js';

export const REPORT_VERSION = 3;
/** Versions `--compare` reads: 1 is 2 without `driftUnavailable`, 2 is 3 without `changes`. */
export const READABLE_REPORT_VERSIONS: readonly number[] = [1, 2, REPORT_VERSION];

export interface ComplianceReport {
  readonly version: typeof REPORT_VERSION;
  /** ISO 8601. */
  readonly generatedAt: string;
  readonly organizationId: string;
  readonly stackSetName: string;
  /** Where compliance came from: one source, or both when `auto` fell back per account. */
  readonly source: 'aggregator' | 'accounts' | 'mixed';
  /** Whether drift detection ran for this report (`--drift`). */
  readonly driftChecked: boolean;
  /**
   * With `--drift`: why the stack set's drift could not be read (detection refused, failed or not waited for).
   * The compliance is reported all the same and the report exits 3; the rows' drift is then as last listed.
   */
  readonly driftUnavailable?: string;
  readonly regions: readonly string[];
  readonly controls: readonly ReportControl[];
  /** One row per targeted account × region, sorted by OU path, account id, region. */
  readonly rows: readonly AccountRegionRow[];
  readonly rollups: ReportRollups;
  /** What changed since a previous report (`--compare`); absent without it. */
  readonly comparison?: ReportComparison;
  /** What automatic remediation did (`--changes`); absent without it. */
  readonly changes?: ChangesSection;
}

export interface ReportControl {
  readonly id: ControlId;
  readonly title: string;
  /** The deployed Config rule name (`<prefix>-<suffix>`). */
  readonly ruleName: string;
  readonly homeRegionOnly: boolean;
  readonly cis: Readonly<Record<string, string>>;
  readonly securityHub: readonly string[];
}

export type RowStatus = 'OK' | 'ERROR';

export interface RowError {
  readonly kind: 'unreachable' | 'access-denied' | 'throttled' | 'not-recording' | 'error';
  readonly message: string;
}

export type InstanceState = 'CURRENT' | 'OUTDATED' | 'INOPERABLE' | 'FAILED' | 'MISSING' | 'SKIPPED';

export interface InstanceCell {
  readonly state: InstanceState;
  /** StackInstanceStatus.DetailedStatus when there is an instance. */
  readonly detailedStatus?: string;
  readonly reason?: string;
}

export interface DriftedResource {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: 'MODIFIED' | 'DELETED';
  readonly differences?: readonly { path: string; expected?: string; actual?: string; kind: string }[];
}

export interface DriftCell {
  readonly status: 'DRIFTED' | 'IN_SYNC' | 'NOT_CHECKED' | 'UNKNOWN';
  /** ISO 8601. */
  readonly lastCheckedAt?: string;
  readonly resources?: readonly DriftedResource[];
}

export interface NonCompliantResource {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly annotation?: string;
  /** Set when automatic remediation gave up on this resource: why it cannot be fixed automatically. */
  readonly cannotAutoRemediate?: string;
}

export type ControlCellState =
  /** Evaluated: counts are exact. */
  | 'evaluated'
  /** The rule has no results yet (new, or nothing in scope). */
  | 'no-results'
  /** The rule is not deployed in this account × region (IAM rules outside the home region, DETECT-less gaps). */
  | 'not-deployed'
  /** The account is exempt from this control in accounts.yaml. */
  | 'exempt'
  /** The row could not be read (see the row's error). */
  | 'error';

export interface ControlCell {
  readonly state: ControlCellState;
  readonly mode?: ControlMode;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly nonCompliantResources: readonly NonCompliantResource[];
  /** With state `exempt`: the accounts.yaml exemption (its reason, and when it ends). */
  readonly exemption?: { readonly reason: string; readonly expires?: string };
}

export interface AccountRegionRow {
  readonly accountId: string;
  readonly accountName: string;
  readonly ouPath: string;
  readonly region: string;
  readonly status: RowStatus;
  readonly error?: RowError;
  /** Which source answered for this row. */
  readonly source: 'aggregator' | 'accounts';
  readonly instance: InstanceCell;
  readonly drift: DriftCell;
  readonly controls: Readonly<Record<ControlId, ControlCell>>;
}

export interface ControlTotals {
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly cannotAutoRemediate: number;
}

export interface Rollup {
  /** OU path, region, control id, or `total`. */
  readonly key: string;
  readonly accounts: number;
  readonly rows: number;
  readonly errorRows: number;
  /** Rows with at least one non-compliant resource. */
  readonly nonCompliantRows: number;
  readonly driftedRows: number;
  readonly instancesNotCurrent: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly byControl: Readonly<Record<ControlId, ControlTotals>>;
}

export interface ReportRollups {
  readonly byOu: readonly Rollup[];
  readonly byRegion: readonly Rollup[];
  readonly byControl: readonly Rollup[];
  readonly total: Rollup;
}

/** What `--compare` finds between a previous report and this one. */
export interface ReportComparison {
  readonly previousGeneratedAt: string;
  readonly newlyNonCompliant: readonly ResourceChange[];
  readonly fixed: readonly ResourceChange[];
  readonly newAccounts: readonly string[];
  readonly removedAccounts: readonly string[];
  readonly driftAppeared: readonly { accountId: string; region: string }[];
  readonly driftCleared: readonly { accountId: string; region: string }[];
  readonly newErrors: readonly { accountId: string; region: string; message: string }[];
}

export interface ResourceChange {
  readonly accountId: string;
  readonly region: string;
  readonly controlId: ControlId;
  readonly resourceType: string;
  readonly resourceId: string;
}
