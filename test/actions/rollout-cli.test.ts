import { describe, it, expect } from '@jest/globals';
import yargs from 'yargs';
import { withGlobalOptions } from '../../src/cli/global-options.js';
import { rolloutCommand } from '../../src/cli/commands/rollout.js';
import { statusCommand } from '../../src/cli/commands/status.js';
import type { CommandRunner } from '../../src/cli/main.js';
import { createCommandContext } from '../../src/cli/command-context.js';

/** Parses a command line with the rollout and status commands; returns the argv the runner got and its globals. */
async function parse(args: string[]) {
  let seen: Record<string, unknown> | undefined;
  const run: CommandRunner = (argv) => {
    seen = argv;
    return Promise.resolve();
  };
  await withGlobalOptions(yargs(args))
    .command(rolloutCommand(run))
    .command(statusCommand(run))
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync();
  return { argv: seen!, globals: createCommandContext(seen!).globals };
}

describe('rollout and status command lines', () => {
  it('--region may repeat under rollout and never reaches the client factory as a list', async () => {
    const { globals } = await parse(['rollout', '--region', 'us-east-1', '--region', 'eu-west-1', '--dry-run']);
    expect(globals.region).toBeUndefined();
  });

  it('--retain-stacks needs --remove', async () => {
    await expect(parse(['rollout', '--retain-stacks'])).rejects.toThrow(/--retain-stacks goes with --remove/);
  });

  it('status needs --operation', async () => {
    await expect(parse(['status'])).rejects.toThrow(/operation/);
  });
});
