/** A self-managed stack set's execution role in one account, as far as deploying there depends on it. */
export type ExecutionRoleState =
  | { readonly exists: false }
  | {
      readonly exists: true;
      /** Accounts whose principals its trust policy lets assume it; `any` for a `*` principal. */
      readonly trustedAccounts: readonly string[] | 'any';
    };

/** Why StackSets could not deploy through this role from `adminAccountId`, or undefined when it can. */
export function executionRoleProblem(
  state: ExecutionRoleState,
  roleName: string,
  adminAccountId: string,
): string | undefined {
  if (!state.exists) {
    return `the StackSets execution role ${roleName} does not exist: create it, trusting account ${adminAccountId} (SELF_MANAGED stack sets deploy through it)`;
  }
  if (state.trustedAccounts === 'any' || state.trustedAccounts.includes(adminAccountId)) return undefined;
  const trusted = state.trustedAccounts.length > 0 ? state.trustedAccounts.join(', ') : 'no account';
  return `the StackSets execution role ${roleName} trusts ${trusted}, not the administration account ${adminAccountId}: add it to the role's trust policy`;
}
