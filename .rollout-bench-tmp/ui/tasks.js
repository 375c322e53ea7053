import { Listr, ProcessOutput } from 'listr2';
/**
 * Runs steps one after another with the progress display that suits the terminal: listr2's animated renderer on
 * a TTY outside CI, plain lines otherwise, nothing with --json (style.md §9). Progress goes to stderr, so stdout
 * keeps only results. The first failing step stops the rest and its error propagates.
 */
/** Without a live display every output update is a new line: at most one per this many ms. */
const PLAIN_OUTPUT_INTERVAL_MS = 2000;
export async function runSteps(mode, steps, now = Date.now) {
    const renderer = mode.json ? 'silent' : mode.interactive ? 'default' : 'simple';
    const toStderr = new ProcessOutput(process.stderr, process.stderr);
    const list = new Listr(steps.map((step) => ({
        title: step.title,
        task: async (_ctx, task) => {
            let lastOutput = Number.NEGATIVE_INFINITY;
            await step.run({
                output: (text) => {
                    if (!mode.interactive && now() - lastOutput < PLAIN_OUTPUT_INTERVAL_MS)
                        return;
                    lastOutput = now();
                    task.output = text;
                },
                title: (text) => {
                    task.title = text;
                },
            });
        },
    })), {
        renderer,
        fallbackRenderer: mode.json ? 'silent' : 'simple',
        rendererOptions: { processOutput: toStderr, collapseSubtasks: false, persistentOutput: true },
        fallbackRendererOptions: { processOutput: toStderr },
        exitOnError: true,
        collectErrors: false,
    });
    await list.run();
}
//# sourceMappingURL=tasks.js.map