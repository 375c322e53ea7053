/**
 * Waiting for a new account's member role: AWS creates OrganizationAccountAccessRole with the account, but
 * AssumeRole keeps failing for minutes while IAM propagates (org-formation #192: first runs fail on brand-new
 * accounts). Bounded retry with backoff, and a timeout that says what to check.
 */
import { AbortError, CisfleetError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { PollPolicy } from '../aws/operation-poller.js';
import { pollUntil } from '../aws/poll-until.js';

/** The one member-account call this needs (MemberGateway in production). */
export interface RoleProbe {
  whoAmI(accountId: string): Promise<{ account: string; arn: string }>;
}

export interface WaitForRoleOptions {
  roleName: string;
  /** Gives up after this long. */
  timeoutMs: number;
  clock: Clock;
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
export async function waitForMemberRole(
  probe: RoleProbe,
  accountId: string,
  options: WaitForRoleOptions,
): Promise<number> {
  let attempts = 0;
  const attempt = async (): Promise<{ ok: true } | { ok: false; reason: string }> => {
    attempts++;
    try {
      const identity = await probe.whoAmI(accountId);
      if (identity.account === accountId) return { ok: true };
      return { ok: false, reason: `the role answered as account ${identity.account}` };
    } catch (error) {
      return { ok: false, reason: options.describeError(error) };
    }
  };
  const { clock } = options;
  const started = clock.now();
  const outcome = await pollUntil(attempt, (result) => result.ok, {
    timeoutMs: options.timeoutMs,
    interval: options.polling ?? ROLE_POLL_POLICY,
    clock,
    signal: options.signal,
    onPending: (result, n) => {
      // The failure that ends the wait is the timeout error's, not a retry.
      if (!result.ok && clock.now() - started < options.timeoutMs) options.onRetry?.(n, result.reason);
    },
  });
  if (outcome.status === 'done') return attempts;
  if (outcome.status === 'aborted')
    throw new AbortError(`Stopped waiting for role ${options.roleName} in account ${accountId}.`, true);
  const last = outcome.value;
  throw new MemberRoleTimeoutError(accountId, options.roleName, outcome.waitedMs, last.ok ? 'none' : last.reason);
}
