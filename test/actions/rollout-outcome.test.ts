/**
 * One honest outcome model: an operation whose failing instance exceeds the failure tolerance cancels the
 * rest, and the summary, --json, `cisfleet status` and the exit code all count succeeded, failed, cancelled
 * and skipped (suspended) instances exactly as AWS's stack instance statuses say.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { showStatus } from '../../src/actions/status.js';
import type { CommandContext } from '../../src/cli/command-context.js';
import { EXIT_CODES } from '../../src/errors.js';
import type { OutcomeCounts } from '../../src/model/operation-outcome.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import { spawnCli } from '../helpers/cli-child.js';
import { fakeClock } from '../helpers/fake-clock.js';
import {
  demoScenario,
  rolloutHarness,
  SHIPPED_CONFIG,
  withoutControlTower,
  writeConfig,
  type RolloutHarness,
} from './rollout-fixtures.js';
import { at } from '../helpers/elements.js';

const STACK_SET = 'cisfleet-cis-remediation';
const FAILING = '444444444444';
/** Has its instances from the first rollout; suspended before the failing one, so AWS skips it. */
const SUSPENDED = '999999999999';

/** One instance at a time, regions one after the other, no failure tolerated: the first failure cancels the rest. */
const STRICT_CONFIG = SHIPPED_CONFIG.replace('maxAccessKeyAge: 90', 'maxAccessKeyAge: 75')
  .replace('regionConcurrencyType: PARALLEL', 'regionConcurrencyType: SEQUENTIAL')
  .replace('maxConcurrentPercentage: 25', 'maxConcurrentCount: 1')
  .replace('failureTolerancePercentage: 10', 'failureToleranceCount: 0');

describe('rollout outcomes: failed, cancelled and skipped instances', () => {
  let h: RolloutHarness;

  beforeAll(async () => {
    // Without Control Tower, the failing account needs no override: its instances share the first operation.
    h = await rolloutHarness(demoScenario(withoutControlTower));
    expect((await h.run()).exitCode).toBe(EXIT_CODES.partial); // the demo's unreachable account
    h.sim.world.org.accounts.get(SUSPENDED)!.state = 'SUSPENDED';
  });
  afterAll(async () => {
    h.sim.world.faults.failingInstances = [];
    await h.stop();
  });

  /** What AWS says each instance's last operation did: the DetailedStatus of the instances it touched. */
  function countsInAws(operationId: string): OutcomeCounts {
    const set = h.sim.world.stackSetsIn('us-east-1').get(STACK_SET)!;
    const touched = [...set.instances.values()].filter((i) => i.lastOperationId === operationId);
    const having = (status: string) => touched.filter((i) => i.detailedStatus === status).length;
    return {
      succeeded: having('SUCCEEDED'),
      failed: having('FAILED'),
      cancelled: having('CANCELLED'),
      skipped: having('SKIPPED_SUSPENDED_ACCOUNT'),
      unfinished: 0,
    };
  }

  it('counts each outcome as AWS does in the summary, --json and status; exit 3', async () => {
    h.sim.world.faults.failingInstances = [
      { accountId: FAILING, reason: `Account ${FAILING}: SCP denies config:PutConfigRule` },
    ];
    const config = writeConfig(STRICT_CONFIG);
    const run = await h.run({}, { config });
    h.sim.world.faults.failingInstances = [];

    const update = at(run.outcome!.operations, 0, 'operation');
    const operationId = at(update.operationIds, 0, 'operation id');
    const expected = countsInAws(operationId);
    // The scenario does what it is for: a failure, instances cancelled after it, the suspended account skipped.
    expect(expected.failed).toBeGreaterThanOrEqual(1);
    expect(expected.cancelled).toBeGreaterThanOrEqual(1);
    expect(expected.skipped).toBe(2);

    // --json prints the outcome's operations as they are here.
    const json = JSON.parse(JSON.stringify(run.outcome!.operations[0])) as typeof update;
    expect(json).toMatchObject({ kind: 'update-stack-set', status: 'FAILED', verdict: 'failed', counts: expected });
    expect(json.cancelled).toHaveLength(expected.cancelled);
    expect(json.skipped.map((r) => r.account)).toEqual([SUSPENDED, SUSPENDED]);

    // The summary: every count, and every cancelled account × region listed, not counted as succeeded.
    const summary = run.reporter.stdout.join('\n');
    const total = expected.succeeded + expected.failed + expected.cancelled + expected.skipped;
    expect(summary).toContain(
      `FAILED UpdateStackSet ${operationId}: ${expected.succeeded} succeeded, ${expected.failed} failed, ${expected.cancelled} cancelled, ${expected.skipped} skipped (suspended account) of ${total}`,
    );
    expect(summary).toContain(`Cancelled (${expected.cancelled}), not attempted`);
    for (const r of update.cancelled) expect(summary).toContain(`  ${r.account} ${r.region}: `);
    expect(summary).toMatch(
      new RegExp(
        `Failed \\(${expected.failed}\\):\\n  ${FAILING} (us-east-1|eu-west-1): Account ${FAILING}: SCP denies`,
      ),
    );
    expect(run.exitCode).toBe(EXIT_CODES.partial);

    // cisfleet status says the same, in text and in --json.
    for (const json of [false, true]) {
      const reporter = new RecordingReporter({
        json,
        color: false,
        interactive: false,
        verbose: false,
        debug: false,
        progress: false,
      });
      const context: CommandContext = {
        reporter,
        globals: { config, json, verbose: false, debug: false, yes: true, color: false },
        clock: fakeClock(h.sim.clock),
      };
      const exitCode = await showStatus(
        context,
        { operationId, watch: false },
        { endpoint: h.sim.url, credentials: h.sim.credentialsFor('admin') },
      );
      expect(exitCode).toBe(EXIT_CODES.partial);
      if (json) {
        expect(reporter.jsonValues[0]).toMatchObject({ verdict: 'failed', counts: expected });
      } else {
        expect(reporter.stdout[1]).toContain(
          `FAILED: ${expected.succeeded} succeeded, ${expected.failed} failed, ${expected.cancelled} cancelled, ${expected.skipped} skipped`,
        );
        expect(reporter.stdout.filter((l) => l.startsWith('  CANCELLED '))).toHaveLength(expected.cancelled);
      }
    }
  });

  it('a rerun that only cancels and fails says none succeeded', async () => {
    h.sim.world.faults.failingInstances = [{ accountId: FAILING, reason: `Account ${FAILING}: still denied` }];
    const run = await h.run({}, { config: writeConfig(STRICT_CONFIG) });
    h.sim.world.faults.failingInstances = [];

    const first = at(run.outcome!.operations, 0, 'operation');
    const expected = countsInAws(at(first.operationIds, 0, 'operation id'));
    expect(first.counts).toEqual(expected);
    expect(first.verdict).toBe(expected.failed > 0 ? 'failed' : 'cancelled');
    expect(run.reporter.stdout.join('\n')).toContain(`: ${expected.succeeded} succeeded, ${expected.failed} failed`);
    expect(run.exitCode).toBe(EXIT_CODES.partial);
  });

  it('the progress display marks a failed operation ✖ with its counts (the built CLI, piped)', async () => {
    h.sim.world.faults.failingInstances = [{ accountId: FAILING, reason: `Account ${FAILING}: denied once more` }];
    const keys = h.sim.credentialsFor('admin');
    const cli = spawnCli(['rollout', '--yes', '--config', writeConfig(STRICT_CONFIG), '--endpoint-url', h.sim.url], {
      env: {
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_REGION: 'us-east-1',
      },
    });
    // The child sleeps in real time; simulated time moves here so its operations end.
    const clock = setInterval(() => h.sim.clock.advance(1000), 20);
    const { code } = await cli.exited.finally(() => clearInterval(clock));
    h.sim.world.faults.failingInstances = [];

    expect(cli.stderr()).toMatch(/^✖ .*\[FAILED: FAILED .*: \d+ succeeded, [1-9]\d* failed/m);
    expect(cli.stderr()).not.toMatch(/^✔ .*[1-9]\d* failed/m);
    expect(code).toBe(EXIT_CODES.partial);
  }, 120_000);
});
