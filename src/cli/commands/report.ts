import type { CommandModule } from 'yargs';
import type { CommandRunner } from '../main.js';
import { FAIL_ON_CONDITIONS, type FailOnCondition } from '../../report/fail-on.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/formats.js';
import type { ReportSource } from '../../report/gather.js';

const SOURCES: readonly ReportSource[] = ['auto', 'aggregator', 'accounts'];

/** `cisfleet report`: per-account compliance and drift, exact, for people and for CI. */
export const reportCommand = (run: CommandRunner): CommandModule => ({
  command: 'report',
  describe: 'Report compliance per account × region × control (exact counts), stack instance status and drift',
  builder: (y) =>
    y
      .option('source', {
        choices: SOURCES,
        describe:
          'aggregator: the organization Config aggregator; accounts: each account through the member role; auto: the aggregator, then the accounts it has no data for (default: accounts.yaml report.source)',
      })
      .option('drift', {
        type: 'boolean',
        default: false,
        describe: 'Run StackSet drift detection first and list the drifted resources',
      })
      .option('format', {
        alias: 'f',
        choices: REPORT_FORMATS,
        describe:
          'table, json (docs/report-schema.json), csv, md or html (default: accounts.yaml report.format; json with --json)',
      })
      .option('output', { alias: 'o', type: 'string', describe: 'Write the report to this file instead of stdout' })
      .option('fail-on', {
        type: 'array',
        choices: FAIL_ON_CONDITIONS,
        describe:
          'Exit with code 4 when any of these holds: noncompliant, drift, error (replaces accounts.yaml report.failOn)',
      })
      .option('compare', { type: 'string', describe: 'A previous JSON report: show what changed since' })
      .option('changes', {
        type: 'boolean',
        default: false,
        describe:
          'List what automatic remediation did: each change, when, its execution, success or failure, and the access-key function runs',
      })
      .option('since', {
        type: 'string',
        describe: 'How far back --changes looks (implies it), e.g. 24h, 7d, 90m, 2w (default 24h)',
      }),
  handler: (argv) =>
    run(argv, async (context) => {
      const { report } = await import('../../actions/report.js');
      const failOn = argv.failOn as FailOnCondition[] | undefined;
      const since = argv.since as string | undefined;
      return report(context, {
        source: argv.source as ReportSource | undefined,
        drift: Boolean(argv.drift),
        format: argv.format as ReportFormat | undefined,
        output: argv.output as string | undefined,
        ...(failOn !== undefined ? { failOn } : {}),
        compare: argv.compare as string | undefined,
        ...(argv.changes || since !== undefined ? { changes: { ...(since !== undefined ? { since } : {}) } } : {}),
      });
    }),
});
