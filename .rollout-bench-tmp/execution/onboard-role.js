/**
 * Waiting for a new account's member role: AWS creates OrganizationAccountAccessRole with the account, but
 * AssumeRole keeps failing for minutes while IAM propagates (org-formation #192: first runs fail on brand-new
 * accounts). Bounded retry with backoff, and a timeout that says what to check.
 */
import { AbortError, CisfleetError } from '../errors.js';
import { Backoff, sleepUnlessAborted } from '../aws/operation-poller.js';
/** New accounts: first retry after 5 s, then up to every 30 s. */
export const ROLE_POLL_POLICY = { initialMs: 5_000, maxMs: 30_000, factor: 1.5 };
/** The member role never became assumable within the wait. */
export class MemberRoleTimeoutError extends CisfleetError {
    constructor(accountId, roleName, waitedMs, lastReason) {
        super('MEMBER_ROLE_TIMEOUT', `Role ${roleName} in account ${accountId} could not be assumed after ${Math.round(waitedMs / 1000)} s (last error: ${lastReason}). ` +
            `Check that the role exists (accounts invited rather than created need it made by hand), that its trust policy ` +
            `trusts the account cisfleet runs from, and that no SCP denies sts:AssumeRole; a brand-new account can take a few minutes more.`);
    }
}
/**
 * Assumes the member role until it works (the session answers as the account) or `timeoutMs` has passed.
 * Returns the number of attempts it took.
 */
export async function waitForMemberRole(probe, accountId, options) {
    const backoff = new Backoff(options.polling ?? ROLE_POLL_POLICY);
    const started = options.now();
    for (let attempt = 1;; attempt++) {
        let reason;
        try {
            const identity = await probe.whoAmI(accountId);
            if (identity.account === accountId)
                return attempt;
            reason = `the role answered as account ${identity.account}`;
        }
        catch (error) {
            reason = options.describeError(error);
        }
        const waited = options.now() - started;
        if (waited >= options.timeoutMs)
            throw new MemberRoleTimeoutError(accountId, options.roleName, waited, reason);
        options.onRetry?.(attempt, reason);
        if ((await sleepUnlessAborted(options.sleep, backoff.next(), options.signal)) === 'aborted') {
            throw new AbortError(`Stopped waiting for role ${options.roleName} in account ${accountId}.`, true);
        }
    }
}
//# sourceMappingURL=onboard-role.js.map