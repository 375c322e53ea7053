/**
 * The last steps of onboard before the report: ask Config to evaluate the account's rules in each region, and
 * wait (bounded) for their first results. A rule with nothing in scope never gets one, so a timeout is news,
 * not a failure.
 */
import type { ConfigEvaluationGateway } from '../aws/config-evaluation-gateway.js';
import type { FirstResults, StartEvaluationResult, WaitForResultsOptions } from '../model/compliance.js';

export type EvaluationGateway = Pick<ConfigEvaluationGateway, 'startEvaluation' | 'waitForFirstResults'>;

export interface RegionEvaluation {
  readonly region: string;
  readonly started: StartEvaluationResult;
}

/** StartConfigRulesEvaluation in each region, with that region's rules (≤ 25: cisfleet deploys four at most). */
export async function startEvaluations(
  gateway: EvaluationGateway,
  accountId: string,
  regions: readonly string[],
  rules: (region: string) => readonly string[],
): Promise<RegionEvaluation[]> {
  const out: RegionEvaluation[] = [];
  // Regions in turn: one account, a handful of regions, and Config's rate limits are per account.
  for (const region of regions)
    out.push({ region, started: await gateway.startEvaluation(accountId, region, rules(region)) });
  return out;
}

export interface RegionFirstResults extends FirstResults {
  readonly region: string;
}

/** Waits for every region's first results, each region bounded by `timeoutMs` of polling. */
export async function waitForFirstResults(
  gateway: EvaluationGateway,
  accountId: string,
  regions: readonly string[],
  rules: (region: string) => readonly string[],
  options: WaitForResultsOptions,
): Promise<RegionFirstResults[]> {
  const out: RegionFirstResults[] = [];
  for (const region of regions)
    out.push({ region, ...(await gateway.waitForFirstResults(accountId, region, rules(region), options)) });
  return out;
}
