/**
 * What the Config compliance readers (account-compliance-reader.ts, aggregator-compliance-reader.ts) and the
 * evaluation gateway share: exact counts from the details pages, the compliance type of named rules, and a read's
 * failure kept as a per-account-region result.
 */
import {
  paginateDescribeComplianceByConfigRule,
  type ComplianceByConfigRule,
  type ConfigServiceClient,
  type EvaluationResultIdentifier,
} from '@aws-sdk/client-config-service';
import { describeAwsError, withAwsErrors } from './errors.js';
import type {
  AccountRegionRef,
  AccountRegionResult,
  ComplianceReadFailure,
  ComplianceSource,
  NonCompliantResource,
  RuleSelection,
} from '../model/compliance.js';

/** The details APIs' largest page. */
export const DETAILS_PAGE_SIZE = 100;
/** DescribeComplianceByConfigRule and StartConfigRulesEvaluation take at most this many rule names. */
export const MAX_RULES_PER_CALL = 25;

export type EvaluatedType = 'COMPLIANT' | 'NON_COMPLIANT';

/** The fields both EvaluationResult and AggregateEvaluationResult carry. */
export interface EvaluationLike {
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
export async function collectResources(
  pages: AsyncIterable<EvaluationLike[] | undefined>,
): Promise<NonCompliantResource[]> {
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
export async function countResults(pages: AsyncIterable<EvaluationLike[] | undefined>): Promise<number> {
  let count = 0;
  for await (const page of pages) count += page?.length ?? 0;
  return count;
}

export async function* mapPages<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T): AsyncIterable<T> {
  for await (const page of pages) yield pick(page);
}

/**
 * Exact counts from the details pages: COMPLIANT is paged for every rule with results (Describe never counts
 * it); NON_COMPLIANT only when the rule is, since a COMPLIANT rule has none.
 */
export async function exactCounts(
  type: EvaluatedType,
  details: (complianceType: EvaluatedType) => AsyncIterable<EvaluationLike[] | undefined>,
): Promise<{ compliant: number; nonCompliant: number; nonCompliantResources: NonCompliantResource[] }> {
  const compliant = await countResults(details('COMPLIANT'));
  const nonCompliantResources = type === 'NON_COMPLIANT' ? await collectResources(details('NON_COMPLIANT')) : [];
  return { compliant, nonCompliant: nonCompliantResources.length, nonCompliantResources };
}

export function rulesIn(selection: RuleSelection, region: string): readonly string[] {
  return typeof selection === 'function' ? selection(region) : selection;
}

/** A per-account-region failure from whatever the calls threw: the run goes on for the others. */
export function failureOf(source: ComplianceSource, at: AccountRegionRef, error: unknown): ComplianceReadFailure {
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

export async function settle(
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

export function isNoSuchRule(error: unknown): boolean {
  return describeAwsError(error).name === 'NoSuchConfigRuleException';
}

/**
 * DescribeRemediationExecutionStatus's answer for a rule with no remediation configuration (every control in
 * DETECT, access-keys-rotated always): AWS's model lists it for that case, and it means "no executions".
 */
export function isNoSuchRemediationConfiguration(error: unknown): boolean {
  return describeAwsError(error).name === 'NoSuchRemediationConfigurationException';
}

/** A rule's summary from DescribeComplianceByConfigRule, or its absence. */
export interface RuleSummaries {
  /** Deployed rules by name, with their compliance type. */
  deployed: Map<string, string>;
  notDeployed: string[];
}

/**
 * Compliance types of the named rules: one filtered call normally; when a rule is missing (the whole call fails
 * with NoSuchConfigRuleException) the region's rules are listed unfiltered to see which exist.
 */
export async function describeRuleSummaries(
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
