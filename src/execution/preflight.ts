import { mapBounded } from '../bounded.js';
import type { OrgAccount } from '../org/model.js';
import { executionRoleProblem, type ExecutionRoleState } from '../model/execution-role.js';
import type { RecorderState } from '../model/recorder.js';
import type { AccountPreflight } from '../model/account-preflight.js';

/** The member-account calls preflight needs (MemberGateway in production). */
export interface MemberAccess {
  whoAmI(accountId: string): Promise<{ account: string; arn: string }>;
  recorderState(accountId: string, region: string): Promise<RecorderState>;
  /** The StackSets execution role in the account (self-managed stack sets only). */
  executionRole?(accountId: string, roleName: string): Promise<ExecutionRoleState>;
  /** Called once an account is checked: what was kept for it (clients, credentials) can go. */
  releaseAccount?(accountId: string): void;
}

/** What preflight checks besides the member role and the recorders. */
export interface PreflightOptions {
  concurrency: number;
  describeError: (e: unknown) => string;
  /**
   * A self-managed stack set deploys through this role in each account, assumed from the administration account:
   * an account where it is missing or does not trust that account is reported unreachable, with the fix, instead
   * of failing its stack instances.
   */
  executionRole?: { roleName: string; adminAccountId: string };
}

/**
 * Assumes the member role into every account (bounded) and reads its Config recorder and delivery channel
 * per region. An account that cannot be reached is reported with the reason and never stops the others.
 */
export async function preflightAccounts(
  access: MemberAccess,
  accounts: readonly OrgAccount[],
  regions: readonly string[],
  options: PreflightOptions & { onAccountDone?: (result: AccountPreflight) => void },
): Promise<AccountPreflight[]> {
  const outcomes = await mapBounded(accounts, options.concurrency, async (account): Promise<AccountPreflight> => {
    let result: AccountPreflight;
    try {
      result = await checkAccount(access, account.id, regions, options.executionRole);
    } catch (error) {
      result = { accountId: account.id, reachable: false, reason: options.describeError(error) };
    }
    access.releaseAccount?.(account.id);
    options.onAccountDone?.(result);
    return result;
  });
  // mapBounded never rejects, and the body above catches everything it calls.
  return outcomes.map((o) =>
    o.ok ? o.value : { accountId: o.item.id, reachable: false as const, reason: String(o.error) },
  );
}

/**
 * preflightAccounts with a running count for a progress display: `k/N accounts checked, u unreachable`.
 * Returns the results and how many accounts were unreachable.
 */
export async function preflightCounting(
  access: MemberAccess,
  accounts: readonly OrgAccount[],
  regions: readonly string[],
  options: PreflightOptions & { output: (text: string) => void },
): Promise<{ results: AccountPreflight[]; unreachable: number }> {
  let done = 0;
  let unreachable = 0;
  const { output, ...preflightOptions } = options;
  const results = await preflightAccounts(access, accounts, regions, {
    ...preflightOptions,
    onAccountDone: (result) => {
      done++;
      if (!result.reachable) unreachable++;
      output(`${done}/${accounts.length} accounts checked, ${unreachable} unreachable`);
    },
  });
  return { results, unreachable };
}

/**
 * The execution-role check a self-managed stack set needs, from accounts.yaml (loading fills in the default
 * administration role ARN and execution role name); undefined for a service-managed one.
 */
export function executionRoleCheckFor(stackSet: {
  readonly permissionModel: string;
  readonly administrationRoleArn?: string;
  readonly executionRoleName?: string;
}): PreflightOptions['executionRole'] {
  if (stackSet.permissionModel !== 'SELF_MANAGED' || !stackSet.administrationRoleArn || !stackSet.executionRoleName)
    return undefined;
  const adminAccountId = /^arn:[\w-]+:iam::(\d{12}):/.exec(stackSet.administrationRoleArn)?.[1];
  return adminAccountId ? { roleName: stackSet.executionRoleName, adminAccountId } : undefined;
}

/** One account: the member role answers as the account, the execution role (if checked) is usable, then the recorders. */
async function checkAccount(
  access: MemberAccess,
  accountId: string,
  regions: readonly string[],
  executionRole: PreflightOptions['executionRole'],
): Promise<AccountPreflight> {
  const identity = await access.whoAmI(accountId);
  if (identity.account !== accountId)
    return { accountId, reachable: false, reason: `the member role answered as account ${identity.account}` };
  if (executionRole && access.executionRole) {
    const state = await access.executionRole(accountId, executionRole.roleName);
    const problem = executionRoleProblem(state, executionRole.roleName, executionRole.adminAccountId);
    if (problem) return { accountId, reachable: false, reason: problem };
  }
  const recorders: Record<string, RecorderState> = {};
  for (const region of regions) recorders[region] = await access.recorderState(accountId, region);
  return { accountId, reachable: true, recorders };
}
