import type { CommandModule } from 'yargs';
import type { CommandRunner } from '../main.js';

/** `cisfleet org`: the organization as cisfleet sees it, and whether each targeted account is reachable. */
export const orgCommand = (run: CommandRunner): CommandModule => ({
  command: 'org',
  describe:
    'Show the organization tree, the targeted accounts and (with --check-access) whether cisfleet can reach them',
  builder: (y) =>
    y.option('check-access', {
      type: 'boolean',
      default: false,
      describe: 'Assume the member role into every targeted account and look for existing Config recorders',
    }),
  handler: (argv) =>
    run(argv, async (context) => {
      const { showOrganization } = await import('../../actions/org.js');
      return showOrganization(context, { checkAccess: Boolean(argv.checkAccess) });
    }),
});
