import { describe, expect, it } from '@jest/globals';
import yargs from 'yargs';
import { reportCommand } from '../../src/cli/commands/report.js';
import type { CommandRunner } from '../../src/cli/main.js';

/** Parses a command line with the report command and returns the argv the runner got (the action does not run). */
async function parse(args: string[]): Promise<Record<string, unknown>> {
  let seen: Record<string, unknown> | undefined;
  const run: CommandRunner = (argv) => {
    seen = argv;
    return Promise.resolve();
  };
  await yargs(args)
    .command(reportCommand(run))
    .strict()
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  if (!seen) throw new Error('the report command did not run');
  return seen;
}

describe('cisfleet report command line', () => {
  it('takes every flag of the issue', async () => {
    const argv = await parse([
      'report',
      '--source',
      'aggregator',
      '--drift',
      '--format',
      'html',
      '--output',
      'r.html',
      '--fail-on',
      'noncompliant',
      'error',
      '--compare',
      'last.json',
    ]);
    expect(argv).toMatchObject({
      source: 'aggregator',
      drift: true,
      format: 'html',
      output: 'r.html',
      failOn: ['noncompliant', 'error'],
      compare: 'last.json',
    });
  });

  it('refuses unknown sources, formats and fail-on conditions', async () => {
    await expect(parse(['report', '--source', 'everywhere'])).rejects.toThrow(/source/);
    await expect(parse(['report', '--format', 'pdf'])).rejects.toThrow(/format/);
    await expect(parse(['report', '--fail-on', 'warnings'])).rejects.toThrow(/fail-on/);
  });
});
