import type { OrgSnapshot } from '../org/model.js';
import type { ResolvedTargets } from '../planning/targets.js';
import type { AccountPreflight } from '../model/account-preflight.js';
import { terminalView } from '../safe-text.js';
import type { Styler } from './reporter.js';

/**
 * The organization as an indented tree, each account marked targeted / skipped (why) / unreachable (why).
 * Names and reasons come from AWS: every string goes through terminalView (src/safe-text.ts), so an OU named
 * `x\n  ├─ forged` stays on its own line.
 */
export function renderOrgTree(
  untrustedSnapshot: OrgSnapshot,
  untrustedTargets: ResolvedTargets,
  untrustedPreflight: readonly AccountPreflight[] | undefined,
  style: Styler,
): string {
  const [snapshot, targets, preflight] = terminalView([
    untrustedSnapshot,
    untrustedTargets,
    untrustedPreflight,
  ] as const);
  const targeted = new Set(targets.accounts.map((a) => a.id));
  const skipped = new Map(targets.skipped.map((s) => [s.account.id, s.reason]));
  const checks = new Map((preflight ?? []).map((p) => [p.accountId, p]));
  const lines: string[] = [];
  const childUnits = (parentId: string) =>
    snapshot.units.filter((u) => u.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name));
  const childAccounts = (parentId: string) =>
    snapshot.accounts.filter((a) => a.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name));

  const walk = (unitId: string, name: string, depth: number): void => {
    const marker = targets.ouIds.includes(unitId) ? style.green(' (targeted)') : '';
    lines.push(`${'  '.repeat(depth)}${style.bold(name)} ${style.dim(unitId)}${marker}`);
    for (const account of childAccounts(unitId)) {
      let status: string;
      const check = checks.get(account.id);
      if (account.id === snapshot.managementAccountId && !skipped.has(account.id))
        status = style.dim('management account');
      else if (skipped.has(account.id)) status = style.yellow(`skipped: ${skipped.get(account.id)}`);
      else if (!targeted.has(account.id)) status = style.dim('not targeted');
      else if (check && !check.reachable) status = style.red(`unreachable: ${check.reason}`);
      else if (check?.reachable) {
        const existing = Object.entries(check.recorders).filter(([, r]) => r.recorderName);
        status =
          style.green('reachable') +
          (existing.length ? `, existing recorder in ${existing.map(([region]) => region).join(', ')}` : '');
      } else status = style.green('targeted');
      lines.push(`${'  '.repeat(depth + 1)}${account.id}  ${account.name}  ${status}`);
    }
    for (const unit of childUnits(unitId)) walk(unit.id, unit.name, depth + 1);
  };
  const root = snapshot.units.find((u) => u.id === snapshot.rootId);
  walk(snapshot.rootId, root?.name ?? 'Root', 0);
  return lines.join('\n');
}
