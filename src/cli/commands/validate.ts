import type { CommandModule } from 'yargs';
import type { CommandRunner } from '../main.js';

/** `cisfleet validate`: checks accounts.yaml and the remediation template offline. */
export const validateCommand = (run: CommandRunner): CommandModule => ({
  command: 'validate',
  describe: 'Check accounts.yaml and the remediation template, offline (no AWS call)',
  handler: (argv) =>
    run(argv, async (context) => {
      const { validate } = await import('../../actions/validate.js');
      return validate(context);
    }),
});
