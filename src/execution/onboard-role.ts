/**
 * Waiting for a new account's member role: AWS creates OrganizationAccountAccessRole with the account, but
 * AssumeRole keeps failing for minutes while IAM propagates (org-formation #192: first runs fail on brand-new
 * accounts). Bounded retry with backoff, and a timeout that says what to check.
 */
import { AbortError, CisfleetError } from '../errors.js';
import { Backoff, sleepUnlessAborted, type PollPolicy, type Sleep } from '../aws/operation-poller.js';

/** The one member-account call this needs (MemberGateway in production). */
export interface RoleProbe {
  whoAmI(accountId: string): Promise<{ account: string; arn: string }>;
}

export interface WaitForRoleOptions {
  roleName: string;
  /** Gives up after this long. */
  timeoutMs: number;
  sleep: Sleep;
  now: () => number;
  polling?: PollPolicy;
  describeError: (error: unknown) => string;
  /** Each failed attempt, with the error in words (for progress output). */
  onRetry?: (attempt: number, reason: string) => void;
  signal?: AbortSignal;
}

/** New accounts: first retry after 5 s, then up to every 30 s. */
export const ROLE_POLL_POLICY: PollPolicy = { initialMs: 5_000, maxMs: 30_000, factor: 1.5 };

/** The member role never became assumable within the wait. */
export class MemberRoleTimeoutError extends CisfleetError {
  constructor(accountId: string, roleName: string, waitedMs: number, lastReason: string) {
    super(
      'MEMBER_ROLE_TIMEOUT',
      `Role ${roleName} in account ${accountId} could not be assumed after ${Math.round(waitedMs / 1000)} s (last error: ${lastReason}). ` +
        `Check that the role exists (accounts invited rather than created need it made by hand), that its trust policy ` +
        `trusts the account cisfleet runs from, and that no SCP denies sts:AssumeRole; a brand-new account can take a few minutes more.`,
    );
  }
}

/**
 * Assumes the member role until it works (the session answers as the account) or `timeoutMs` has passed.
 * Returns the number of attempts it took.
 */
export async function waitForMemberRole(probe: RoleProbe, accountId: string, options: WaitForRoleOptions): Promise<number> {
  const backoff = new Backoff(options.polling ?? ROLE_POLL_POLICY);
  const started = options.now();
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    try {
      const identity = await probe.whoAmI(accountId);
      if (identity.account === accountId) return attempt;
      reason = `the role answered as account ${identity.account}`;
    } catch (error) {
      reason = options.describeError(error);
    }
    const waited = options.now() - started;
    if (waited >= options.timeoutMs) throw new MemberRoleTimeoutError(accountId, options.roleName, waited, reason);
    options.onRetry?.(attempt, reason);
    if ((await sleepUnlessAborted(options.sleep, backoff.next(), options.signal)) === 'aborted') {
      throw new AbortError(`Stopped waiting for role ${options.roleName} in account ${accountId}.`, true);
    }
  }
}
