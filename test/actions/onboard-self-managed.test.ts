/**
 * `cisfleet onboard` with a SELF_MANAGED stack set: there is no auto-deployment, so onboard creates the
 * account's instances itself, by account id, after `cisfleet rollout` made the stack set.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { onboard, type OnboardOptions } from '../../src/actions/onboard.js';
import type { CommandContext } from '../../src/cli/command-context.js';
import { EXIT_CODES, isCisfleetError } from '../../src/errors.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import { rolloutHarness, writeConfig, type RolloutHarness } from './rollout-fixtures.js';
import { EXECUTION_ROLE, selfManagedConfig, selfManagedScenario } from './self-managed-fixtures.js';
import { fakeClock } from '../helpers/fake-clock.js';

const STACK_SET = 'cisfleet-cis-remediation';
const REGIONS = ['us-east-1', 'eu-west-1'];
/** In /Root/Sandbox, excluded at the first rollout: targeted now, without instances. */
const IN_TARGETED_OU = '999999999999';
/** At the root, not targeted: onboarded with --ou into /Root/Sandbox. */
const AT_ROOT = '161616161616';
/** At the root, member role only. */
const WITHOUT_EXECUTION_ROLE = '151515151515';

describe('cisfleet onboard with a SELF_MANAGED stack set', () => {
  let h: RolloutHarness;
  const config = writeConfig(selfManagedConfig());

  const instancesOf = (accountId: string) => {
    const set = h.sim.world.stackSetsIn('us-east-1').get(STACK_SET)!;
    return [...set.instances.values()]
      .filter((i) => i.accountId === accountId)
      .sort((a, b) => a.region.localeCompare(b.region));
  };

  /** Runs the onboard action against the simulator, on simulated time; returns the exit code and the calls it made. */
  const run = async (options: Partial<OnboardOptions>) => {
    const reporter = new RecordingReporter();
    const context: CommandContext = {
      reporter,
      globals: { config, json: false, verbose: true, debug: false, yes: true, color: false },
      clock: fakeClock(h.sim.clock),
    };
    const before = new Map(h.sim.world.calls);
    let exitCode: number;
    let error: unknown;
    try {
      exitCode = await onboard(
        context,
        { allPending: false, dryRun: false, ...options },
        {
          endpoint: h.sim.url,
          credentials: h.sim.credentialsFor('admin'),
          timeouts: { autoDeploymentMs: 60_000, firstResultsMs: 30_000, firstResultsPollMs: 5_000 },
        },
      );
    } catch (e) {
      error = e;
      exitCode = isCisfleetError(e) ? e.exitCode : -1;
    }
    const calls = [...h.sim.world.calls]
      .map(([key, n]) => [key, n - (before.get(key) ?? 0)] as const)
      .filter(([, n]) => n > 0);
    const writes = Object.fromEntries(calls.filter(([key]) => /:(Create|Update|Delete|Move|Start|Put)/.test(key)));
    return { exitCode, error, reporter, writes, calls: Object.fromEntries(calls) };
  };

  beforeAll(async () => {
    h = await rolloutHarness(
      selfManagedScenario(
        [
          { id: AT_ROOT, name: 'Research', email: 'research@example.com' },
          { id: WITHOUT_EXECUTION_ROLE, name: 'No Execution Role', email: 'no-exec@example.com' },
        ],
        [WITHOUT_EXECUTION_ROLE],
      ),
    );
    // The stack set as `cisfleet rollout` leaves it, without the account onboarded below.
    const rollout = await h.run({}, { config: writeConfig(selfManagedConfig({ excludeAccounts: [IN_TARGETED_OU] })) });
    expect(rollout.exitCode).toBe(EXIT_CODES.ok);
    expect(instancesOf(IN_TARGETED_OU)).toEqual([]);
  });
  afterAll(() => h.stop());

  it('onboards an account of a targeted OU: creates its instances by account id and ends CURRENT', async () => {
    const { exitCode, error, writes, reporter } = await run({ accountId: IN_TARGETED_OU });

    expect(error).toBeUndefined();
    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(instancesOf(IN_TARGETED_OU).map((i) => [i.region, i.status, i.detailedStatus])).toEqual([
      ['eu-west-1', 'CURRENT', 'SUCCEEDED'],
      ['us-east-1', 'CURRENT', 'SUCCEEDED'],
    ]);
    // No auto-deployment exists: onboard created the instances, addressed by account id alone.
    expect(writes['cloudformation:CreateStackInstances']).toBe(1);
    const create = [...h.sim.world.stackSetsIn('us-east-1').get(STACK_SET)!.operations.values()].at(-1)!;
    expect(create).toMatchObject({ action: 'CREATE', status: 'SUCCEEDED', isAutoDeployment: false });
    expect(create.deploymentTargets).toMatchObject({ accounts: [IN_TARGETED_OU], organizationalUnitIds: [] });
    expect(writes['config:StartConfigRulesEvaluation']).toBe(REGIONS.length);
    expect(reporter.stderr.join('\n')).toMatch(
      new RegExp(`Onboarded Account ${IN_TARGETED_OU}.*created instances in ${REGIONS.join(', ')}`),
    );
  });

  it('re-running on the onboarded account verifies and writes nothing', async () => {
    const { exitCode, writes, reporter } = await run({ accountId: IN_TARGETED_OU });
    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(writes).toEqual({});
    expect(reporter.stderr.join('\n')).toContain('was already onboarded: verified, nothing changed');
  });

  it('moves an account from the root into a targeted OU, then creates its instances itself', async () => {
    const { exitCode, error, writes } = await run({ accountId: AT_ROOT, ou: '/Root/Sandbox' });

    expect(error).toBeUndefined();
    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(writes['organizations:MoveAccount']).toBe(1);
    expect(writes['cloudformation:CreateStackInstances']).toBe(1);
    expect(instancesOf(AT_ROOT).map((i) => i.status)).toEqual(['CURRENT', 'CURRENT']);
    // Nothing waited for an auto-deployment that cannot come.
    const operations = [...h.sim.world.stackSetsIn('us-east-1').get(STACK_SET)!.operations.values()];
    expect(operations.some((op) => op.isAutoDeployment)).toBe(false);
  });

  it('an account without the execution role stops at preflight with the fix, before any stack instance is made', async () => {
    const { exitCode, error, writes } = await run({ accountId: WITHOUT_EXECUTION_ROLE, ou: '/Root/Sandbox' });

    expect(exitCode).toBe(EXIT_CODES.failure);
    const message = (error as Error).message;
    expect(message).toContain('failed at step "Preflight: existing Config recorders"');
    expect(message).toContain(
      `the StackSets execution role ${EXECUTION_ROLE} does not exist: create it, trusting account 111111111111`,
    );
    expect(message).toContain(
      `resume with \`cisfleet onboard --account ${WITHOUT_EXECUTION_ROLE} --ou /Root/Sandbox\``,
    );
    expect(writes['cloudformation:CreateStackInstances']).toBeUndefined();
  });

  it('refuses the management account before any write (exit 2): rollout deploys it as a plain stack', async () => {
    const { exitCode, error, writes } = await run({ accountId: '111111111111' });
    expect(exitCode).toBe(EXIT_CODES.usage);
    expect((error as Error).message).toContain('cisfleet rollout deploys it as a plain stack');
    expect((error as Error).message).not.toMatch(/service-managed/);
    expect(writes).toEqual({});
  });
});
