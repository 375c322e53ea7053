import type { CommandModule } from 'yargs';
import type { CommandRunner } from '../main.js';

/** `cisfleet status --operation ID [--watch]`: where a stack set operation stands, region by region. */
export const statusCommand = (run: CommandRunner): CommandModule => ({
  command: 'status',
  describe: "Show a stack set operation's state and per-region progress (--watch waits for it to end)",
  builder: (y) =>
    y
      .option('operation', {
        type: 'string',
        demandOption: true,
        describe: 'The operation id (rollout prints it, e.g. after Ctrl-C)',
      })
      .option('watch', {
        type: 'boolean',
        default: false,
        describe: 'Wait for the operation to end, showing progress',
      }),
  handler: (argv) =>
    run(argv, async (context) => {
      const { showStatus } = await import('../../actions/status.js');
      return showStatus(context, { operationId: String(argv.operation), watch: Boolean(argv.watch) });
    }),
});
