import {
  ConfigServiceClient,
  StartConfigRulesEvaluationCommand,
  paginateDescribeConfigRuleEvaluationStatus,
} from '@aws-sdk/client-config-service';
import type { AwsClientFactory } from './client-factory.js';
import { withAwsErrors } from './errors.js';
import { AbortError } from '../errors.js';
import { every, pollUntil, sleepCountingClock } from './poll-until.js';
import { describeRuleSummaries, isNoSuchRule, MAX_RULES_PER_CALL } from './compliance-reads.js';
import type { FirstResults, StartEvaluationResult, WaitForResultsOptions } from '../model/compliance.js';

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
   * in scope — or `timeoutMs` of polling has passed (counted in the clock's sleeps, whatever the calls take).
   * Rules not deployed yet count as pending.
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
        clock: sleepCountingClock(options.clock.sleep),
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
