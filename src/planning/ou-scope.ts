import { descendantsOf, type OrgSnapshot } from '../org/model.js';
import type { ResolvedTargets } from './targets.js';

/**
 * Where accounts sit for service-managed targeting: the targeted OU that holds each account (nested OUs
 * roll up to it), or, for accounts included by id outside the targeted OUs, their parent.
 */
export class ScopeResolver {
  private readonly ouOf = new Map<string, string>();
  private readonly inOus = new Map<string, string[]>();

  constructor(
    private readonly org: OrgSnapshot,
    targets: ResolvedTargets,
    readonly permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED',
  ) {
    for (const ouId of targets.ouIds) {
      const units = descendantsOf(org, ouId);
      const members = org.accounts.filter((a) => units.has(a.parentId)).map((a) => a.id);
      this.inOus.set(ouId, members);
      for (const id of members) if (!this.ouOf.has(id)) this.ouOf.set(id, ouId);
    }
    for (const a of org.accounts) if (!this.ouOf.has(a.id)) this.ouOf.set(a.id, a.parentId);
  }

  /** True when the account is inside a targeted OU (not only included by id). */
  underTargetedOu(accountId: string): boolean {
    return [...this.inOus.values()].some((members) => members.includes(accountId));
  }

  ouFor(accountId: string): string | undefined {
    return this.ouOf.get(accountId);
  }

  /** True when any of the accounts sits in the OU's subtree. */
  holdsAnyOf(ouId: string, accountIds: readonly string[]): boolean {
    const units = descendantsOf(this.org, ouId);
    const ids = new Set(accountIds);
    return this.org.accounts.some((a) => ids.has(a.id) && units.has(a.parentId));
  }

  /** Every account in the OU's subtree. */
  membersOf(ouId: string): readonly string[] {
    return this.inOus.get(ouId) ?? [];
  }
}
