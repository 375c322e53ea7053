import { ConfigError } from '../errors.js';
import { descendantsOf, unitsAtPath, type OrgAccount, type OrgSnapshot, type OrgUnit } from '../org/model.js';

/** What accounts.yaml says to target, in the terms this function needs (no config types leak in). */
export interface TargetSpec {
  /** OU or root ids (`ou-…`, `r-…`). */
  organizationalUnitIds: readonly string[];
  /** OU paths from the root (`/Root/Workloads`). */
  organizationalUnitPaths: readonly string[];
  includeAccounts: readonly string[];
  excludeAccounts: readonly string[];
}

export interface SkippedAccount {
  account: OrgAccount;
  reason: string;
}

export interface ResolvedTargets {
  /** OU ids to deploy to (service-managed targets), in the order the user gave them. */
  ouIds: string[];
  /** ACTIVE accounts that get the controls (the management account never: see includeManagementAccount). */
  accounts: OrgAccount[];
  /** Accounts in scope that are not deployed to, each with why (suspended, excluded, management). */
  skipped: SkippedAccount[];
  /**
   * Targets that name no single OU or account (none at all, or an OU path more than one OU fits): each is an
   * error for the caller to report with unresolvedTargetsError.
   */
  unresolved: string[];
}

/**
 * Resolves OU paths and ids to the accounts they hold (nested OUs included), applies include/exclude,
 * and sets aside accounts that cannot or must not get stack instances. Pure: the snapshot is the input.
 */
export function resolveTargets(snapshot: OrgSnapshot, spec: TargetSpec): ResolvedTargets {
  const unitsById = new Map(snapshot.units.map((u) => [u.id, u]));
  const accountsById = new Map(snapshot.accounts.map((a) => [a.id, a]));
  const unresolved: string[] = [];
  const ouIds: string[] = [];
  for (const target of [...spec.organizationalUnitIds, ...spec.organizationalUnitPaths]) {
    const unit = target.startsWith('/') ? onlyUnitAtPath(snapshot, target) : unitsById.get(target);
    if (!unit) unresolved.push(target);
    else if (!ouIds.includes(unit.id)) ouIds.push(unit.id);
  }
  const inScope = new Set<string>();
  for (const id of ouIds) for (const d of descendantsOf(snapshot, id)) inScope.add(d);

  const candidates = new Map<string, OrgAccount>();
  for (const a of snapshot.accounts) if (inScope.has(a.parentId)) candidates.set(a.id, a);
  for (const id of spec.includeAccounts) {
    const account = accountsById.get(id);
    if (!account) unresolved.push(id);
    else candidates.set(id, account);
  }

  const excluded = new Set(spec.excludeAccounts);
  const accounts: OrgAccount[] = [];
  const skipped: SkippedAccount[] = [];
  for (const account of [...candidates.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (account.id === snapshot.managementAccountId) {
      skipped.push({
        account,
        reason:
          'management account: it gets no stack instance (rollout deploys it as a plain stack when targets.includeManagementAccount)',
      });
    } else if (excluded.has(account.id)) {
      skipped.push({ account, reason: 'excluded in accounts.yaml' });
    } else if (account.state !== 'ACTIVE') {
      skipped.push({ account, reason: `account is ${account.state}` });
    } else {
      accounts.push(account);
    }
  }
  return { ouIds, accounts, skipped, unresolved };
}

/** The unit a path names, or undefined when it names none or more than one (never a silent pick). */
export function onlyUnitAtPath(snapshot: OrgSnapshot, path: string): OrgUnit | undefined {
  const units = unitsAtPath(snapshot, path);
  return units.length === 1 ? units[0] : undefined;
}

/**
 * Why an OU path or id names no single OU: not in the organization, or (for a path) fits several OUs because
 * an OU name holds a `/` — then the message lists each OU's id and escaped path to use instead.
 */
export function unresolvedTargetMessage(snapshot: OrgSnapshot, target: string): string {
  const candidates = target.startsWith('/') ? unitsAtPath(snapshot, target) : [];
  if (candidates.length > 1) {
    const which = candidates.map((u) => `${u.id} (${u.path})`).join(', ');
    return `"${target}" fits ${candidates.length} OUs because an OU name contains "/": ${which}; use the OU id, or the path with "/" in a name written as "\\/"`;
  }
  return `"${target}" is not in organization ${snapshot.organizationId}: check the OU path or account id (cisfleet org lists them)`;
}

/** The error for targets in accounts.yaml that name no single OU or account (a config error: exit 2). */
export function unresolvedTargetsError(
  file: string,
  snapshot: OrgSnapshot,
  unresolved: readonly string[],
): ConfigError {
  return new ConfigError(
    unresolved.map((target) => ({
      file,
      line: 0,
      col: 0,
      path: 'targets',
      message: unresolvedTargetMessage(snapshot, target),
      severity: 'error' as const,
    })),
  );
}
