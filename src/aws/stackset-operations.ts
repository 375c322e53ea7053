/**
 * The life of a stack set operation: start it with an OperationId of its own, waiting out any operation that holds
 * the stack set, then poll it until it has ended and collect its results. The calls it makes are StackSetsGateway's
 * (stacksets-gateway.ts), which starts every write through here.
 */
import { randomUUID } from 'node:crypto';
import { AbortError, AwsOperationError } from '../errors.js';
import { describeAwsError, withAwsErrors } from './errors.js';
import {
  Backoff,
  DEFAULT_POLL_POLICY,
  isTerminal,
  progressOf,
  resumeHint,
  sleepUnlessAborted,
  WaitAbortedError,
  type PollPolicy,
} from './operation-poller.js';
import { formatDuration, pollUntil } from './poll-until.js';
import type { Clock } from '../clock.js';
import type {
  OperationOutcome,
  OperationProgress,
  OperationResult,
  StackSetOperation,
  TerminalOperationStatus,
} from '../model/stack-sets.js';
import { countOutcomes, operationVerdict, type ResultWithOutcome } from '../model/operation-outcome.js';

/**
 * How long cisfleet waits for one stack set operation by default. A rollout to thousands of accounts at AWS's
 * default concurrency takes hours; 4 hours leaves any real one room while a CI job still ends. The operation
 * keeps running in AWS when cisfleet stops waiting, and `cisfleet status --operation ID` follows it.
 */
export const DEFAULT_OPERATION_TIMEOUT_MS = 4 * 3_600_000;

export interface OperationLifecycleOptions {
  /** Times the waits for operations and sleeps between polls (the command's one clock). */
  clock: Clock;
  /** Poll delays; the defaults start at 200 ms and back off to 15 s. */
  polling?: Partial<PollPolicy>;
  /**
   * How long any wait for a stack set operation (ours, or another that holds the stack set) may take when the
   * caller names no timeout: --operation-timeout; DEFAULT_OPERATION_TIMEOUT_MS otherwise.
   */
  operationTimeoutMs?: number;
  /** Tries to start an operation while others hold the stack set, before giving up. Default 5. */
  maxStartAttempts?: number;
  /** While waiting with onProgress, per-account results are listed every this many polls (and at the end). Default 4. */
  resultsEveryPolls?: number;
}

export interface StartOptions {
  /** Another operation holds the stack set: cisfleet waits for it to end before starting its own. */
  onWaiting?: (operation: StackSetOperation) => void;
  /** Stops waiting (Ctrl-C); nothing of ours has been started then. */
  signal?: AbortSignal;
}

export interface WaitOptions {
  onProgress?: (progress: OperationProgress) => void;
  /** Stops waiting and leaves the operation running (throws WaitAbortedError). */
  signal?: AbortSignal;
  /** First poll delay, overriding the gateway's policy. */
  pollMs?: number;
  /** Gives up waiting (the operation keeps running) after this long. */
  timeoutMs?: number;
}

/** The reads the lifecycle makes between calls: StackSetsGateway's. */
export interface OperationReads {
  describeOperation(name: string, operationId: string): Promise<StackSetOperation>;
  findRunningOperation(name: string): Promise<StackSetOperation | undefined>;
  listOperationResults(name: string, operationId: string): Promise<OperationResult[]>;
  resultsWithOutcomes(name: string, operationId: string): Promise<ResultWithOutcome[]>;
}

interface PollOptions extends Omit<WaitOptions, 'onProgress'> {
  /** Called after each poll that found the operation still going. */
  onPoll?: (operation: StackSetOperation, poll: number) => Promise<void>;
  /** How the operation is named if the wait is aborted. */
  what?: string;
}

type EndedOperation = StackSetOperation & { status: TerminalOperationStatus };

/**
 * Starts stack set operations and waits for them to end. Writes never surface OperationInProgressException: they
 * wait for the operation that holds the stack set, then start theirs, with an OperationId of their own so a
 * retried call is idempotent.
 */
export class StackSetOperationLifecycle {
  private readonly clock: Clock;
  private readonly polling: PollPolicy;
  private readonly maxStartAttempts: number;
  private readonly resultsEveryPolls: number;
  private readonly operationTimeoutMs: number;

  constructor(
    private readonly reads: OperationReads,
    options: OperationLifecycleOptions,
  ) {
    this.clock = options.clock;
    this.polling = { ...DEFAULT_POLL_POLICY, ...options.polling };
    this.maxStartAttempts = Math.max(1, options.maxStartAttempts ?? 5);
    this.operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.resultsEveryPolls = Math.max(1, options.resultsEveryPolls ?? 4);
  }

  /**
   * One write through start; OperationIdAlreadyExists means an earlier try of ours already started it.
   * The id to follow is the one the response names: ours is only the idempotency token AWS was asked to use.
   */
  startWrite(
    action: string,
    name: string,
    options: StartOptions,
    send: (operationId: string) => Promise<{ OperationId?: string }>,
  ): Promise<string> {
    return withAwsErrors(action, () =>
      this.start(
        name,
        async (operationId) => {
          try {
            return (await send(operationId)).OperationId || operationId;
          } catch (error) {
            if (describeAwsError(error).name !== 'OperationIdAlreadyExistsException') throw error;
          }
          return operationId;
        },
        options,
      ),
    );
  }

  /**
   * Runs `start` with a fresh OperationId. While another operation holds the stack set
   * (OperationInProgressException), reports it through onWaiting, waits for it to end and tries again, with
   * the same id (the refused call created nothing) — at most maxStartAttempts times, since other users may
   * keep racing us; then throws AwsOperationError.
   */
  async start<T>(name: string, start: (operationId: string) => Promise<T>, options: StartOptions = {}): Promise<T> {
    const operationId = randomUUID();
    const backoff = new Backoff(this.polling);
    let blocker: StackSetOperation | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await start(operationId);
      } catch (error) {
        if (!isOperationInProgress(error)) throw error;
      }
      if (attempt >= this.maxStartAttempts) break;
      blocker = await this.reads.findRunningOperation(name);
      if (blocker) {
        options.onWaiting?.(blocker);
        await this.pollUntilEnded(name, blocker.operationId, {
          signal: options.signal,
          what: `operation ${blocker.operationId}, which holds stack set ${name} (cisfleet started nothing yet)`,
        });
      } else {
        // The holder ended between our two calls, or is not listed yet: try again shortly.
        if ((await sleepUnlessAborted(this.clock.sleep, backoff.next(), options.signal)) === 'aborted') {
          throw new AbortError(`Stopped waiting for stack set ${name} to be free; cisfleet started nothing.`, true);
        }
      }
    }
    const last = blocker
      ? ` The last operation seen holding it is ${blocker.operationId} (follow it with: ${resumeHint(blocker.operationId)}).`
      : '';
    throw new AwsOperationError(
      'StartStackSetOperation',
      `Could not start an operation on stack set ${name}: another operation was still in progress after ${this.maxStartAttempts} attempts.${last} Try again once it has ended.`,
    );
  }

  /**
   * Polls the operation until it SUCCEEDED, FAILED or STOPPED (no SDK waiter exists), reporting per-region
   * progress, and returns every result with the failures and their reasons. An abort stops waiting and leaves
   * the operation running (WaitAbortedError names it and how to follow it).
   */
  async wait(name: string, operationId: string, options: WaitOptions = {}): Promise<OperationOutcome> {
    const { onProgress } = options;
    let results: OperationResult[] = [];
    const ended = await this.pollUntilEnded(name, operationId, {
      ...options,
      onPoll: onProgress
        ? async (operation, poll) => {
            // A results listing costs a call per 100 instances: for a large organization, not on every poll.
            if ((poll - 1) % this.resultsEveryPolls === 0)
              results = await this.reads.listOperationResults(name, operationId);
            onProgress(progressOf(operation, results));
          }
        : undefined,
    });
    const final = await this.reads.resultsWithOutcomes(name, operationId);
    onProgress?.(progressOf(ended, final));
    const counts = countOutcomes(final);
    return {
      operationId,
      status: ended.status,
      statusReason: ended.statusReason,
      results: final,
      failed: final.filter((r) => r.outcome === 'failed'),
      counts,
      verdict: operationVerdict(ended.status, counts),
    };
  }

  private async pollUntilEnded(name: string, operationId: string, options: PollOptions): Promise<EndedOperation> {
    const what = options.what ?? `operation ${operationId} on stack set ${name}`;
    const timeoutMs = options.timeoutMs ?? this.operationTimeoutMs;
    const outcome = await pollUntil(
      () => this.reads.describeOperation(name, operationId),
      (operation) => isTerminal(operation.status),
      {
        timeoutMs,
        interval: options.pollMs === undefined ? this.polling : { ...this.polling, initialMs: options.pollMs },
        clock: this.clock,
        signal: options.signal,
        onPending: options.onPoll,
      },
    );
    if (outcome.status === 'aborted') throw new WaitAbortedError(operationId, what);
    if (outcome.status === 'timed-out') {
      throw new AwsOperationError(
        'WaitForStackSetOperation',
        `Gave up waiting for ${what} after ${formatDuration(timeoutMs)} (it is ${outcome.value.status} and keeps running in AWS). ` +
          `Follow it with: ${resumeHint(operationId)} (--operation-timeout sets how long cisfleet waits)`,
      );
    }
    return { ...outcome.value, status: outcome.value.status as TerminalOperationStatus };
  }
}

function isOperationInProgress(error: unknown): boolean {
  return describeAwsError(error).name === 'OperationInProgressException';
}
