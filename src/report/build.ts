/**
 * Builds the compliance and drift report from what was read: the organization, the targets, the stack
 * instances (and their drift), the compliance results and accounts.yaml. Pure: no I/O, so every rule of the
 * report (which rows exist, what each cell says) is tested without AWS.
 */
import { controlOffered } from '../controls/region-capabilities.js';
import { CONTROLS, ruleNameFor, type ControlDefinition, type ControlId } from '../controls/catalog.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { AccountRegionResult, RuleCompliance } from '../model/compliance.js';
import type { PlainStackState, ResourceDrift, StackInstance } from '../model/stack-sets.js';
import type { OrgAccount } from '../org/model.js';
import type {
  AccountRegionRow,
  ComplianceReport,
  ControlCell,
  DriftCell,
  DriftedResource,
  InstanceCell,
  InstanceState,
  ReportControl,
  RowError,
} from './model.js';
import { REPORT_VERSION } from './model.js';
import { buildRollups } from './rollups.js';

/** The parts of accounts.yaml the report reads. */
export type ReportConfig = Pick<
  CisfleetConfig,
  'regions' | 'organization' | 'controls' | 'exemptions' | 'resourcePrefix' | 'stackSet'
>;

/** Stack instances as read, or why there are none to read. */
export type InstancesInput =
  | { readonly status: 'read'; readonly instances: readonly StackInstance[] }
  /** The stack set does not exist (not rolled out yet, or another name): every instance is MISSING. */
  | { readonly status: 'no-stack-set'; readonly reason: string };

/**
 * The management account, which gets the template as a plain stack per region rather than a stack instance
 * (targets.includeManagementAccount): its rows' instance cells come from these stacks.
 */
export interface ManagementInput {
  /** The management account as a row shows it (the root's OU path). */
  readonly account: OrgAccount;
  readonly stackName: string;
  /** By region; a region left out is read as no stack. */
  readonly stacks: ReadonlyMap<string, PlainStackState>;
  /** The current template's sha256: a stack tagged with another one is OUTDATED. */
  readonly templateSha256: string;
}

export interface DriftInput {
  /** Drifted resources per instance, by `account|region` (only DRIFTED instances are listed). */
  readonly resources: ReadonlyMap<string, readonly ResourceDrift[]>;
}

export interface ReportInput {
  readonly generatedAt: Date;
  readonly organizationId: string;
  /** The targeted accounts (ResolvedTargets.accounts): each gets a row per region, read or not. */
  readonly accounts: readonly OrgAccount[];
  readonly config: ReportConfig;
  readonly source: ComplianceReport['source'];
  readonly compliance: readonly AccountRegionResult[];
  readonly instances: InstancesInput;
  /** Present when drift detection ran for this report (`--drift`). */
  readonly drift?: DriftInput;
  /** With `--drift`, when the drift could not be read: why. */
  readonly driftUnavailable?: string;
  /** Present when the management account is in scope: it gets a row per region too. */
  readonly management?: ManagementInput;
}

/** `account|region`: the key rows, results and instances are matched on. */
export function rowKey(accountId: string, region: string): string {
  return `${accountId}|${region}`;
}

const ruleNamesByConfig = new WeakMap<ReportConfig, Map<string, readonly string[]>>();

/**
 * The rule names to read in a region: IAM rules exist in the home region only. Computed once per configuration
 * and region, so the names every result of a large organization holds are the same strings, not copies.
 */
export function rulesForRegion(config: ReportConfig, region: string): readonly string[] {
  let byRegion = ruleNamesByConfig.get(config);
  if (!byRegion) ruleNamesByConfig.set(config, (byRegion = new Map<string, readonly string[]>()));
  let names = byRegion.get(region);
  if (!names)
    byRegion.set(
      region,
      (names = Object.freeze(
        controlsInRegion(config, region).map((control) => ruleNameFor(control, config.resourcePrefix)),
      )),
    );
  return names;
}

function controlsInRegion(config: ReportConfig, region: string): ControlDefinition[] {
  return CONTROLS.filter(
    (control) =>
      (!control.homeRegionOnly || region === config.organization.homeRegion) && controlOffered(control.id, region),
  );
}

/**
 * The report: one row per targeted account × region (and the management account's, when it is in scope),
 * sorted by OU path, account id, then region order.
 */
export function buildReport(input: ReportInput): ComplianceReport {
  const { config } = input;
  const results = new Map(input.compliance.map((r) => [rowKey(r.accountId, r.region), r]));
  const instances =
    input.instances.status === 'read' ? instancesByKey(input.instances.instances) : new Map<string, StackInstance>();
  const regionOrder = new Map(config.regions.map((region, index) => [region, index]));
  const management = input.management;
  const accounts = [...input.accounts, ...(management ? [management.account] : [])].sort(
    (a, b) => a.ouPath.localeCompare(b.ouPath) || a.id.localeCompare(b.id),
  );
  const rows: AccountRegionRow[] = [];
  for (const account of accounts) {
    const regions = [...config.regions].sort((a, b) => regionOrder.get(a)! - regionOrder.get(b)!);
    for (const region of regions) {
      const key = rowKey(account.id, region);
      rows.push(
        buildRow(
          input,
          account,
          region,
          results.get(key),
          management && account.id === management.account.id
            ? // Plain-stack drift detection is not run: only stack set drift is.
              { instance: managementInstanceCell(management, region), drift: { status: 'NOT_CHECKED' } }
            : {
                instance: instanceCell(input.instances, instances.get(key)),
                drift: driftCell(instances.get(key), input.drift?.resources.get(key)),
              },
        ),
      );
    }
  }
  return {
    version: REPORT_VERSION,
    generatedAt: input.generatedAt.toISOString(),
    organizationId: input.organizationId,
    stackSetName: config.stackSet.name,
    source: input.source,
    driftChecked: input.drift !== undefined,
    ...(input.driftUnavailable !== undefined ? { driftUnavailable: input.driftUnavailable } : {}),
    regions: [...config.regions],
    controls: reportControls(config),
    rows,
    rollups: buildRollups(rows),
  };
}

function reportControls(config: ReportConfig): ReportControl[] {
  return CONTROLS.map((control) => ({
    id: control.id,
    title: control.title,
    ruleName: ruleNameFor(control, config.resourcePrefix),
    homeRegionOnly: control.homeRegionOnly,
    cis: { ...control.cis },
    securityHub: [...control.securityHub],
  }));
}

function instancesByKey(instances: readonly StackInstance[]): Map<string, StackInstance> {
  const byKey = new Map<string, StackInstance>();
  for (const instance of instances)
    if (instance.account) byKey.set(rowKey(instance.account, instance.region), instance);
  return byKey;
}

interface RowParts {
  instance: InstanceCell;
  drift: DriftCell;
}

function buildRow(
  input: ReportInput,
  account: OrgAccount,
  region: string,
  result: AccountRegionResult | undefined,
  parts: RowParts,
): AccountRegionRow {
  const base = { accountId: account.id, accountName: account.name, ouPath: account.ouPath, region, ...parts };
  if (result?.status !== 'read') {
    const error = rowError(result);
    return {
      ...base,
      status: 'ERROR',
      error,
      source: result?.source ?? (input.source === 'aggregator' ? 'aggregator' : 'accounts'),
      controls: errorCells(input.config, account.id),
    };
  }
  const cells = {} as Record<ControlId, ControlCell>;
  for (const control of CONTROLS) cells[control.id] = controlCell(input.config, account.id, region, control, result);
  return { ...base, status: 'OK', source: result.source, controls: cells };
}

/** Why a row has no data: the read failure, or (never expected) no result at all. */
function rowError(result: Exclude<AccountRegionResult, { status: 'read' }> | undefined): RowError {
  if (!result) return { kind: 'error', message: 'no compliance data was read for this account and region' };
  const kind =
    result.kind === 'access-denied' && /sts:AssumeRole|AssumeRole/i.test(result.message) ? 'unreachable' : result.kind;
  return { kind, message: result.message };
}

function errorCells(config: ReportConfig, accountId: string): Record<ControlId, ControlCell> {
  const cells = {} as Record<ControlId, ControlCell>;
  for (const control of CONTROLS) {
    cells[control.id] = {
      state: 'error',
      mode: modeOf(config, accountId, control.id),
      compliant: 0,
      nonCompliant: 0,
      nonCompliantResources: [],
    };
  }
  return cells;
}

function activeExemption(config: ReportConfig, accountId: string, controlId: ControlId) {
  return config.exemptions.accounts.find(
    (e) => e.accountId === accountId && !e.expired && e.controls.includes(controlId),
  );
}

/** The mode the control runs in for this account: exempt accounts get DETECT (see accountOverrides). */
function modeOf(config: ReportConfig, accountId: string, controlId: ControlId) {
  return activeExemption(config, accountId, controlId) ? 'DETECT' : config.controls[controlId].mode;
}

function controlCell(
  config: ReportConfig,
  accountId: string,
  region: string,
  control: ControlDefinition,
  result: AccountRegionResult & { status: 'read' },
): ControlCell {
  const mode = modeOf(config, accountId, control.id);
  const empty = { mode, compliant: 0, nonCompliant: 0, nonCompliantResources: [] };
  if ((control.homeRegionOnly && region !== config.organization.homeRegion) || !controlOffered(control.id, region))
    return { state: 'not-deployed', ...empty };
  const ruleName = ruleNameFor(control, config.resourcePrefix);
  const rule = result.rules.find((r) => r.ruleName === ruleName);
  const exemption = activeExemption(config, accountId, control.id);
  const counted = rule ? countedCell(rule) : { compliant: 0, nonCompliant: 0, nonCompliantResources: [] };
  const state = exemption
    ? 'exempt'
    : rule
      ? 'evaluated'
      : result.rulesNotDeployed.includes(ruleName)
        ? 'not-deployed'
        : 'no-results';
  return {
    state,
    mode,
    ...counted,
    ...(exemption
      ? { exemption: { reason: exemption.reason, ...(exemption.expires ? { expires: exemption.expires } : {}) } }
      : {}),
  };
}

/** Exact counts, with each resource remediation gave up on flagged. */
function countedCell(rule: RuleCompliance): Pick<ControlCell, 'compliant' | 'nonCompliant' | 'nonCompliantResources'> {
  const failures = new Map(
    (rule.remediationFailures ?? []).map((f) => [`${f.resourceType}|${f.resourceId}`, f.message]),
  );
  return {
    compliant: rule.compliant,
    nonCompliant: rule.nonCompliant,
    // The readers' resource objects are shared, not copied: a large organization has hundreds of thousands.
    nonCompliantResources:
      failures.size === 0
        ? rule.nonCompliantResources
        : rule.nonCompliantResources.map((resource) => {
            const failure = failures.get(`${resource.resourceType}|${resource.resourceId}`);
            return failure === undefined ? resource : { ...resource, cannotAutoRemediate: failure };
          }),
  };
}

const FAILED_DETAILS = new Set(['FAILED', 'CANCELLED', 'FAILED_IMPORT']);

function instanceCell(input: InstancesInput, instance: StackInstance | undefined): InstanceCell {
  if (input.status === 'no-stack-set') return { state: 'MISSING', reason: input.reason };
  if (!instance) return { state: 'MISSING', reason: 'no stack instance in this account and region' };
  const detailed = instance.detailedStatus;
  const state: InstanceState =
    instance.status === 'INOPERABLE'
      ? 'INOPERABLE'
      : detailed === 'SKIPPED_SUSPENDED_ACCOUNT'
        ? 'SKIPPED'
        : detailed !== undefined && FAILED_DETAILS.has(detailed)
          ? 'FAILED'
          : instance.status;
  return {
    state,
    ...(detailed !== undefined ? { detailedStatus: detailed } : {}),
    ...(instance.statusReason ? { reason: instance.statusReason } : {}),
  };
}

const STABLE_STACK_STATUSES = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

/**
 * The management account's stack as an instance cell: CURRENT when complete with the current template's tag,
 * FAILED when a create or update failed or rolled back, OUTDATED otherwise (another template, or in progress).
 */
function managementInstanceCell(management: ManagementInput, region: string): InstanceCell {
  const stack = management.stacks.get(region);
  if (!stack?.exists)
    return {
      state: 'MISSING',
      reason: `no stack ${management.stackName} in the management account (run cisfleet rollout)`,
    };
  const status = stack.status ?? 'unknown';
  const reason = `stack ${management.stackName} is ${status}`;
  if (/FAILED$|ROLLBACK/.test(status)) return { state: 'FAILED', reason };
  if (!STABLE_STACK_STATUSES.has(status)) return { state: 'OUTDATED', reason };
  if (stack.templateSha256 === management.templateSha256) return { state: 'CURRENT' };
  return {
    state: 'OUTDATED',
    reason: `${reason} with another template (sha256 ${stack.templateSha256?.slice(0, 12) ?? 'not tagged'})`,
  };
}

function driftCell(instance: StackInstance | undefined, drifts: readonly ResourceDrift[] | undefined): DriftCell {
  if (!instance) return { status: 'NOT_CHECKED' };
  const resources = (drifts ?? []).flatMap((d): DriftedResource[] =>
    d.status === 'MODIFIED' || d.status === 'DELETED'
      ? [
          {
            logicalId: d.logicalResourceId,
            resourceType: d.resourceType,
            status: d.status,
            ...(d.propertyDifferences.length > 0
              ? {
                  differences: d.propertyDifferences.map((p) => ({
                    path: p.path,
                    expected: p.expected,
                    actual: p.actual,
                    kind: p.difference,
                  })),
                }
              : {}),
          },
        ]
      : [],
  );
  return {
    status: instance.driftStatus,
    ...(instance.lastDriftCheckAt ? { lastCheckedAt: instance.lastDriftCheckAt.toISOString() } : {}),
    ...(instance.driftStatus === 'DRIFTED' ? { resources } : {}),
  };
}
