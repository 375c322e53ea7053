import type { AppliedOperation, RolloutOutcome } from '../model/rollout-outcome.js';
import type { OperationVerdict } from '../model/operation-outcome.js';
import type { OperationPreferences, OperationResult } from '../model/stack-sets.js';
import { formatOutcomeCounts } from './operation-progress.js';
import type { PlannedInstance, RolloutPlan, ValueChange } from '../planning/rollout-plan.js';
import { terminalText, terminalView } from '../safe-text.js';
import type { Styler } from './reporter.js';

/** At most this many instances are listed per section; the rest are counted. */
const LIST_LIMIT = 20;

function values(title: string, changes: readonly ValueChange[]): string[] {
  if (changes.length === 0) return [];
  return [`  ${title}:`, ...changes.map((c) => `    ${c.key}: ${c.from ?? '(none)'} → ${c.to ?? '(removed)'}`)];
}

function instanceLines(
  style: Styler,
  sign: string,
  paint: (s: string) => string,
  instances: readonly PlannedInstance[],
): string[] {
  const lines = instances.slice(0, LIST_LIMIT).map((i) => {
    const overrides =
      i.overrides && Object.keys(i.overrides).length > 0
        ? ` overrides ${Object.entries(i.overrides)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`
        : '';
    return `  ${paint(sign)} ${i.accountId} ${i.region}${i.ouId ? ` (${i.ouId})` : ''}${overrides} ${style.dim(`— ${i.reason}`)}`;
  });
  if (instances.length > LIST_LIMIT)
    lines.push(`  … and ${instances.length - LIST_LIMIT} more (--json or --out lists them all)`);
  return lines;
}

/** The template diff's change markers, coloured as the instance lists colour theirs. */
const DIFF_MARKER = /\[[+~←-]\]/;
const MARKER_COLOUR = { '[+]': 'green', '[-]': 'red', '[~]': 'yellow', '[←]': 'cyan' } as const;
/** What the diff says when a resource is (or may be) replaced: the change a reader must not miss. */
const REPLACEMENT = / (?:replace|\((?:requires|may cause) replacement\))$/;

/**
 * One line of the plan's template diff, which is plain text: escaped, then coloured here, at print time (a
 * section title bold, the first change marker by its kind, a replacement red).
 */
function diffLine(untrustedLine: string, style: Styler): string {
  const line = terminalText(untrustedLine);
  if (/^[A-Z]/.test(line)) return style.bold(line);
  return line
    .replace(DIFF_MARKER, (marker) => style[MARKER_COLOUR[marker as keyof typeof MARKER_COLOUR]](marker))
    .replace(REPLACEMENT, (note) => style.red(note));
}

export function formatPreferences(p: OperationPreferences): string {
  const concurrent =
    p.maxConcurrentCount !== undefined
      ? `${p.maxConcurrentCount} accounts`
      : `${p.maxConcurrentPercentage ?? 0}% of accounts`;
  const tolerance =
    p.failureToleranceCount !== undefined
      ? `${p.failureToleranceCount} failures`
      : `${p.failureTolerancePercentage ?? 0}% failures`;
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
    out.push(
      `  template ${s.changes.template.fromSha ? `${s.changes.template.fromSha.slice(0, 12)} → ` : ''}${s.changes.template.toSha.slice(0, 12)}`,
    );
    // The diff is multi-line text: escaped line by line (terminalView would show its line breaks as escapes).
    const diffText = untrustedPlan.stackSet.changes.template?.diffText;
    if (diffText) out.push(...diffText.split('\n').map((l) => `    ${diffLine(l, style)}`));
  }
  if (s.action !== 'create') {
    out.push(
      ...values('parameters', s.changes.parameters),
      ...values('tags', s.changes.tags),
      ...values('settings', s.changes.other),
    );
  }
  if (plan.recorderBase)
    out.push(
      `  CreateConfigRecorder for accounts that arrive by auto-deployment: ${plan.recorderBase.value} ${style.dim(`— ${plan.recorderBase.reason}`)}`,
    );
  const { add, update, remove, unchanged } = plan.instances;
  out.push(
    style.bold(
      `Instances: ${add.length} to add, ${update.length} to update, ${remove.length} to remove, ${unchanged} unchanged`,
    ),
  );
  out.push(
    ...instanceLines(style, '+', style.green, add),
    ...instanceLines(style, '~', style.yellow, update),
    ...instanceLines(style, '-', style.red, remove),
  );
  const m = plan.managementAccount;
  out.push(
    style.bold(
      `Management account ${m.accountId} (plain stack ${m.stackName}): ${m.action}${m.reason ? ` — ${m.reason}` : ''}`,
    ),
  );
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
    out.push(
      style.green(
        'Up to date: template, parameters, tags, targets and overrides already match; no operation will be started.',
      ),
    );
    return out.join('\n');
  }
  out.push(style.bold(`Operations (${plan.operations.length}), in order:`));
  plan.operations.forEach((o, i) => out.push(`  ${i + 1}. ${o.title} ${style.dim(`— ${o.why}`)}`));
  if (plan.mode === 'deploy') out.push(`Operation preferences: ${formatPreferences(plan.operationPreferences)}`);
  return out.join('\n');
}

/** The verdict as the summary shows it: AWS's status words, so that they read like the console's. */
const VERDICT_LABEL: Readonly<Record<OperationVerdict, string>> = {
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  running: 'RUNNING',
};

/** `CreateStackInstances (…) IDS: 6 succeeded, 2 failed, 2 cancelled of 10 — reason`. */
function appliedDetail(o: AppliedOperation, ids = ''): string {
  const counts =
    o.counts.succeeded + o.counts.failed + o.counts.cancelled + o.counts.skipped + o.counts.unfinished > 0
      ? `: ${formatOutcomeCounts(o.counts)}`
      : '';
  return `${o.title}${ids}${counts}${o.statusReason ? ` — ${o.statusReason}` : ''}`;
}

/** `FAILED CreateStackInstances (…): 6 succeeded, 2 failed, 2 cancelled of 10 — reason`: a step's ✔/✖ line. */
export function describeApplied(o: AppliedOperation): string {
  return `${VERDICT_LABEL[o.verdict]} ${appliedDetail(o)}`;
}

function resultLines(style: Styler, heading: string, results: readonly OperationResult[]): string[] {
  if (results.length === 0) return [];
  const lines = results
    .slice(0, LIST_LIMIT)
    .map((r) => `  ${r.account ?? r.ouId ?? '?'} ${r.region}: ${r.reason ?? 'no reason given'}`);
  if (results.length > LIST_LIMIT) lines.push(`  … and ${results.length - LIST_LIMIT} more (--json lists them all)`);
  return [style.bold(heading), ...lines];
}

/**
 * After apply: per operation its outcome (model/operation-outcome.ts) with every count; then every failed,
 * cancelled and skipped account × region with the StackSet's StatusReason.
 */
export function renderRolloutSummary(
  untrustedPlan: RolloutPlan,
  untrustedOutcome: RolloutOutcome,
  style: Styler,
): string {
  const [plan, outcome] = terminalView([untrustedPlan, untrustedOutcome] as const);
  const out: string[] = [style.bold('Summary')];
  for (const o of outcome.operations) {
    const paint = o.verdict === 'succeeded' ? style.green : o.verdict === 'cancelled' ? style.yellow : style.red;
    const ids = o.operationIds.length > 0 ? ` ${style.dim(o.operationIds.join(', '))}` : '';
    out.push(`  ${paint(VERDICT_LABEL[o.verdict])} ${appliedDetail(o, ids)}`);
  }
  const all = (pick: (o: AppliedOperation) => readonly OperationResult[]) => outcome.operations.flatMap(pick);
  const failed = all((o) => o.failed);
  const cancelled = all((o) => o.cancelled);
  out.push(...resultLines(style, style.red(`Failed (${failed.length}):`), failed));
  out.push(
    ...resultLines(
      style,
      style.yellow(`Cancelled (${cancelled.length}), not attempted — the next rollout deploys them:`),
      cancelled,
    ),
  );
  out.push(
    ...resultLines(
      style,
      `Skipped (${all((o) => o.skipped).length}), suspended accounts:`,
      all((o) => o.skipped),
    ),
  );
  if (plan.unreachable.length > 0) {
    out.push(style.bold(style.yellow(`Unreachable (${plan.unreachable.length}):`)));
    for (const u of plan.unreachable) out.push(`  ${u.accountId}: ${u.reason}`);
  }
  return out.join('\n');
}
