import { mapBounded } from './bounded.js';
import type { OrgAccount } from '../org/model.js';
import type { RecorderState } from '../model/recorder.js';

/** The member-account calls preflight needs (MemberGateway in production). */
export interface MemberAccess {
  whoAmI(accountId: string): Promise<{ account: string; arn: string }>;
  recorderState(accountId: string, region: string): Promise<RecorderState>;
  /** Called once an account is checked: what was kept for it (clients, credentials) can go. */
  releaseAccount?(accountId: string): void;
}

export type AccountPreflight =
  | { accountId: string; reachable: true; recorders: Record<string, RecorderState> }
  | { accountId: string; reachable: false; reason: string };

/**
 * Assumes the member role into every account (bounded) and reads its Config recorder and delivery channel
 * per region. An account that cannot be reached is reported with the reason and never stops the others.
 */
export async function preflightAccounts(
  access: MemberAccess,
  accounts: readonly OrgAccount[],
  regions: readonly string[],
  options: { concurrency: number; describeError: (e: unknown) => string; onAccountDone?: (result: AccountPreflight) => void },
): Promise<AccountPreflight[]> {
  const outcomes = await mapBounded(accounts, options.concurrency, async (account): Promise<AccountPreflight> => {
    let result: AccountPreflight;
    try {
      const identity = await access.whoAmI(account.id);
      if (identity.account !== account.id) {
        result = { accountId: account.id, reachable: false, reason: `the member role answered as account ${identity.account}` };
      } else {
        const recorders: Record<string, RecorderState> = {};
        for (const region of regions) recorders[region] = await access.recorderState(account.id, region);
        result = { accountId: account.id, reachable: true, recorders };
      }
    } catch (error) {
      result = { accountId: account.id, reachable: false, reason: options.describeError(error) };
    }
    access.releaseAccount?.(account.id);
    options.onAccountDone?.(result);
    return result;
  });
  // mapBounded never rejects, and the body above catches everything it calls.
  return outcomes.map((o, i) => (o.ok ? o.value : { accountId: accounts[i]!.id, reachable: false as const, reason: String(o.error) }));
}

/**
 * preflightAccounts with a running count for a progress display: `k/N accounts checked, u unreachable`.
 * Returns the results and how many accounts were unreachable.
 */
export async function preflightCounting(
  access: MemberAccess,
  accounts: readonly OrgAccount[],
  regions: readonly string[],
  options: { concurrency: number; describeError: (e: unknown) => string; output: (text: string) => void },
): Promise<{ results: AccountPreflight[]; unreachable: number }> {
  let done = 0;
  let unreachable = 0;
  const results = await preflightAccounts(access, accounts, regions, {
    concurrency: options.concurrency,
    describeError: options.describeError,
    onAccountDone: (result) => {
      done++;
      if (!result.reachable) unreachable++;
      options.output(`${done}/${accounts.length} accounts checked, ${unreachable} unreachable`);
    },
  });
  return { results, unreachable };
}
