import { terminalText, terminalView } from '../safe-text.js';
import { AbortError, EXIT_CODES, type ExitCode } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { StackSetsGateway } from '../aws/stacksets-gateway.js';
import { isTerminal, progressOf, WaitAbortedError } from '../aws/operation-poller.js';
import type { OperationProgress } from '../model/stack-sets.js';
import type { CommandContext } from './command-context.js';
import { progressSession, type TaskProgress } from '../ui/tasks.js';
import type { OutputMode } from '../ui/reporter.js';
import { formatOperationProgress, formatOutcomeCounts } from '../ui/operation-progress.js';
import { countOutcomes, needsAttention, operationVerdict, type InstanceOutcome } from '../model/operation-outcome.js';
import { createClientFactory, operationTimeoutMs } from './aws-context.js';
import { holdStopSignal } from './stop-signal.js';
import { statusCommandFor } from './resume-command.js';
import type { RolloutOverrides } from './rollout.js';

export interface StatusOptions {
  readonly operationId: string;
  /** Wait for the operation to end, with progress. */
  readonly watch: boolean;
}

/**
 * `cisfleet status --operation ID`: an operation of the stack set, its state and per-region counts; with
 * `--watch`, waits for it to end. Exit 0 when it succeeded (skipped suspended accounts included), 3 when it
 * failed or cancelled instances (model/operation-outcome.ts), 0 while it is still running (without --watch).
 * Ctrl-C while watching stops watching (exit 130); the operation runs on.
 */
export async function showStatus(
  context: CommandContext,
  options: StatusOptions,
  overrides: RolloutOverrides = {},
): Promise<ExitCode> {
  const { reporter, globals } = context;
  const { config } = await loadConfig(globals.config, { now: context.clock.now() });
  const factory = createClientFactory(globals, config, overrides);
  const name = config.stackSet.name;
  const stop = holdStopSignal(context, overrides.signal);
  try {
    const gateway = new StackSetsGateway(factory, {
      region: config.organization.homeRegion,
      callAs: config.organization.callAs,
      clock: context.clock,
      polling: overrides.polling,
      operationTimeoutMs: operationTimeoutMs(globals),
    });
    const first = await gateway.describeOperation(name, options.operationId);
    const listed = await gateway.listOperationResults(name, options.operationId);
    const watched =
      options.watch && !isTerminal(first.status)
        ? await watch(
            reporter.mode,
            `Operation ${options.operationId} on ${name}`,
            statusCommandFor(options.operationId, globals),
            async (progress) => {
              const ended = await gateway.waitForOperation(name, options.operationId, {
                signal: stop.signal,
                onProgress: (p) => progress.output(formatOperationProgress(p)),
              });
              // The same mark as rollout's: ✖ for an operation that failed or cancelled instances.
              if (needsAttention(ended.verdict))
                progress.fail(`${ended.verdict.toUpperCase()}: ${formatOutcomeCounts(ended.counts)}`);
              return ended.results;
            },
          )
        : undefined;
    const operation = watched ? await gateway.describeOperation(name, options.operationId) : first;
    const results = watched ?? listed;
    const progress: OperationProgress = progressOf(operation, results);
    const classified = await gateway.resultsWithOutcomes(name, options.operationId, results);
    const counts = countOutcomes(classified);
    const verdict = operationVerdict(operation.status, counts);
    const having = (o: InstanceOutcome) => classified.filter((r) => r.outcome === o);
    reporter.json({
      version: 1,
      stackSet: name,
      operation,
      progress,
      verdict,
      counts,
      failed: having('failed'),
      cancelled: having('cancelled'),
      skipped: having('skipped'),
    });
    reporter.result(
      `Operation ${operation.operationId} (${operation.action ?? '?'}) on ${name}: ${formatOperationProgress(progress)}`,
    );
    reporter.result(`  ${verdict.toUpperCase()}: ${formatOutcomeCounts(counts)}`);
    if (operation.statusReason) reporter.result(`  ${terminalText(operation.statusReason)}`);
    for (const outcome of ['failed', 'cancelled', 'skipped'] as const) {
      for (const r of terminalView(having(outcome)))
        reporter.result(
          `  ${outcome.toUpperCase()} ${r.account ?? r.ouId ?? '?'} ${r.region}: ${r.reason ?? 'no reason given'}`,
        );
    }
    if (!isTerminal(operation.status))
      reporter.info(
        `Still ${operation.status}: \`${statusCommandFor(operation.operationId, globals)} --watch\` waits for it.`,
      );
    return needsAttention(verdict) ? EXIT_CODES.partial : EXIT_CODES.ok;
  } finally {
    stop.release();
    factory.destroy();
  }
}

/** Ctrl-C or SIGTERM stops watching; the operation runs on, and the message gives the command to watch again. */
async function watch<T>(
  mode: OutputMode,
  title: string,
  statusCommand: string,
  wait: (progress: TaskProgress) => Promise<T>,
): Promise<T> {
  try {
    return await progressSession(mode).step(title, wait);
  } catch (error) {
    if (!(error instanceof WaitAbortedError)) throw error;
    throw new AbortError(
      `Stopped watching: operation ${error.operationId} keeps running in AWS. Watch it again with \`${statusCommand} --watch\`.`,
      true,
    );
  }
}
