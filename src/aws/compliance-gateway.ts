/**
 * Reads Config rule compliance for cisfleet's rules, with exact counts: from each member account through its
 * role (AccountComplianceReader) or from the organization aggregator (AggregatorComplianceReader). Also starts
 * evaluations and waits for first results (onboard).
 *
 * Calls per member account × region (accounts reader), for R requested rules of which D are deployed:
 *   1 DescribeConfigurationRecorderStatus (stops here when Config is not recording)
 * + 1 DescribeComplianceByConfigRule (R ≤ 25, all deployed); when a rule is missing it answers
 *   NoSuchConfigRuleException, and ⌈rules in the region / 25⌉ unfiltered pages tell which ones exist
 * + per rule with results: ⌈compliant / 100⌉ (at least 1) GetComplianceDetailsByConfigRule COMPLIANT pages
 * + per NON_COMPLIANT rule: ⌈non-compliant / 100⌉ NON_COMPLIANT pages (the resource list, and the exact count
 *   even when the contributor count is capped) and ⌈executions / 100⌉ DescribeRemediationExecutionStatus pages.
 * A COMPLIANT rule needs no NON_COMPLIANT page, a rule with INSUFFICIENT_DATA no page at all.
 */
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  StartConfigRulesEvaluationCommand,
  paginateDescribeAggregateComplianceByConfigRules,
  paginateDescribeComplianceByConfigRule,
  paginateDescribeConfigRuleEvaluationStatus,
  paginateDescribeRemediationExecutionStatus,
  paginateGetAggregateComplianceDetailsByConfigRule,
  paginateGetComplianceDetailsByConfigRule,
  type AggregateComplianceByConfigRule,
  type ComplianceByConfigRule,
  type EvaluationResultIdentifier,
} from '@aws-sdk/client-config-service';
import type { AwsClientFactory } from './client-factory.js';
import { describeAwsError, withAwsErrors } from './errors.js';
import { AbortError } from '../errors.js';
import { realSleep } from './operation-poller.js';
import { every, pollUntil, sleepCountingClock } from './poll-until.js';
import { mapBounded } from '../bounded.js';
import type {
  AccountRegionRef,
  AccountRegionResult,
  AggregatorComplianceResult,
  ComplianceReadFailure,
  ComplianceSource,
  FirstResults,
  NonCompliantResource,
  ReadAccountsOptions,
  RemediationFailure,
  RuleCompliance,
  RuleSelection,
  StartEvaluationResult,
  WaitForResultsOptions,
} from '../model/compliance.js';

/** The details APIs' largest page. */
const DETAILS_PAGE_SIZE = 100;
/** DescribeComplianceByConfigRule and StartConfigRulesEvaluation take at most this many rule names. */
const MAX_RULES_PER_CALL = 25;
/** Details calls in flight at once against the aggregator account (one account's Config TPS). */
const DEFAULT_AGGREGATOR_CONCURRENCY = 4;

type EvaluatedType = 'COMPLIANT' | 'NON_COMPLIANT';

// ------------------------------------------------------------------------------------------ shared

/** The fields both EvaluationResult and AggregateEvaluationResult carry. */
interface EvaluationLike {
  EvaluationResultIdentifier?: EvaluationResultIdentifier;
  Annotation?: string;
}

/**
 * The same few resource types and annotation texts come back for thousands of resources; a report over a large
 * organization keeps them all, so equal strings are kept once. Bounded, so free-form annotations cannot grow it.
 */
const sharedStrings = new Map<string, string>();
const MAX_SHARED_STRINGS = 4096;

function shared(text: string): string {
  const known = sharedStrings.get(text);
  if (known !== undefined) return known;
  if (sharedStrings.size < MAX_SHARED_STRINGS) sharedStrings.set(text, text);
  return text;
}

/** Pages through evaluation results, keeping the resources. */
async function collectResources(pages: AsyncIterable<EvaluationLike[] | undefined>): Promise<NonCompliantResource[]> {
  const resources: NonCompliantResource[] = [];
  for await (const page of pages) {
    for (const result of page ?? []) {
      const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      resources.push({
        resourceType: shared(qualifier?.ResourceType ?? ''),
        resourceId: qualifier?.ResourceId ?? '',
        ...(result.Annotation !== undefined ? { annotation: shared(result.Annotation) } : {}),
      });
    }
  }
  return resources;
}

/** Pages through evaluation results, counting them: COMPLIANT resources are counted, never listed. */
async function countResults(pages: AsyncIterable<EvaluationLike[] | undefined>): Promise<number> {
  let count = 0;
  for await (const page of pages) count += page?.length ?? 0;
  return count;
}

async function* mapPages<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T): AsyncIterable<T> {
  for await (const page of pages) yield pick(page);
}

/**
 * Exact counts from the details pages: COMPLIANT is paged for every rule with results (Describe never counts
 * it); NON_COMPLIANT only when the rule is, since a COMPLIANT rule has none.
 */
async function exactCounts(
  type: EvaluatedType,
  details: (complianceType: EvaluatedType) => AsyncIterable<EvaluationLike[] | undefined>,
): Promise<{ compliant: number; nonCompliant: number; nonCompliantResources: NonCompliantResource[] }> {
  const compliant = await countResults(details('COMPLIANT'));
  const nonCompliantResources = type === 'NON_COMPLIANT' ? await collectResources(details('NON_COMPLIANT')) : [];
  return { compliant, nonCompliant: nonCompliantResources.length, nonCompliantResources };
}

function rulesIn(selection: RuleSelection, region: string): readonly string[] {
  return typeof selection === 'function' ? selection(region) : selection;
}

/** A per-account-region failure from whatever the calls threw: the run goes on for the others. */
function failureOf(source: ComplianceSource, at: AccountRegionRef, error: unknown): ComplianceReadFailure {
  const info = describeAwsError(error);
  return {
    status: 'failed',
    source,
    ...at,
    kind: info.accessDenied ? 'access-denied' : info.throttled ? 'throttled' : 'error',
    message: info.message,
    errorName: info.name,
    ...(info.requestId ? { requestId: info.requestId } : {}),
  };
}

async function settle(
  source: ComplianceSource,
  at: AccountRegionRef,
  read: () => Promise<AccountRegionResult>,
): Promise<AccountRegionResult> {
  try {
    return await withAwsErrors(read);
  } catch (error) {
    return failureOf(source, at, error);
  }
}

function isNoSuchRule(error: unknown): boolean {
  return describeAwsError(error).name === 'NoSuchConfigRuleException';
}

/**
 * DescribeRemediationExecutionStatus's answer for a rule with no remediation configuration (every control in
 * DETECT, access-keys-rotated always): AWS's model lists it for that case, and it means "no executions".
 */
export function isNoSuchRemediationConfiguration(error: unknown): boolean {
  return describeAwsError(error).name === 'NoSuchRemediationConfigurationException';
}

// --------------------------------------------------------------------------------- member accounts

/** A rule's summary from DescribeComplianceByConfigRule, or its absence. */
interface RuleSummaries {
  /** Deployed rules by name, with their compliance type. */
  deployed: Map<string, string>;
  notDeployed: string[];
}

/**
 * Reads compliance in member accounts through the member role (factory.client assumes it), one account and
 * region at a time, failures kept per account and region.
 */
export class AccountComplianceReader {
  /**
   * `baseAccountId`: the account of the base credentials (the management account cisfleet runs in), read with
   * those credentials: the member role does not exist there, and AssumeRole into oneself is not needed.
   */
  constructor(
    private readonly factory: AwsClientFactory,
    private readonly options: { readonly baseAccountId?: string } = {},
  ) {}

  /** Every account × region, a bounded number of accounts at once; never throws for one account. */
  readAccounts(
    accountIds: readonly string[],
    regions: readonly string[],
    rules: RuleSelection,
    options: ReadAccountsOptions,
  ): Promise<AccountRegionResult[]> {
    return this.readAccountRegions(
      accountIds.flatMap((accountId) => regions.map((region) => ({ accountId, region }))),
      rules,
      options,
    );
  }

  /**
   * The given account × regions (an account may have fewer regions than another: those `auto` still needs),
   * a bounded number of accounts at once, each account's regions in turn; never throws for one account.
   */
  async readAccountRegions(
    refs: readonly AccountRegionRef[],
    rules: RuleSelection,
    options: ReadAccountsOptions,
  ): Promise<AccountRegionResult[]> {
    const regionsByAccount = new Map<string, string[]>();
    for (const { accountId, region } of refs) {
      const regions = regionsByAccount.get(accountId);
      if (regions) regions.push(region);
      else regionsByAccount.set(accountId, [region]);
    }
    let done = 0;
    const perAccount = await mapBounded([...regionsByAccount], options.concurrency, async ([accountId, regions]) => {
      let results: AccountRegionResult[] = [];
      try {
        const unreachable = await this.memberRoleFailure(accountId);
        if (unreachable) {
          // Every region would fail the same way: one AssumeRole per account, not one per region.
          results = regions.map((region) => failureOf('accounts', { accountId, region }, unreachable));
        } else {
          // Regions one after another: Config's rate limits are per account, so more accounts in flight scale better.
          for (const region of regions)
            results.push(await this.readAccountRegion(accountId, region, rulesIn(rules, region)));
        }
      } finally {
        // Its clients and credentials are not needed again: keeping them would grow with the organization.
        this.factory.releaseAccount(accountId);
      }
      options.onProgress?.({ done: ++done, total: regionsByAccount.size, accountId });
      return results;
    });
    // readAccountRegion settles every failure into a result, so nothing is lost here.
    return perAccount.flatMap((outcome) => (outcome.ok ? outcome.value : []));
  }

  /** Why the member role cannot be assumed in the account, or undefined when it can (or the account is the base one). */
  private async memberRoleFailure(accountId: string): Promise<unknown> {
    if (accountId === this.options.baseAccountId) return undefined;
    try {
      // The credentials are shared with the account's clients: the reads that follow assume nothing again.
      await this.factory.credentialsFor(accountId)();
      return undefined;
    } catch (error) {
      return error ?? new Error(`AssumeRole into ${accountId} failed`);
    }
  }

  /** One account and region; a failure comes back as a result, not an exception. */
  readAccountRegion(accountId: string, region: string, ruleNames: readonly string[]): Promise<AccountRegionResult> {
    return settle('accounts', { accountId, region }, async () => {
      const scope = accountId === this.options.baseAccountId ? { region } : { accountId, region };
      const client = this.factory.client(ConfigServiceClient, scope);
      const status = await client.send(new DescribeConfigurationRecorderStatusCommand({}));
      const recorder = status.ConfigurationRecordersStatus?.[0];
      if (!recorder?.recording) {
        // Rules evaluate nothing without a running recorder: whatever results remain are stale.
        return {
          status: 'failed',
          source: 'accounts',
          accountId,
          region,
          kind: 'not-recording',
          message: recorder
            ? `Config recorder '${recorder.name}' is not recording`
            : 'Config has no configuration recorder',
        };
      }
      const summaries = await describeRuleSummaries(client, ruleNames);
      const rules: RuleCompliance[] = [];
      const rulesWithoutResults: string[] = [];
      for (const ruleName of ruleNames) {
        const type = summaries.deployed.get(ruleName);
        if (type === undefined) continue;
        if (type !== 'COMPLIANT' && type !== 'NON_COMPLIANT') {
          rulesWithoutResults.push(ruleName);
          continue;
        }
        rules.push(await readRule(client, { accountId, region }, ruleName, type));
      }
      return {
        status: 'read',
        source: 'accounts',
        accountId,
        region,
        recorder: 'recording',
        rules,
        rulesWithoutResults,
        rulesNotDeployed: summaries.notDeployed,
      };
    });
  }
}

/**
 * Compliance types of the named rules: one filtered call normally; when a rule is missing (the whole call fails
 * with NoSuchConfigRuleException) the region's rules are listed unfiltered to see which exist.
 */
async function describeRuleSummaries(
  client: ConfigServiceClient,
  ruleNames: readonly string[],
): Promise<RuleSummaries> {
  if (ruleNames.length === 0) return { deployed: new Map(), notDeployed: [] };
  const list = async (names?: string[]): Promise<ComplianceByConfigRule[]> => {
    const rows: ComplianceByConfigRule[] = [];
    for await (const page of paginateDescribeComplianceByConfigRule(
      { client },
      names ? { ConfigRuleNames: names } : {},
    )) {
      rows.push(...(page.ComplianceByConfigRules ?? []));
    }
    return rows;
  };
  let rows: ComplianceByConfigRule[];
  try {
    rows = await list(ruleNames.length <= MAX_RULES_PER_CALL ? [...ruleNames] : undefined);
  } catch (error) {
    if (!isNoSuchRule(error)) throw error;
    rows = await list();
  }
  const wanted = new Set(ruleNames);
  const deployed = new Map(
    rows
      .filter((r) => r.ConfigRuleName && wanted.has(r.ConfigRuleName))
      .map((r) => [r.ConfigRuleName!, r.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA']),
  );
  return { deployed, notDeployed: ruleNames.filter((name) => !deployed.has(name)) };
}

async function readRule(
  client: ConfigServiceClient,
  at: AccountRegionRef,
  ruleName: string,
  type: EvaluatedType,
): Promise<RuleCompliance> {
  const details = (complianceType: EvaluatedType) =>
    mapPages(
      paginateGetComplianceDetailsByConfigRule(
        { client, pageSize: DETAILS_PAGE_SIZE },
        { ConfigRuleName: ruleName, ComplianceTypes: [complianceType] },
      ),
      (page) => page.EvaluationResults,
    );
  const counts = await exactCounts(type, details);
  const remediationFailures =
    counts.nonCompliant > 0 ? await failedRemediations(client, ruleName, counts.nonCompliantResources) : [];
  return { ruleName, ...at, ...counts, exact: true, remediationFailures };
}

/** FAILED executions of resources still non-compliant: remediation gave up on them. */
async function failedRemediations(
  client: ConfigServiceClient,
  ruleName: string,
  nonCompliant: NonCompliantResource[],
): Promise<RemediationFailure[]> {
  const stillFailing = new Set(nonCompliant.map((r) => `${r.resourceType}|${r.resourceId}`));
  const failures: RemediationFailure[] = [];
  try {
    for await (const page of paginateDescribeRemediationExecutionStatus(
      { client, pageSize: DETAILS_PAGE_SIZE },
      { ConfigRuleName: ruleName },
    )) {
      for (const execution of page.RemediationExecutionStatuses ?? []) {
        const resourceType = execution.ResourceKey?.resourceType ?? '';
        const resourceId = execution.ResourceKey?.resourceId ?? '';
        if (execution.State !== 'FAILED' || !stillFailing.has(`${resourceType}|${resourceId}`)) continue;
        const step =
          execution.StepDetails?.find((s) => s.State === 'FAILED' && s.ErrorMessage) ??
          execution.StepDetails?.find((s) => s.ErrorMessage);
        failures.push({ resourceType, resourceId, message: step?.ErrorMessage ?? 'remediation execution FAILED' });
      }
    }
  } catch (error) {
    if (!isNoSuchRemediationConfiguration(error)) throw error;
  }
  return failures;
}

// ----------------------------------------------------------------------------------------- aggregator

export interface AggregatorReaderOptions {
  /** The organization aggregator's name. */
  aggregatorName: string;
  /** Region the aggregator lives in. */
  region: string;
}

export interface AggregatorReadOptions {
  /** Details paging in flight at once. */
  concurrency?: number;
}

/**
 * Reads compliance from the organization aggregator in the management or delegated-admin account (base
 * credentials, no AssumeRole). Calls:
 *   per rule name: ⌈rows / 100⌉ DescribeAggregateComplianceByConfigRules pages (filtered by rule, and by
 *   account or region when only one is asked for) plus the empty pages the API interleaves;
 * + per account × region × rule row: the same details paging as the accounts reader, through
 *   GetAggregateComplianceDetailsByConfigRule (COMPLIANT always, NON_COMPLIANT for NON_COMPLIANT rows).
 * The aggregator does not expose remediation executions, so remediationFailures is null (unknown).
 */
export class AggregatorComplianceReader {
  private readonly client: ConfigServiceClient;

  constructor(
    factory: AwsClientFactory,
    private readonly options: AggregatorReaderOptions,
  ) {
    this.client = factory.client(ConfigServiceClient, { region: options.region });
  }

  /**
   * Every account × region it has rows for; the rest are returned in `noData`. Throws only when the aggregator
   * itself cannot be read (it does not exist, the caller may not use it).
   */
  async readAccounts(
    accountIds: readonly string[],
    regions: readonly string[],
    rules: RuleSelection,
    options: AggregatorReadOptions = {},
  ): Promise<AggregatorComplianceResult> {
    const ruleNames = [...new Set(regions.flatMap((region) => rulesIn(rules, region)))];
    const rows = await withAwsErrors(() => this.describeRows(ruleNames, accountIds, regions));
    const pairs = accountIds.flatMap((accountId) => regions.map((region) => ({ accountId, region })));
    const withData = pairs.filter((at) => {
      const types = rows.get(accountRegionKey(at));
      return types !== undefined && rulesIn(rules, at.region).some((rule) => types.has(rule));
    });
    const settled = await mapBounded(withData, options.concurrency ?? DEFAULT_AGGREGATOR_CONCURRENCY, (at) =>
      settle('aggregator', at, async () => {
        const selected = rulesIn(rules, at.region);
        const types = rows.get(accountRegionKey(at));
        const ruleResults: RuleCompliance[] = [];
        for (const ruleName of selected) {
          const type = types?.get(ruleName);
          if (type) ruleResults.push(await this.readRule(at, ruleName, type));
        }
        return {
          status: 'read' as const,
          source: 'aggregator' as const,
          ...at,
          recorder: 'unknown' as const,
          rules: ruleResults,
          // Rules without results are omitted by the aggregator: not deployed and not evaluated look the same.
          rulesWithoutResults: selected.filter((rule) => !types?.has(rule)),
          rulesNotDeployed: [],
        };
      }),
    );
    const read = new Set(withData);
    return {
      results: settled.flatMap((outcome) => (outcome.ok ? [outcome.value] : [])),
      noData: pairs.filter((at) => !read.has(at)),
    };
  }

  /**
   * The evaluated type of cisfleet's rules, by account|region, then by rule. Nested rather than one key per row:
   * 160,000 rows for a large organization share 40,000 keys.
   */
  private async describeRows(
    ruleNames: readonly string[],
    accountIds: readonly string[],
    regions: readonly string[],
  ): Promise<Map<string, Map<string, EvaluatedType>>> {
    const accounts = new Set(accountIds);
    const regionSet = new Set(regions);
    const wantedRules = new Map(ruleNames.map((name) => [name, name]));
    const rows = new Map<string, Map<string, EvaluatedType>>();
    for (const ruleName of ruleNames) {
      const filters = {
        ConfigRuleName: ruleName,
        ...(accountIds.length === 1 ? { AccountId: accountIds[0] } : {}),
        ...(regions.length === 1 ? { AwsRegion: regions[0] } : {}),
      };
      const pages = paginateDescribeAggregateComplianceByConfigRules(
        { client: this.client, pageSize: DETAILS_PAGE_SIZE },
        { ConfigurationAggregatorName: this.options.aggregatorName, Filters: filters },
      );
      for await (const page of pages) {
        for (const row of page.AggregateComplianceByConfigRules ?? []) {
          const type = evaluatedType(row);
          // The requested name, not the answer's copy of it: every row of the rule then holds one string.
          const rule = wantedRules.get(row.ConfigRuleName ?? '');
          if (!type || !rule || !accounts.has(row.AccountId ?? '') || !regionSet.has(row.AwsRegion ?? '')) continue;
          const key = accountRegionKey({ accountId: row.AccountId!, region: row.AwsRegion! });
          let types = rows.get(key);
          if (!types) rows.set(key, (types = new Map<string, EvaluatedType>()));
          types.set(rule, type);
        }
      }
    }
    return rows;
  }

  private async readRule(at: AccountRegionRef, ruleName: string, type: EvaluatedType): Promise<RuleCompliance> {
    const details = (complianceType: EvaluatedType) =>
      mapPages(
        paginateGetAggregateComplianceDetailsByConfigRule(
          { client: this.client, pageSize: DETAILS_PAGE_SIZE },
          {
            ConfigurationAggregatorName: this.options.aggregatorName,
            ConfigRuleName: ruleName,
            AccountId: at.accountId,
            AwsRegion: at.region,
            ComplianceType: complianceType,
          },
        ),
        (page) => page.AggregateEvaluationResults,
      );
    return { ruleName, ...at, ...(await exactCounts(type, details)), exact: true, remediationFailures: null };
  }
}

/** The type as this module's constant, not the parsed answer's copy: one string however many rows hold it. */
function evaluatedType(row: AggregateComplianceByConfigRule): EvaluatedType | undefined {
  switch (row.Compliance?.ComplianceType) {
    case 'COMPLIANT':
      return 'COMPLIANT';
    case 'NON_COMPLIANT':
      return 'NON_COMPLIANT';
    default:
      return undefined;
  }
}

function accountRegionKey(at: AccountRegionRef): string {
  return `${at.accountId}|${at.region}`;
}

// ---------------------------------------------------------------------------------------- evaluation

/** LimitExceededException from StartConfigRulesEvaluation, renamed so the SDK does not retry it as throttling. */
export class EvaluationAlreadyRequestedError extends Error {
  readonly $metadata: unknown;

  constructor(cause: { message?: string; $metadata?: unknown }) {
    super(cause.message ?? 'An evaluation was requested within the last minute', { cause });
    this.name = 'EvaluationAlreadyRequestedError';
    this.$metadata = cause.$metadata;
  }
}

/** Starts rule evaluations and waits for the first results (onboard), through the member role. */
export class ConfigEvaluationGateway {
  constructor(private readonly factory: AwsClientFactory) {}

  /**
   * StartConfigRulesEvaluation for up to 25 rules. An evaluation already in progress, or one requested within
   * the last minute (LimitExceededException), is reported, not thrown: the rules will have results either way.
   */
  async startEvaluation(
    accountId: string,
    region: string,
    ruleNames: readonly string[],
  ): Promise<StartEvaluationResult> {
    if (ruleNames.length === 0 || ruleNames.length > MAX_RULES_PER_CALL) {
      throw new RangeError(
        `StartConfigRulesEvaluation takes 1 to ${MAX_RULES_PER_CALL} rules, not ${ruleNames.length}`,
      );
    }
    const client = this.factory.client(ConfigServiceClient, { accountId, region });
    const command = new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [...ruleNames] });
    // The SDK counts LimitExceededException as throttling and would back off for tens of seconds on an error
    // that only means "already requested"; renaming it inside the retry loop ends the call at once.
    command.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if ((error as { name?: string })?.name === 'LimitExceededException')
            throw new EvaluationAlreadyRequestedError(error as Error);
          throw error;
        }
      },
      { step: 'deserialize', priority: 'high', name: 'cisfleetEvaluationAlreadyRequested' },
    );
    return withAwsErrors('StartConfigRulesEvaluation', async () => {
      try {
        await client.send(command);
        return { status: 'started', ruleNames: [...ruleNames] };
      } catch (error) {
        if (error instanceof EvaluationAlreadyRequestedError)
          return { status: 'already-requested', ruleNames: [...ruleNames], message: error.message };
        throw error;
      }
    });
  }

  /**
   * Polls until every rule has evaluated — a COMPLIANT or NON_COMPLIANT result, or a run to the end with nothing
   * in scope — or `timeoutMs` of polling has passed (counted in the sleeps taken, so an injected sleep controls
   * time). Rules not deployed yet count as pending.
   */
  async waitForFirstResults(
    accountId: string,
    region: string,
    ruleNames: readonly string[],
    options: WaitForResultsOptions,
  ): Promise<FirstResults> {
    const client = this.factory.client(ConfigServiceClient, { accountId, region });
    const outcome = await pollUntil(
      () => withAwsErrors(() => evaluationProgress(client, ruleNames)),
      (progress) => progress.pending.length === 0,
      {
        timeoutMs: options.timeoutMs,
        interval: every(options.pollMs),
        clock: sleepCountingClock(options.sleep ?? realSleep),
        signal: options.signal,
      },
    );
    if (outcome.status === 'aborted') {
      const pending = outcome.value?.pending ?? ruleNames;
      throw new AbortError(
        `Stopped waiting for the first results of ${pending.join(', ')} in ${accountId} ${region}; the evaluation goes on in AWS and cisfleet report shows its results.`,
        true,
      );
    }
    return { ...outcome.value, timedOut: outcome.status === 'timed-out' };
  }
}

/**
 * Which rules have evaluated. AWS answers INSUFFICIENT_DATA both for a rule that has not run yet and for one that
 * ran and found nothing in scope (API reference, DescribeComplianceByConfigRule); DescribeConfigRuleEvaluationStatus
 * tells them apart by LastSuccessfulEvaluationTime. The status is read first, so a run it reports is already in the
 * compliance read after it.
 */
async function evaluationProgress(
  client: ConfigServiceClient,
  ruleNames: readonly string[],
): Promise<Omit<FirstResults, 'timedOut'>> {
  const ran = await rulesThatRan(client, ruleNames);
  const { deployed } = await describeRuleSummaries(client, ruleNames);
  const ready: string[] = [];
  const nothingInScope: string[] = [];
  const pending: string[] = [];
  for (const name of ruleNames) {
    const type = deployed.get(name);
    if (type === 'COMPLIANT' || type === 'NON_COMPLIANT') ready.push(name);
    else if (type !== undefined && ran.has(name)) nothingInScope.push(name);
    else pending.push(name);
  }
  return { ready, nothingInScope, pending };
}

/** The rules (of those named and deployed) that have run to the end at least once. */
async function rulesThatRan(client: ConfigServiceClient, ruleNames: readonly string[]): Promise<Set<string>> {
  const list = async (names?: string[]) => {
    const ran = new Set<string>();
    for await (const page of paginateDescribeConfigRuleEvaluationStatus(
      { client },
      names ? { ConfigRuleNames: names } : {},
    )) {
      for (const status of page.ConfigRulesEvaluationStatus ?? []) {
        if (status.ConfigRuleName && status.LastSuccessfulEvaluationTime) ran.add(status.ConfigRuleName);
      }
    }
    return ran;
  };
  try {
    return await list(ruleNames.length <= MAX_RULES_PER_CALL ? [...ruleNames] : undefined);
  } catch (error) {
    // A rule not deployed (yet) fails the filtered call, as in describeRuleSummaries: list the region's rules.
    if (!isNoSuchRule(error)) throw error;
    return list();
  }
}
