/**
 * The pieces of waiting on a stack set operation that do not talk to AWS: poll delays that back off to a
 * cap, a sleep that Ctrl-C interrupts, and per-region counts of operation results. No SDK waiter exists for
 * stack set operations (the CloudFormation SDK's waiters cover stacks only), so the gateway polls with these.
 */
import type { Sleep } from '../clock.js';
import { AbortError } from '../errors.js';
import type {
  OperationProgress,
  OperationResult,
  OperationResultStatus,
  OperationStatus,
  ResultCounts,
  StackSetOperation,
  TerminalOperationStatus,
} from '../model/stack-sets.js';

export interface PollPolicy {
  /** First delay: small, so short operations (and the simulator) are seen to end quickly. */
  readonly initialMs: number;
  /** Delays never grow past this: a long rollout is still noticed within this long of ending. */
  readonly maxMs: number;
  /** Each delay is the previous one times this. */
  readonly factor: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = { initialMs: 200, maxMs: 15_000, factor: 1.5 };

/** Delays that grow geometrically from `initialMs` to `maxMs`. */
export class Backoff {
  private current: number;

  constructor(private readonly policy: PollPolicy) {
    this.current = Math.max(0, policy.initialMs);
  }

  /** The delay to use now; the next call returns a longer one, up to the cap. */
  next(): number {
    const value = Math.min(this.current, this.policy.maxMs);
    this.current = Math.min(Math.max(1, this.current * this.policy.factor), this.policy.maxMs);
    return value;
  }
}

/**
 * Sleeps unless `signal` aborts first; says which happened. Works with any injected sleep, including one
 * that ignores the signal.
 */
export function sleepUnlessAborted(sleep: Sleep, ms: number, signal?: AbortSignal): Promise<'slept' | 'aborted'> {
  if (!signal) return sleep(ms).then(() => 'slept');
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms, signal).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(signal.aborted ? 'aborted' : 'slept');
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) resolve('aborted');
        else reject(error);
      },
    );
  });
}

const TERMINAL: ReadonlySet<OperationStatus> = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);
const ACTIVE: ReadonlySet<OperationStatus> = new Set(['RUNNING', 'QUEUED', 'STOPPING']);

export function isTerminal(status: OperationStatus): status is TerminalOperationStatus {
  return TERMINAL.has(status);
}

/** RUNNING, QUEUED or STOPPING: the operation holds (or waits for) the stack set. */
export function isActive(operation: StackSetOperation): boolean {
  return ACTIVE.has(operation.status);
}

/** How to pick an operation up again after cisfleet stopped waiting for it. */
export function resumeHint(operationId: string): string {
  return `cisfleet status --operation ${operationId}`;
}

/**
 * The user stopped waiting (Ctrl-C). The operation was left running in AWS; `operationId` names it and the
 * message says how to follow it.
 */
export class WaitAbortedError extends AbortError {
  constructor(
    readonly operationId: string,
    what: string,
  ) {
    super(`Stopped waiting for ${what}; it keeps running in AWS. Follow it with: ${resumeHint(operationId)}`, true);
  }
}

const emptyCounts = (): Record<OperationResultStatus, number> => ({
  PENDING: 0,
  RUNNING: 0,
  SUCCEEDED: 0,
  FAILED: 0,
  CANCELLED: 0,
});

/** Counts results per region and in total. */
export function progressOf(operation: StackSetOperation, results: readonly OperationResult[]): OperationProgress {
  const byRegion = new Map<string, Record<OperationResultStatus, number>>();
  const total = emptyCounts();
  for (const result of results) {
    let counts = byRegion.get(result.region);
    if (!counts) byRegion.set(result.region, (counts = emptyCounts()));
    counts[result.status]++;
    total[result.status]++;
  }
  return {
    operationId: operation.operationId,
    status: operation.status,
    regions: [...byRegion].map(([region, counts]): { region: string; counts: ResultCounts } => ({ region, counts })),
    total,
  };
}
