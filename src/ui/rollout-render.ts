import type { RolloutOutcome } from '../execution/rollout-apply.js';
import type { OperationPreferences } from '../model/stack-sets.js';
import type { PlannedInstance, RolloutPlan, ValueChange } from '../planning/rollout-plan.js';
import { terminalMessage, terminalView } from '../safe-text.js';
import type { Styler } from './reporter.js';

/** At most this many instances are listed per section; the rest are counted. */
const LIST_LIMIT = 20;

function values(title: string, changes: readonly ValueChange[]): string[] {
  if (changes.length === 0) return [];
  return [`  ${title}:`, ...changes.map((c) => `    ${c.key}: ${c.from ?? '(none)'} → ${c.to ?? '(removed)'}`)];
}

function instanceLines(style: Styler, sign: string, paint: (s: string) => string, instances: readonly PlannedInstance[]): string[] {
  const lines = instances.slice(0, LIST_LIMIT).map((i) => {
    const overrides = i.overrides && Object.keys(i.overrides).length > 0 ? ` overrides ${Object.entries(i.overrides).map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
    return `  ${paint(sign)} ${i.accountId} ${i.region}${i.ouId ? ` (${i.ouId})` : ''}${overrides} ${style.dim(`— ${i.reason}`)}`;
  });
  if (instances.length > LIST_LIMIT) lines.push(`  … and ${instances.length - LIST_LIMIT} more (--json or --out lists them all)`);
  return lines;
}

export function formatPreferences(p: OperationPreferences): string {
  const concurrent = p.maxConcurrentCount !== undefined ? `${p.maxConcurrentCount} accounts` : `${p.maxConcurrentPercentage ?? 0}% of accounts`;
  const tolerance = p.failureToleranceCount !== undefined ? `${p.failureToleranceCount} failures` : `${p.failureTolerancePercentage ?? 0}% failures`;
  return `regions ${p.regionConcurrencyType ?? 'SEQUENTIAL'}, ${concurrent} at once per region, tolerating ${tolerance} per region (${p.concurrencyMode ?? 'STRICT_FAILURE_TOLERANCE'})`;
}

/**
 * The plan as a person reads it before confirming (stdout). Names, reasons, tags and the template diff come
 * from AWS and accounts.yaml: every string goes through terminalView (src/safe-text.ts), the diff line by line.
 */
export function renderRolloutPlan(untrustedPlan: RolloutPlan, style: Styler): string {
  const plan = terminalView(untrustedPlan);
  const s = plan.stackSet;
  const out: string[] = [];
  const verb = { create: 'create', update: 'update', delete: 'delete', none: 'no change to' }[s.action];
  out.push(style.bold(`Stack set ${s.name} (${s.permissionModel}, ${s.region}, CallAs ${s.callAs}): ${verb}`));
  if (s.changes.template) {
    out.push(`  template ${s.changes.template.fromSha ? `${s.changes.template.fromSha.slice(0, 12)} → ` : ''}${s.changes.template.toSha.slice(0, 12)}`);
    // The diff library colours its lines: each keeps those colours and shows any other escape (terminalMessage).
    const diffText = untrustedPlan.stackSet.changes.template?.diffText;
    if (diffText) out.push(...diffText.split('\n').map((l) => `    ${terminalMessage(l)}`));
  }
  if (s.action !== 'create') {
    out.push(...values('parameters', s.changes.parameters), ...values('tags', s.changes.tags), ...values('settings', s.changes.other));
  }
  const { add, update, remove, unchanged } = plan.instances;
  out.push(style.bold(`Instances: ${add.length} to add, ${update.length} to update, ${remove.length} to remove, ${unchanged} unchanged`));
  out.push(...instanceLines(style, '+', style.green, add), ...instanceLines(style, '~', style.yellow, update), ...instanceLines(style, '-', style.red, remove));
  const m = plan.managementAccount;
  out.push(style.bold(`Management account ${m.accountId} (plain stack ${m.stackName}): ${m.action}${m.reason ? ` — ${m.reason}` : ''}`));
  for (const r of m.regions.filter((r) => r.action !== 'none')) out.push(`  ${r.action} in ${r.region}`);
  if (plan.unreachable.length > 0) {
    out.push(style.bold(style.yellow(`Unreachable (${plan.unreachable.length}):`)));
    for (const u of plan.unreachable) out.push(`  ${u.accountId}: ${u.reason} ${style.dim(`— ${u.effect}`)}`);
  }
  if (plan.skipped.length > 0) {
    out.push(style.bold(`Skipped (${plan.skipped.length}):`));
    for (const k of plan.skipped.slice(0, LIST_LIMIT)) out.push(`  ${k.accountId} ${k.name}: ${k.reason}`);
  }
  if (plan.upToDate) {
    out.push(style.green('Up to date: template, parameters, tags, targets and overrides already match; no operation will be started.'));
    return out.join('\n');
  }
  out.push(style.bold(`Operations (${plan.operations.length}), in order:`));
  plan.operations.forEach((o, i) => out.push(`  ${i + 1}. ${o.title} ${style.dim(`— ${o.why}`)}`));
  if (plan.mode === 'deploy') out.push(`Operation preferences: ${formatPreferences(plan.operationPreferences)}`);
  return out.join('\n');
}

/** After apply: per operation its status; every failed account × region with the StackSet's StatusReason. */
export function renderRolloutSummary(untrustedPlan: RolloutPlan, untrustedOutcome: RolloutOutcome, style: Styler): string {
  const [plan, outcome] = terminalView([untrustedPlan, untrustedOutcome] as const);
  const out: string[] = [style.bold('Summary')];
  for (const o of outcome.operations) {
    const paint = o.status === 'SUCCEEDED' ? style.green : o.status === 'SKIPPED' ? style.dim : style.red;
    const ids = o.operationIds.length > 0 ? ` ${style.dim(o.operationIds.join(', '))}` : '';
    out.push(`  ${paint(o.status)} ${o.title}${ids}${o.results > 0 ? `: ${o.results - o.failed.length}/${o.results} succeeded` : ''}${o.statusReason ? ` — ${o.statusReason}` : ''}`);
  }
  const failed = outcome.operations.flatMap((o) => o.failed);
  if (failed.length > 0) {
    out.push(style.bold(style.red(`Failed (${failed.length}):`)));
    for (const f of failed) out.push(`  ${f.account ?? f.ouId ?? '?'} ${f.region}: ${f.reason ?? 'no reason given'}`);
  }
  if (plan.unreachable.length > 0) {
    out.push(style.bold(style.yellow(`Unreachable (${plan.unreachable.length}):`)));
    for (const u of plan.unreachable) out.push(`  ${u.accountId}: ${u.reason}`);
  }
  return out.join('\n');
}
