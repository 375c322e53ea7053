import type { CommandModule } from 'yargs';
import type { CommandRunner } from '../main.js';
import { CONTROL_IDS, type ControlId } from '../../controls/catalog.js';
import { IMPACT_FAIL_ON, type ImpactFailOn } from '../../impact/fail-on.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/formats.js';

/** `cisfleet impact`: what automatic remediation would change now, per account × region, before it is switched on. */
export const impactCommand = (run: CommandRunner): CommandModule => ({
  command: 'impact',
  describe:
    'Preview exactly what automatic remediation would change now (rules, keys, passwords) per account × region; reads only',
  builder: (y) =>
    y
      .option('control', {
        type: 'array',
        choices: CONTROL_IDS,
        describe:
          'Controls to preview as AUTO (default: those accounts.yaml sets to AUTO, or every control when none is)',
      })
      .option('format', {
        alias: 'f',
        choices: REPORT_FORMATS,
        describe: 'table, json, csv, md or html (default: accounts.yaml report.format; json with --json)',
      })
      .option('output', { alias: 'o', type: 'string', describe: 'Write the preview to this file instead of stdout' })
      .option('fail-on', {
        type: 'array',
        choices: IMPACT_FAIL_ON,
        describe:
          'Exit with code 4 when any of these holds: changes (remediation would change something), needs-person, error',
      }),
  handler: (argv) =>
    run(argv, async (context) => {
      const { impact } = await import('../../actions/impact.js');
      const failOn = argv.failOn as ImpactFailOn[] | undefined;
      const controls = argv.control as ControlId[] | undefined;
      return impact(context, {
        ...(controls ? { controls } : {}),
        format: argv.format as ReportFormat | undefined,
        output: argv.output as string | undefined,
        ...(failOn ? { failOn } : {}),
      });
    }),
});
