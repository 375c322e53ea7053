/**
 * The plan file is data: `rollout --dry-run --out plan.json` writes the same bytes whether cisfleet runs on a
 * terminal (colour on) or through a pipe. The built CLI runs twice against one simulator, once on a real
 * pseudo-terminal (script(1)) and once piped, with colour left to the environment as a user's shell leaves it.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RolloutPlan } from '../../src/planning/rollout-plan.js';
import { spawnCli } from '../helpers/cli-child.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

let sim: TestSimulator | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

/** Each run starts the built CLI in its own process on a shared machine: start-up alone takes seconds under load. */
const PROCESS_TEST_MS = 120_000;

/** Runs `cisfleet rollout --dry-run --out FILE` and returns what it printed; fails the test on a non-zero exit. */
async function dryRun(config: string, out: string, terminal: boolean): Promise<string> {
  const keys = sim!.credentialsFor('admin');
  const cli = spawnCli(['rollout', '--dry-run', '--out', out, '--config', config, '--endpoint-url', sim!.url], {
    terminal,
    // A user's colour terminal: nothing in the environment turns colour off (spawn drops undefined values).
    env: {
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_REGION: 'us-east-1',
      TERM: 'xterm-256color',
      NO_COLOR: undefined,
      FORCE_COLOR: undefined,
      CI: undefined,
    },
  });
  const { code } = await cli.exited;
  expect({ terminal, code, output: cli.stdout() + cli.stderr() }).toMatchObject({ code: 0 });
  return cli.stdout();
}

describe('cisfleet rollout --dry-run --out plan.json', () => {
  it(
    'writes byte-identical plans on a pseudo-terminal and through a pipe, template changes included, no escape code',
    async () => {
      sim = await startTestSimulator(
        orgBuilder()
          .regions('us-east-1', 'eu-west-1')
          .account('222222222222', { ou: 'Workloads' })
          .account('333333333333', { ou: 'Workloads' }),
      );
      const dir = mkdtempSync(join(tmpdir(), 'cisfleet-plan-terminal-'));
      const config = join(dir, 'accounts.yaml');
      writeFileSync(
        config,
        stringify({
          version: 1,
          organization: { managementAccountId: '111111111111', homeRegion: 'us-east-1' },
          targets: { organizationalUnits: ['/Root/Workloads'], includeManagementAccount: false },
          regions: ['us-east-1', 'eu-west-1'],
        }),
      );
      const onTerminal = join(dir, 'terminal-plan.json');
      const piped = join(dir, 'piped-plan.json');

      const screen = await dryRun(config, onTerminal, true);
      await dryRun(config, piped, false);

      // The terminal run did print in colour, the diff's markers included: colour is applied when printing.
      expect(screen).toContain('\u001b[32m[+]');
      const terminalBytes = readFileSync(onTerminal);
      const pipedBytes = readFileSync(piped);
      expect(terminalBytes.includes(0x1b)).toBe(false);
      expect(terminalBytes.toString('utf8')).toBe(pipedBytes.toString('utf8'));
      expect(terminalBytes.equals(pipedBytes)).toBe(true);
      const plan = JSON.parse(terminalBytes.toString('utf8')) as RolloutPlan;
      expect(plan.stackSet.changes.template?.diffText).toMatch(/^Resources\n\[\+\] AWS::/);
      expect(plan.stackSet.changes.template?.resources).toContainEqual(
        expect.objectContaining({ type: 'AWS::Config::ConfigRule', change: 'add', impact: 'WILL_CREATE' }),
      );
    },
    PROCESS_TEST_MS,
  );
});
