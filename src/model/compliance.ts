/**
 * Compliance as cisfleet reads it from AWS Config, in plain JSON-serialisable types: the report builds its
 * account × region × control rows from these, whichever reader (member accounts or the aggregator) produced them.
 */
import type { Clock } from '../clock.js';

/** Where the numbers came from: each member account through its role, or the organization aggregator. */
export type ComplianceSource = 'accounts' | 'aggregator';

/** A resource a rule found non-compliant. */
export interface NonCompliantResource {
  resourceType: string;
  resourceId: string;
  /** The rule's explanation, when it gave one. */
  annotation?: string;
}

/** A remediation that ran and failed for good: the resource needs a person ("cannot auto-remediate"). */
export interface RemediationFailure {
  resourceType: string;
  resourceId: string;
  message: string;
}

/**
 * One Config rule in one account and region that has evaluation results. Counts are exact (paged from the
 * details APIs, never the contributor counts capped at 100).
 */
export interface RuleCompliance {
  ruleName: string;
  accountId: string;
  region: string;
  compliant: number;
  nonCompliant: number;
  exact: true;
  /** Every non-compliant resource (`nonCompliantResources.length === nonCompliant`). */
  nonCompliantResources: NonCompliantResource[];
  /**
   * FAILED remediation executions of resources that are still non-compliant. `null` when the source cannot see
   * remediation (the aggregator does not expose it): unknown, not "none".
   */
  remediationFailures: RemediationFailure[] | null;
}

/**
 * Whether the account-region's configuration recorder runs; the aggregator cannot tell. (Not the recorder's
 * names that preflight reads: that is model/recorder.ts RecorderState.)
 */
export type RecorderRunning = 'recording' | 'unknown';

/** What was read for one account and region. */
export interface AccountRegionCompliance {
  status: 'read';
  source: ComplianceSource;
  accountId: string;
  region: string;
  recorder: RecorderRunning;
  /** Rules with COMPLIANT or NON_COMPLIANT results, in the order asked for. */
  rules: RuleCompliance[];
  /**
   * Rules deployed but without a COMPLIANT or NON_COMPLIANT result (INSUFFICIENT_DATA: not evaluated yet, or
   * nothing in scope). From the aggregator this also holds rules that are not deployed: it cannot tell.
   */
  rulesWithoutResults: string[];
  /** Rules that do not exist in this account and region (NoSuchConfigRuleException); accounts source only. */
  rulesNotDeployed: string[];
}

/** Why an account-region could not be read. */
export type ComplianceFailureKind =
  /** AssumeRole or the call was refused (no member role, an SCP, a broken trust policy). */
  | 'access-denied'
  /** Still throttled after the SDK's retries. */
  | 'throttled'
  /** No configuration recorder, or it is stopped: rules have nothing to evaluate ("Config not recording"). */
  | 'not-recording'
  | 'error';

export interface ComplianceReadFailure {
  status: 'failed';
  source: ComplianceSource;
  accountId: string;
  region: string;
  kind: ComplianceFailureKind;
  message: string;
  /** The AWS error name (`AccessDenied`, `ThrottlingException`), when an AWS call failed. */
  errorName?: string;
  requestId?: string;
}

/** One account and region: read, or failed on its own without stopping the others. */
export type AccountRegionResult = AccountRegionCompliance | ComplianceReadFailure;

/** Accounts and regions the aggregator had no rows for: read them from the accounts instead (`auto`). */
export interface AccountRegionRef {
  accountId: string;
  region: string;
}

/** What the aggregator reader returns: results where it had data, and where it had none. */
export interface AggregatorComplianceResult {
  results: AccountRegionResult[];
  noData: AccountRegionRef[];
}

/** The rule names to read in a region: the same everywhere, or per region (IAM rules live in the home region). */
export type RuleSelection = readonly string[] | ((region: string) => readonly string[]);

/** Progress of a fan-out over accounts, for the UI layer. */
export interface ComplianceProgress {
  done: number;
  total: number;
  accountId: string;
}

export interface ReadAccountsOptions {
  /** Accounts read at once (each reads its regions one after another). */
  concurrency: number;
  onProgress?: (progress: ComplianceProgress) => void;
}

/** StartConfigRulesEvaluation's outcome: LimitExceeded (an evaluation within the last minute) is not fatal. */
export type StartEvaluationResult =
  { status: 'started'; ruleNames: string[] } | { status: 'already-requested'; ruleNames: string[]; message: string };

export interface WaitForResultsOptions {
  timeoutMs: number;
  pollMs: number;
  /** Sleeps between polls; the timeout counts only the time slept. */
  clock: Clock;
  /** Ctrl-C: stops waiting at once (the evaluation goes on in AWS). */
  signal?: AbortSignal;
}

/**
 * Where each rule stands after the wait: `ready` have a COMPLIANT/NON_COMPLIANT result; `nothingInScope` ran to
 * the end and found no resource to evaluate (AWS answers INSUFFICIENT_DATA for them); `pending` is empty unless
 * it timed out.
 */
export interface FirstResults {
  ready: string[];
  nothingInScope: string[];
  pending: string[];
  timedOut: boolean;
}
