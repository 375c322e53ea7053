import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { EXIT_CODES } from '../../src/errors.js';
import { showStatus } from '../../src/actions/status.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import type { CommandContext } from '../../src/cli/command-context.js';
import { rolloutHarness, writeConfig, type RolloutHarness } from './rollout-fixtures.js';
import { fakeClock } from '../helpers/fake-clock.js';

describe('cisfleet status --operation', () => {
  let h: RolloutHarness;
  let config: string;
  let operationId: string;

  const status = async (watch: boolean) => {
    const reporter = new RecordingReporter();
    const context: CommandContext = {
      reporter,
      globals: { config, json: false, verbose: true, debug: false, yes: true, color: false },
      clock: fakeClock(h.sim.clock),
    };
    const exitCode = await showStatus(
      context,
      { operationId, watch },
      {
        endpoint: h.sim.url,
        credentials: h.sim.credentialsFor('admin'),
        polling: { initialMs: 50, maxMs: 500, factor: 2 },
      },
    );
    return { exitCode, out: reporter.stdout.join('\n'), err: reporter.stderr.join('\n') };
  };

  beforeAll(async () => {
    h = await rolloutHarness();
    config = writeConfig();
    // A first rollout interrupted while it waits: its operation keeps running.
    const controller = new AbortController();
    const error = (await h
      .run(
        {},
        {
          config,
          overrides: { signal: controller.signal },
          clock: fakeClock(h.sim.clock, { onSleep: () => controller.abort() }),
        },
      )
      .catch((e: unknown) => e)) as Error;
    operationId = /operation ([0-9a-f-]{36})/.exec(error.message)![1]!;
  });
  afterAll(async () => {
    await h.stop();
  });

  it('shows a running operation with per-region counts and how to wait for it', async () => {
    const { exitCode, out, err } = await status(false);
    expect(out).toMatch(new RegExp(`Operation ${operationId} \\(CREATE\\) on cisfleet-cis-remediation: RUNNING · `));
    expect(out).toMatch(/us-east-1: \d+ done, 0 failed, \d+ running/);
    expect(err).toContain('--watch');
    expect(exitCode).toBe(EXIT_CODES.ok);
  });

  it('--watch waits for it to end and reports every result', async () => {
    const { exitCode, out } = await status(true);
    expect(out).toMatch(/: SUCCEEDED · /);
    expect(out).not.toMatch(/running, \d+ pending/);
    expect(out).toMatch(/eu-west-1: [1-9]\d* done, 0 failed, 0 running/);
    expect(exitCode).toBe(EXIT_CODES.ok);
  });
});
