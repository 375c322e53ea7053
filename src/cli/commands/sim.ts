import type { CommandModule } from 'yargs';
import type { CommandRunner } from '../main.js';

/** `cisfleet sim serve`: the local AWS organization simulator, standalone. */
export const simCommand = (run: CommandRunner): CommandModule => ({
  command: 'sim <action>',
  describe: 'Run the local AWS organization simulator (no AWS account needed)',
  builder: (y) =>
    y
      .positional('action', { choices: ['serve'] as const, describe: 'serve: start it and wait for Ctrl-C' })
      .option('scenario', { type: 'string', describe: 'Scenario YAML file (default: the built-in demo organization)' })
      .option('port', { type: 'number', default: 0, describe: 'Port on 127.0.0.1 (0 picks a free one)' })
      .option('accounts', {
        type: 'number',
        describe: 'Generate an organization with this many accounts instead of a scenario',
      })
      .option('regions', { type: 'number', default: 2, describe: 'Regions in a generated organization' })
      .option('seed', { type: 'number', default: 1, describe: 'Seed for a generated organization' }),
  handler: (argv) =>
    run(argv, async (context) => {
      const { serveSimulator } = await import('../../actions/sim-serve.js');
      return serveSimulator(context, {
        scenarioFile: argv.scenario as string | undefined,
        port: Number(argv.port ?? 0),
        generate: argv.accounts
          ? { accounts: Number(argv.accounts), regions: Number(argv.regions), seed: Number(argv.seed) }
          : undefined,
      });
    }),
});
