import type { OperationProgress, ResultCounts } from '../model/stack-sets.js';
import type { OutcomeCounts } from '../model/operation-outcome.js';

/** `done/failed/running` for one set of counts; pending and cancelled only when there are any. */
function counts(c: ResultCounts): string {
  const parts = [`${c.SUCCEEDED} done`, `${c.FAILED} failed`, `${c.RUNNING} running`];
  if (c.PENDING > 0) parts.push(`${c.PENDING} pending`);
  if (c.CANCELLED > 0) parts.push(`${c.CANCELLED} cancelled`);
  return parts.join(', ');
}

/**
 * One line for a stack set operation in progress, region by region:
 * `RUNNING · us-east-1: 120 done, 2 failed, 30 running · eu-west-1: …`. Used as a progress step's output.
 */
export function formatOperationProgress(progress: OperationProgress): string {
  if (progress.regions.length === 0) return `${progress.status} (waiting for the first results)`;
  return [progress.status, ...progress.regions.map((r) => `${r.region}: ${counts(r.counts)}`)].join(' · ');
}

/**
 * `6 succeeded, 2 failed, 2 cancelled, 1 skipped of 11`: every outcome there is, succeeded always, so a count of
 * succeeded instances never stands for the others.
 */
export function formatOutcomeCounts(c: OutcomeCounts): string {
  const parts = [`${c.succeeded} succeeded`];
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.cancelled > 0) parts.push(`${c.cancelled} cancelled`);
  if (c.skipped > 0) parts.push(`${c.skipped} skipped (suspended account)`);
  if (c.unfinished > 0) parts.push(`${c.unfinished} unfinished`);
  const total = c.succeeded + c.failed + c.cancelled + c.skipped + c.unfinished;
  return `${parts.join(', ')} of ${total}`;
}
