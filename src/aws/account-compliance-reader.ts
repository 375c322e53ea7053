/**
 * Reads Config rule compliance for cisfleet's rules in each member account, through its role, with exact counts
 * (the organization aggregator's reader is aggregator-compliance-reader.ts).
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
  paginateDescribeRemediationExecutionStatus,
  paginateGetComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import type { AwsClientFactory } from './client-factory.js';
import { mapBounded } from '../bounded.js';
import {
  DETAILS_PAGE_SIZE,
  describeRuleSummaries,
  exactCounts,
  failureOf,
  isNoSuchRemediationConfiguration,
  mapPages,
  rulesIn,
  settle,
  type EvaluatedType,
} from './compliance-reads.js';
import type {
  AccountRegionRef,
  AccountRegionResult,
  NonCompliantResource,
  ReadAccountsOptions,
  RemediationFailure,
  RuleCompliance,
  RuleSelection,
} from '../model/compliance.js';

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
