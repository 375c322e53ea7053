import {
  ConfigServiceClient,
  paginateDescribeAggregateComplianceByConfigRules,
  paginateGetAggregateComplianceDetailsByConfigRule,
  type AggregateComplianceByConfigRule,
} from '@aws-sdk/client-config-service';
import type { AwsClientFactory } from './client-factory.js';
import { withAwsErrors } from './errors.js';
import { mapBounded } from '../bounded.js';
import { DETAILS_PAGE_SIZE, exactCounts, mapPages, rulesIn, settle, type EvaluatedType } from './compliance-reads.js';
import type {
  AccountRegionRef,
  AggregatorComplianceResult,
  RuleCompliance,
  RuleSelection,
} from '../model/compliance.js';

/** Details calls in flight at once against the aggregator account (one account's Config TPS). */
const DEFAULT_AGGREGATOR_CONCURRENCY = 4;

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
