/**
 * Reads what the report is built from: compliance (from the organization aggregator, the member accounts, or
 * both), the stack instances, and — with `--drift` — a fresh drift detection and the drifted resources.
 * Failures of single accounts come back as results (ERROR rows), never as exceptions.
 */
import { AccountComplianceReader } from '../aws/account-compliance-reader.js';
import { AggregatorComplianceReader } from '../aws/aggregator-compliance-reader.js';
import type { AwsClientFactory } from '../aws/client-factory.js';
import type { StackSetsGateway, StartOptions, WaitOptions } from '../aws/stacksets-gateway.js';
import type { StacksGateway } from '../aws/stacks-gateway.js';
import { formatAwsError } from '../aws/errors.js';
import { UsageError } from '../errors.js';
import { mapBounded } from '../bounded.js';
import type {
  AccountRegionRef,
  AccountRegionResult,
  ComplianceProgress,
  ComplianceReadFailure,
} from '../model/compliance.js';
import type { OperationPreferences, PlainStackState, ResourceDrift } from '../model/stack-sets.js';
import { rowKey, rulesForRegion, type DriftInput, type InstancesInput, type ReportConfig } from './build.js';
import type { ComplianceReport } from './model.js';

export type ReportSource = 'auto' | 'aggregator' | 'accounts';

/** The accounts.yaml settings gathering needs, besides what the report itself reads. */
export type GatherConfig = ReportConfig & {
  readonly report: { readonly aggregatorName?: string; readonly aggregatorRegion?: string };
  readonly concurrency: { readonly accounts: number };
};

export interface GatherComplianceOptions {
  readonly source: ReportSource;
  readonly onProgress?: (progress: ComplianceProgress) => void;
  /** Something worth telling the user that does not stop the report (the aggregator fell over in `auto`). */
  readonly onWarning?: (message: string) => void;
  /** The management account, when it is among the accounts: read with the base credentials, not the member role. */
  readonly managementAccountId?: string;
}

export interface GatheredCompliance {
  readonly results: AccountRegionResult[];
  readonly source: ComplianceReport['source'];
  /** Account × regions read from the accounts because the aggregator had nothing for them (`auto`). */
  readonly fellBack: number;
}

/**
 * Compliance for every account × region. `aggregator` reads the organization aggregator only (base
 * credentials, no AssumeRole) and turns account-regions it has no data for into failures; `accounts` assumes the
 * member role in each account, config.concurrency.accounts at a time; `auto` uses the aggregator when one is
 * configured and reads the accounts for what it lacks (or for everything, when the aggregator cannot be read).
 */
export async function gatherCompliance(
  factory: AwsClientFactory,
  config: GatherConfig,
  accountIds: readonly string[],
  options: GatherComplianceOptions,
): Promise<GatheredCompliance> {
  const rules = (region: string) => rulesForRegion(config, region);
  const aggregatorName = config.report.aggregatorName;
  if (options.source === 'aggregator' && !aggregatorName) {
    throw new UsageError(
      '--source aggregator needs report.aggregatorName in accounts.yaml (the organization Config aggregator).',
    );
  }
  const accounts = new AccountComplianceReader(factory, { baseAccountId: options.managementAccountId });
  const readAccounts = (refs: readonly AccountRegionRef[]) =>
    accounts.readAccountRegions(refs, rules, {
      concurrency: config.concurrency.accounts,
      onProgress: options.onProgress,
    });
  const everything = accountIds.flatMap((accountId) => config.regions.map((region) => ({ accountId, region })));
  if (options.source === 'accounts' || !aggregatorName) {
    return { results: await readAccounts(everything), source: 'accounts', fellBack: 0 };
  }

  const aggregator = new AggregatorComplianceReader(factory, {
    aggregatorName,
    region: config.report.aggregatorRegion ?? config.organization.homeRegion,
  });
  let fromAggregator;
  try {
    // Every details call goes to the aggregator account: as many in flight as accounts would be read at once.
    fromAggregator = await aggregator.readAccounts(accountIds, config.regions, rules, {
      concurrency: config.concurrency.accounts,
    });
  } catch (error) {
    if (options.source === 'aggregator') throw error;
    options.onWarning?.(
      `The Config aggregator ${aggregatorName} could not be read (${formatAwsError(error)}); reading every account instead.`,
    );
    return { results: await readAccounts(everything), source: 'accounts', fellBack: everything.length };
  }
  if (options.source === 'aggregator') {
    const missing = fromAggregator.noData.map((at) => noAggregatorData(at, aggregatorName));
    return { results: [...fromAggregator.results, ...missing], source: 'aggregator', fellBack: 0 };
  }
  const fallback = await readAccounts(fromAggregator.noData);
  return {
    results: [...fromAggregator.results, ...fallback],
    source: fallback.length > 0 ? 'mixed' : 'aggregator',
    fellBack: fromAggregator.noData.length,
  };
}

function noAggregatorData(at: AccountRegionRef, aggregatorName: string): ComplianceReadFailure {
  return {
    status: 'failed',
    source: 'aggregator',
    ...at,
    kind: 'error',
    message: `the aggregator ${aggregatorName} has no results for this account and region (Config not recording, the rules not deployed, or not collected yet); --source auto reads the account instead`,
  };
}

/** The stack set's instances, or MISSING everywhere when the stack set does not exist. */
export async function gatherInstances(stackSets: StackSetsGateway, stackSetName: string): Promise<InstancesInput> {
  const stackSet = await stackSets.describeStackSet(stackSetName);
  if (!stackSet)
    return { status: 'no-stack-set', reason: `stack set ${stackSetName} does not exist (run cisfleet rollout)` };
  return { status: 'read', instances: await stackSets.listInstances(stackSetName) };
}

/**
 * The management account's plain stack (named as the stack set) in each region: rollout deploys it there
 * because service-managed stack sets never do. Regions one after another: a handful of DescribeStacks calls.
 */
export async function gatherManagementStacks(
  stacks: StacksGateway,
  stackName: string,
  regions: readonly string[],
): Promise<Map<string, PlainStackState>> {
  const byRegion = new Map<string, PlainStackState>();
  for (const region of regions) byRegion.set(region, await stacks.describeStack(stackName, region));
  return byRegion;
}

/**
 * Drift detection reads stacks and changes nothing, so it runs on every instance at once and a failed
 * instance never cancels the others.
 */
export const DRIFT_PREFERENCES: OperationPreferences = {
  regionConcurrencyType: 'PARALLEL',
  maxConcurrentPercentage: 100,
  failureTolerancePercentage: 100,
};

/** ListStackInstanceResourceDrifts calls in flight (management account CloudFormation TPS). */
const RESOURCE_DRIFT_CONCURRENCY = 5;

export interface DriftOptions extends Pick<StartOptions, 'onWaiting' | 'signal'>, Pick<WaitOptions, 'onProgress'> {
  readonly onWarning?: (message: string) => void;
}

export interface GatheredDrift {
  readonly operationId: string;
  /** Instances as listed after the detection: their DriftStatus is fresh. */
  readonly instances: InstancesInput;
  readonly drift: DriftInput;
}

/**
 * Runs StackSet drift detection (waiting for an operation in flight first, as rollout does), waits for it, and
 * lists the drifted resources of every DRIFTED instance. Undefined when the stack set does not exist.
 */
export async function gatherDrift(
  stackSets: StackSetsGateway,
  stackSetName: string,
  options: DriftOptions = {},
): Promise<GatheredDrift | undefined> {
  if (!(await stackSets.describeStackSet(stackSetName))) return undefined;
  const operationId = await stackSets.detectDrift(stackSetName, DRIFT_PREFERENCES, {
    onWaiting: options.onWaiting,
    signal: options.signal,
  });
  const outcome = await stackSets.waitForOperation(stackSetName, operationId, {
    onProgress: options.onProgress,
    signal: options.signal,
  });
  if (outcome.status !== 'SUCCEEDED') {
    options.onWarning?.(
      `Drift detection ${operationId} ended ${outcome.status}${outcome.statusReason ? `: ${outcome.statusReason}` : ''}; drift is shown as far as it got.`,
    );
  }
  const instances = await stackSets.listInstances(stackSetName);
  const drifted = instances.filter((i) => i.driftStatus === 'DRIFTED' && i.account);
  const listed = await mapBounded(drifted, RESOURCE_DRIFT_CONCURRENCY, (i) =>
    stackSets.listResourceDrifts(stackSetName, i.account!, i.region, operationId),
  );
  const resources = new Map<string, ResourceDrift[]>();
  listed.forEach((outcome) => {
    const instance = outcome.item;
    if (outcome.ok) resources.set(rowKey(instance.account!, instance.region), outcome.value);
    else
      options.onWarning?.(
        `Drifted resources of ${instance.account}/${instance.region} could not be listed: ${formatAwsError(outcome.error)}`,
      );
  });
  return { operationId, instances: { status: 'read', instances }, drift: { resources } };
}
