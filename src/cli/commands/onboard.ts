import type { CommandModule } from 'yargs';
import type { CommandRunner } from '../main.js';
import { optionText } from '../option-value.js';

/** `cisfleet onboard`: bring a new (or existing) account under the remediation, and prove it with its report. */
export const onboardCommand = (run: CommandRunner): CommandModule => ({
  command: 'onboard',
  describe:
    'Bring an account under the remediation: create or move it, deploy its stack instances, evaluate and report it',
  builder: (y) =>
    y
      .option('account', { type: 'string', describe: 'An existing account id to onboard' })
      .option('create', {
        type: 'boolean',
        default: false,
        describe: 'Create the account first (needs --name, --email and --ou)',
      })
      .option('name', { type: 'string', describe: 'With --create: the account name (1–50 characters)' })
      .option('email', { type: 'string', describe: 'With --create: the root user email, unique across AWS' })
      .option('ou', {
        type: 'string',
        describe: 'OU the account must be in, by path (/Root/Workloads) or id; under a targeted OU',
      })
      .option('all-pending', {
        type: 'boolean',
        default: false,
        describe:
          'Onboard every targeted account missing stack instances, and create the accounts listed in targets.onboard',
      })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Only read: say what each step would change' })
      .option('format', {
        type: 'string',
        choices: ['table', 'json', 'csv', 'md', 'html'],
        describe: 'Format of the account report (default: report.format)',
      })
      .option('creation-timeout', { type: 'string', describe: 'How long to wait for CreateAccount (default 15m)' })
      .option('role-timeout', {
        type: 'string',
        describe: "How long to wait for a new account's member role to be assumable (default 15m)",
      })
      .option('instances-timeout', {
        type: 'string',
        describe: 'How long to wait for the stack instances to be CURRENT (default 30m)',
      })
      .option('results-timeout', {
        type: 'string',
        describe: "How long to wait for the rules' first evaluation (default 10m)",
      })
      .check((argv) => {
        if (argv.create && (!argv.name || !argv.email))
          throw new Error('--create needs --name and --email (and --ou).');
        return true;
      }),
  handler: (argv) =>
    run(argv, async (context) => {
      const { onboard } = await import('../../actions/onboard.js');
      return onboard(context, {
        ...(argv.account !== undefined ? { accountId: optionText(argv.account, 'account') } : {}),
        ...(argv.create ? { create: { name: String(argv.name), email: String(argv.email) } } : {}),
        ...(argv.ou !== undefined ? { ou: optionText(argv.ou, 'ou') } : {}),
        allPending: Boolean(argv.allPending),
        dryRun: Boolean(argv.dryRun),
        ...(argv.format !== undefined ? { format: argv.format as 'table' | 'json' | 'csv' | 'md' | 'html' } : {}),
        timeouts: {
          ...(argv.creationTimeout !== undefined
            ? { creation: optionText(argv.creationTimeout, 'creation-timeout') }
            : {}),
          ...(argv.roleTimeout !== undefined ? { role: optionText(argv.roleTimeout, 'role-timeout') } : {}),
          ...(argv.instancesTimeout !== undefined
            ? { instances: optionText(argv.instancesTimeout, 'instances-timeout') }
            : {}),
          ...(argv.resultsTimeout !== undefined ? { results: optionText(argv.resultsTimeout, 'results-timeout') } : {}),
        },
      });
    }),
});
