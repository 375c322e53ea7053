import { Listr, ListrLogger, ProcessOutput, type ListrRendererValue, type ListrTask } from 'listr2';
import { terminalText } from '../safe-text.js';
import type { OutputMode } from './reporter.js';

/** What a running step may say about itself while it works. */
export interface TaskProgress {
  /** A line under the step's title (the latest one stays visible). */
  output(text: string): void;
  title(text: string): void;
}

/**
 * How a step that ran to its end went. `failed`: its work failed although nothing went wrong in cisfleet (an
 * operation that exceeded its failure tolerance): the step shows ✖ with this message, and the steps after it
 * still run. A step that throws stops the rest.
 */
export type StepVerdict = void | { readonly failed: string };

/** One step of a command, independent of how it is displayed. */
export interface ProgressStep {
  title: string;
  run(progress: TaskProgress): Promise<StepVerdict>;
}

/**
 * Runs steps one after another with the progress display that suits the terminal: listr2's animated renderer on
 * a TTY outside CI, plain lines otherwise, nothing with --json (style.md §9). Progress goes to stderr, so stdout
 * keeps only results. The first failing step stops the rest and its error propagates.
 */
/** Without a live display every output update is a new line: at most one per this many ms. */
const PLAIN_OUTPUT_INTERVAL_MS = 2000;

export async function runSteps(
  mode: OutputMode,
  steps: readonly ProgressStep[],
  now: () => number = Date.now,
): Promise<void> {
  const silent = mode.json || mode.progress === false;
  const renderer: ListrRendererValue = silent ? 'silent' : mode.interactive ? 'default' : 'simple';
  // Both of the renderers' streams point at stderr: progress must never mix into results on stdout.
  const toStderr = new ProcessOutput(process.stderr, process.stderr);
  const logger = new ListrLogger({ useIcons: true, processOutput: toStderr });
  const list = new Listr<object, ListrRendererValue, ListrRendererValue>(
    steps.map((step) => listrTask(step, mode, now)),
    {
      renderer,
      fallbackRenderer: silent ? 'silent' : 'simple',
      rendererOptions: { processOutput: toStderr, logger, collapseSubtasks: false, persistentOutput: true } as never,
      fallbackRendererOptions: { processOutput: toStderr, logger } as never,
      exitOnError: true,
      collectErrors: false,
      // listr2's own SIGINT handler exits 127 before cisfleet can say what keeps running: the entry point owns
      // the signals (cli/interrupts.ts), and an abort ends the steps, and so the renderer, normally.
      registerSignalListeners: false,
    },
  );
  await list.run();
}

/** One step as a listr2 task: output lines throttled off a terminal, a failed verdict shown ✖. */
function listrTask(step: ProgressStep, mode: OutputMode, now: () => number): ListrTask<object> {
  let failedVerdict = false;
  return {
    title: step.title,
    // A failed verdict marks the step ✖ and lets the next ones run; a thrown error stops them.
    exitOnError: () => !failedVerdict,
    task: async (_ctx, task) => {
      let lastOutput = Number.NEGATIVE_INFINITY;
      const verdict = await step.run({
        output: (text) => {
          if (!mode.interactive && now() - lastOutput < PLAIN_OUTPUT_INTERVAL_MS) return;
          lastOutput = now();
          // listr2 writes to the terminal itself, past the reporter: titles and outputs are one line each.
          task.output = terminalText(text);
        },
        title: (text) => {
          task.title = terminalText(text);
        },
      });
      if (verdict?.failed !== undefined) {
        failedVerdict = true;
        throw new Error(terminalText(verdict.failed));
      }
    },
  };
}
