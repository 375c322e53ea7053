/**
 * Which accounts a stack set operation reaches: DeploymentTargets resolved against the organization tree
 * (OUs include their nested OUs; the management account is never a service-managed target).
 */
import { SimServiceError } from '../core/errors.js';
import type { World } from './world.js';
import type { DeploymentTargets, SimStackSet } from './stackset-types.js';

/**
 * Service-managed CreateStackInstances refuses more than this many OUs in one call. AWS's rule, kept apart from
 * cisfleet's batch size (MAX_OUS_PER_CALL in src/model/stack-sets.ts) so a wrong batch size fails here.
 */
const OU_IDS_ACCEPTED_PER_CALL = 50;

export interface TargetAccount {
  accountId: string;
  /** The targeted OU (or root) the account was reached through; service-managed only. */
  organizationalUnitId?: string;
}

/** The closest of `targetOuIds` on the path from `parentId` up to the root, if any. */
export function targetedAncestor(
  world: World,
  parentId: string,
  targetOuIds: { has(id: string): boolean },
): string | undefined {
  const seen = new Set<string>();
  for (let id: string | undefined = parentId; id && !seen.has(id); id = world.org.ous.get(id)?.parentId) {
    if (targetOuIds.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

function checkOusExist(world: World, ouIds: readonly string[]): void {
  if (ouIds.length > OU_IDS_ACCEPTED_PER_CALL) {
    throw new SimServiceError(
      'ValidationError',
      `OrganizationalUnitIds can contain at most ${OU_IDS_ACCEPTED_PER_CALL} values`,
    );
  }
  const unknown = ouIds.filter((id) => id !== world.org.rootId && !world.org.ous.has(id));
  if (unknown.length > 0) {
    throw new SimServiceError(
      'ValidationError',
      `OrganizationalUnitIds [${unknown.join(', ')}] were not found in the organization`,
    );
  }
}

/**
 * Accounts that DeploymentTargets select. Service-managed: every account under the OUs (recursively),
 * combined with `accounts` by AccountFilterType (UNION when accounts are given without a type), never the
 * management account. Self-managed: the accounts as given.
 */
export function resolveTargets(world: World, set: SimStackSet, targets: DeploymentTargets): TargetAccount[] {
  if (set.permissionModel === 'SELF_MANAGED') {
    if (targets.organizationalUnitIds.length > 0) {
      throw new SimServiceError(
        'ValidationError',
        'OrganizationalUnitIds are only supported for SERVICE_MANAGED stack sets',
      );
    }
    return [...new Set(targets.accounts)].map((accountId) => ({ accountId }));
  }
  checkOusExist(world, targets.organizationalUnitIds);
  const ouIds = new Set(targets.organizationalUnitIds);
  const listed = new Set(targets.accounts);
  const filter = targets.accountFilterType ?? (listed.size > 0 ? 'UNION' : 'NONE');
  const selected: TargetAccount[] = [];
  for (const account of world.org.accounts.values()) {
    if (account.id === world.org.managementAccountId) continue;
    const ou = targetedAncestor(world, account.parentId, ouIds);
    const chosen =
      filter === 'INTERSECTION'
        ? ou !== undefined && listed.has(account.id)
        : filter === 'DIFFERENCE'
          ? ou !== undefined && !listed.has(account.id)
          : filter === 'UNION'
            ? ou !== undefined || listed.has(account.id)
            : ou !== undefined;
    if (chosen) selected.push({ accountId: account.id, organizationalUnitId: ou ?? account.parentId });
  }
  return selected;
}
