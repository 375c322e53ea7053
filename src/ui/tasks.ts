import { Listr, ListrLogger, ProcessOutput, type ListrRendererValue, type ListrTask } from 'listr2';
import { terminalText } from '../safe-text.js';
import type { OutputMode } from './reporter.js';

/** What a running step may say about itself while it works. */
export interface TaskProgress {
  /** A line under the step's title (the latest one stays visible). */
  output(text: string): void;
  title(text: string): void;
  /**
   * Its work failed although nothing went wrong in cisfleet (an operation that exceeded its failure tolerance):
   * when the step ends it shows ✖ with this message, and still returns its value, so the run goes on.
   */
  fail(message: string): void;
}

/** One step of a command, independent of how it is displayed: its title, and the work that returns its result. */
export interface Step<T> {
  readonly title: string;
  run(progress: TaskProgress): Promise<T>;
}

/**
 * A command's progress display. Each step is shown while it runs and returns what its work returns; a step that
 * throws is shown ✖ and its error propagates, so the steps after it never start.
 */
export interface ProgressSession {
  step<T>(title: string, run: (progress: TaskProgress) => Promise<T>): Promise<T>;
  /**
   * Independent steps at once, shown together; resolves with their results in order once all have ended (as
   * Promise.all). When some throw, the first one's error propagates after the others have ended.
   */
  concurrently<T extends unknown[]>(...steps: { readonly [K in keyof T]: Step<T[K]> }): Promise<T>;
}

/** Without a live display every output update is a new line: at most one per this many ms. */
const PLAIN_OUTPUT_INTERVAL_MS = 2000;

/**
 * The progress display that suits the terminal: listr2's animated renderer on a TTY outside CI, plain lines
 * otherwise, nothing with --json (docs/commands.md, output). Progress goes to stderr, so stdout keeps only results. listr2
 * stays behind this interface: actions see steps and their results, never a task list.
 */
export function progressSession(mode: OutputMode, now: () => number = Date.now): ProgressSession {
  return new ListrSession(mode, now);
}

class ListrSession implements ProgressSession {
  constructor(
    private readonly mode: OutputMode,
    private readonly now: () => number,
  ) {}

  async step<T>(title: string, run: (progress: TaskProgress) => Promise<T>): Promise<T> {
    const step = new StartedStep({ title, run });
    await runTasks(this.mode, [step], false, this.now);
    return step.result();
  }

  concurrently<T extends unknown[]>(...steps: { readonly [K in keyof T]: Step<T[K]> }): Promise<T>;
  async concurrently(...steps: ReadonlyArray<Step<unknown>>): Promise<unknown[]> {
    const started = steps.map((step) => new StartedStep(step));
    await runTasks(this.mode, started, true, this.now);
    return Promise.all(started.map((step) => step.result()));
  }
}

/** A step and, once listr2 has started it, its run: the promise of its result. */
class StartedStep<T> {
  private run: Promise<T> | undefined;
  constructor(readonly step: Step<T>) {}

  start(progress: TaskProgress): Promise<T> {
    this.run = this.step.run(progress);
    return this.run;
  }

  /** Settled or not started: awaited by runTasks, whatever the list did. */
  settled(): Promise<unknown> {
    return this.run ? Promise.allSettled([this.run]) : Promise.resolve();
  }

  result(): Promise<T> {
    return this.run ?? Promise.reject(new Error(`step "${this.step.title}" did not start`));
  }
}

/**
 * Runs the steps as one listr2 list. The list stops at the first thrown error (a step marked failed is not one),
 * and that error propagates once every step that started has ended.
 */
async function runTasks(
  mode: OutputMode,
  steps: ReadonlyArray<StartedStep<unknown>>,
  concurrent: boolean,
  now: () => number,
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
      concurrent,
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
  try {
    await list.run();
  } finally {
    // listr2 rejects at the first error while concurrent steps run on: none is left behind unawaited.
    await Promise.all(steps.map((step) => step.settled()));
  }
}

/** One step as a listr2 task: output lines throttled off a terminal, a failed step shown ✖. */
function listrTask(step: StartedStep<unknown>, mode: OutputMode, now: () => number): ListrTask<object> {
  let failed: string | undefined;
  return {
    title: step.step.title,
    // A step marked failed shows ✖ and lets the next ones run; a thrown error stops them.
    exitOnError: () => failed === undefined,
    task: async (_ctx, task) => {
      let lastOutput = Number.NEGATIVE_INFINITY;
      await step.start({
        output: (text) => {
          if (!mode.interactive && now() - lastOutput < PLAIN_OUTPUT_INTERVAL_MS) return;
          lastOutput = now();
          // listr2 writes to the terminal itself, past the reporter: titles and outputs are one line each.
          task.output = terminalText(text);
        },
        title: (text) => {
          task.title = terminalText(text);
        },
        fail: (message) => {
          failed = message;
        },
      });
      if (failed !== undefined) throw new Error(terminalText(failed));
    },
  };
}
