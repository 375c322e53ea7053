import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import type { CommandRunner } from '../main.js';
import { optionTexts } from '../option-value.js';

/** `cisfleet rollout`: deploy (or with --remove, take away) the remediation stack set across the organization. */
export const rolloutCommand = (run: CommandRunner): CommandModule => ({
  command: 'rollout',
  describe: 'Plan and deploy the remediation stack set to every targeted OU and region (--dry-run shows the plan only)',
  builder: (y) =>
    y
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan and stop: no change is made' })
      .option('ou', {
        type: 'string',
        array: true,
        describe: 'Only these OUs (path or id); repeatable. Nothing outside them is changed',
      })
      .option('region', { type: 'string', array: true, describe: 'Only these regions (of accounts.yaml); repeatable' })
      .option('out', { type: 'string', describe: 'Write the plan as versioned JSON to this file' })
      .option('remove', {
        type: 'boolean',
        default: false,
        describe: 'Remove every stack instance and the stack set (and the management account stack)',
      })
      .option('retain-stacks', {
        type: 'boolean',
        default: false,
        describe: 'With --remove: keep the stacks, and so the controls, in the accounts',
      })
      .option('refresh-overrides', {
        type: 'boolean',
        default: false,
        describe:
          "Read every instance's parameter overrides (one call each), so an exemption deleted from accounts.yaml is undone too",
      })
      .check((argv) => {
        if (argv.retainStacks && !argv.remove) throw new UsageError('--retain-stacks goes with --remove');
        return true;
      }),
  handler: (argv) => {
    // Under rollout, --region narrows the target regions (it may repeat); the stack set always lives in the
    // home region, so the global meaning ("region for the stack set") does not apply and must not reach the
    // client factory as a list.
    const regions = optionTexts(argv.region, 'region');
    return run({ ...argv, region: undefined }, async (context) => {
      const { rollout } = await import('../../actions/rollout.js');
      return rollout(context, {
        dryRun: Boolean(argv.dryRun),
        ous: optionTexts(argv.ou, 'ou'),
        regions,
        out: argv.out as string | undefined,
        remove: Boolean(argv.remove),
        retainStacks: Boolean(argv.retainStacks),
        refreshOverrides: Boolean(argv.refreshOverrides),
      });
    });
  },
});
