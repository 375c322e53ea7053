import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { onboard, type OnboardOptions, type OnboardOverrides } from '../../src/actions/onboard.js';
import { AwsClientFactory } from '../../src/aws/client-factory.js';
import { StackSetsGateway } from '../../src/aws/stacksets-gateway.js';
import type { CommandContext } from '../../src/cli/command-context.js';
import { parseConfigText } from '../../src/config/load-config.js';
import type { CisfleetConfig } from '../../src/config/schema.js';
import { EXIT_CODES, isCisfleetError } from '../../src/errors.js';
import { OnboardStepError } from '../../src/execution/onboard-steps.js';
import { desiredStackSet } from '../../src/planning/desired-stackset.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import type { ComplianceReport } from '../../src/report/model.js';
import {
  orgBuilder,
  simClientFactory,
  startTestSimulator,
  type OrgBuilder,
  type TestSimulator,
} from '../helpers/sim.js';
import { at } from '../helpers/elements.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';

const STACKSETS = 'member.org.stacksets.cloudformation.amazonaws.com';
const REGIONS = ['us-east-1', 'eu-west-1'];
const ONBOARDED = '222222222222';
const PENDING_IN_OU = '282828282828';
const AT_ROOT = '333333333333';
const WITH_RECORDER = '444444444444';
const FAILING = '555555555555';
const DRY_RUN = '777777777777';
const INTERRUPTED = '888888888888';

/** accounts.yaml for these tests: Workloads and Sandbox targeted, ManagedExecution off so conflicts are refused. */
function configFor(extra: Record<string, unknown> = {}): string {
  return stringify({
    version: 1,
    organization: { managementAccountId: '111111111111', homeRegion: 'us-east-1' },
    targets: { organizationalUnits: ['/Root/Workloads', '/Root/Sandbox'], includeManagementAccount: false, ...extra },
    regions: REGIONS,
    stackSet: { managedExecution: false },
  });
}

/** A simulator with the stack set rolled out to Workloads (and Sandbox, empty), as `cisfleet rollout` leaves it. */
class OnboardWorld {
  sim!: TestSimulator;
  config!: CisfleetConfig;
  configPath!: string;
  private dir!: string;
  private factory!: AwsClientFactory;
  stackSets!: StackSetsGateway;

  async start(builder: OrgBuilder, configText = configFor()): Promise<void> {
    this.sim = await startTestSimulator(
      builder
        .regions(...REGIONS)
        .with({ organization: { managementAccount: { id: '111111111111' }, trustedAccess: [STACKSETS] } }),
    );
    this.dir = mkdtempSync(join(tmpdir(), 'cisfleet-onboard-'));
    this.configPath = join(this.dir, 'accounts.yaml');
    writeFileSync(this.configPath, configText);
    this.config = parseConfigText(configText, 'accounts.yaml').config;
    this.factory = simClientFactory(this.sim, { maxAttempts: 1 });
    this.stackSets = new StackSetsGateway(this.factory, {
      region: 'us-east-1',
      callAs: 'SELF',
      clock: fakeClock(this.sim.clock),
    });
    const desired = desiredStackSet(this.config, loadRemediationTemplate());
    await this.stackSets.createStackSet(desired.spec);
    const rollout = await this.stackSets.createInstances(
      desired.spec.name,
      {
        organizationalUnitIds: [this.ou('Workloads'), this.ou('Sandbox')],
        accounts: [ONBOARDED],
        accountFilterType: 'INTERSECTION',
      },
      REGIONS,
      { maxConcurrentPercentage: 100, failureTolerancePercentage: 0 },
    );
    for (const id of rollout.operationIds)
      expect((await this.stackSets.waitForOperation(desired.spec.name, id)).status).toBe('SUCCEEDED');
  }

  async stop(): Promise<void> {
    this.factory?.destroy();
    await this.sim?.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  ou(name: string): string {
    return [...this.sim.world.org.ous.values()].find((u) => u.name === name)!.id;
  }

  /** Runs the action against the simulator, on simulated time (a fake clock on the simulator's). */
  async run(
    options: Partial<OnboardOptions>,
    overrides: OnboardOverrides = {},
    json = false,
    clock: FakeClock = fakeClock(this.sim.clock),
  ) {
    const reporter = new RecordingReporter({
      json,
      color: false,
      interactive: false,
      verbose: true,
      debug: false,
      progress: false,
    });
    const context: CommandContext = {
      reporter,
      globals: { config: this.configPath, json, verbose: false, debug: false, yes: true, color: false },
      clock,
    };
    const admin = this.sim.credentialsFor('admin');
    const all: OnboardOverrides = {
      endpoint: this.sim.url,
      credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
      timeouts: { autoDeploymentMs: 60_000, firstResultsMs: 30_000, firstResultsPollMs: 5_000, ...overrides.timeouts },
      ...overrides,
    };
    const before = new Map(this.sim.world.calls);
    const full: OnboardOptions = { allPending: false, dryRun: false, ...options };
    let exitCode: number;
    let error: unknown;
    try {
      exitCode = await onboard(context, full, all);
    } catch (e) {
      error = e;
      exitCode = isCisfleetError(e) ? e.exitCode : -1;
    }
    const calls = Object.fromEntries(
      [...this.sim.world.calls].map(([key, n]) => [key, n - (before.get(key) ?? 0)] as const).filter(([, n]) => n > 0),
    );
    const writes = Object.fromEntries(
      Object.entries(calls).filter(([key]) => /:(Create|Update|Delete|Move|Start|Put)/.test(key)),
    );
    return { exitCode, error, reporter, calls, writes };
  }

  instancesOf(accountId: string) {
    const set = this.sim.world.stackSetsIn('us-east-1').get(this.config.stackSet.name)!;
    return [...set.instances.values()]
      .filter((i) => i.accountId === accountId)
      .sort((a, b) => a.region.localeCompare(b.region));
  }
}

/** The rows of the first account's report in `--json` output. */
const reportRows = (json: unknown): ComplianceReport['rows'] =>
  at((json as { accounts: Array<{ report: ComplianceReport }> }).accounts, 0, 'account').report.rows;

describe('cisfleet onboard against the simulator', () => {
  const w = new OnboardWorld();

  beforeAll(async () => {
    await w.start(
      orgBuilder()
        .account(ONBOARDED, { ou: 'Workloads', regions: { 'us-east-1': { defaultSecurityGroup: 'open' } } })
        .account(PENDING_IN_OU, { ou: 'Workloads' })
        .ou('Sandbox')
        .ou('Staging')
        .account(AT_ROOT, { email: 'taken@example.com', regions: { 'us-east-1': { defaultSecurityGroup: 'open' } } })
        .account(WITH_RECORDER, { allRegions: { configRecorder: 'controlTower' } })
        .account(FAILING)
        .account(DRY_RUN)
        .account(INTERRUPTED)
        .faults({
          failingInstances: [
            {
              accountId: FAILING,
              region: 'eu-west-1',
              reason: 'Account 555555555555: SCP denies config:PutConfigRule',
            },
          ],
        })
        .timing({ createAccountMs: 60_000, newAccountRoleDelayMs: 120_000 }),
    );
  });

  afterAll(() => w.stop());

  it('moves an existing account into its OU, lets auto-deployment deploy it, evaluates and reports it', async () => {
    const { exitCode, reporter, writes } = await w.run({ accountId: AT_ROOT, ou: '/Root/Sandbox' });

    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(w.sim.world.org.accounts.get(AT_ROOT)!.parentId).toBe(w.ou('Sandbox'));
    expect(w.instancesOf(AT_ROOT).map((i) => [i.region, i.status])).toEqual([
      ['eu-west-1', 'CURRENT'],
      ['us-east-1', 'CURRENT'],
    ]);
    // Auto-deployment made the instances: onboard created none itself.
    expect(writes['organizations:MoveAccount']).toBe(1);
    expect(writes['cloudformation:CreateStackInstances']).toBeUndefined();
    expect(writes['config:StartConfigRulesEvaluation']).toBe(REGIONS.length);
    // The report is the account's, with the open default group found by its first evaluation.
    expect(reporter.stdout.join('\n')).toContain(AT_ROOT);
    expect(reporter.stderr.join('\n')).toMatch(/Onboarded Account 333333333333.*moved from \/Root to \/Root\/Sandbox/);
  });

  it('re-running on an onboarded account verifies and reports, and writes nothing', async () => {
    const { exitCode, reporter, writes } = await w.run({ accountId: ONBOARDED });
    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(writes).toEqual({});
    expect(reporter.stderr.join('\n')).toContain('was already onboarded: verified, nothing changed');
    expect(reporter.stdout.join('\n')).toContain(ONBOARDED);
  });

  it('--json prints the outcome with the account report: one row per region, compliance evaluated', async () => {
    const { exitCode, reporter } = await w.run({ accountId: ONBOARDED }, {}, true);
    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(reporter.jsonValues).toHaveLength(1);
    expect(reporter.jsonValues[0]).toMatchObject({
      version: 1,
      dryRun: false,
      accounts: [{ accountId: ONBOARDED, status: 'verified', changes: [] }],
    });
    const rows = reportRows(reporter.jsonValues[0]);
    expect(rows.map((r) => [r.region, r.status, r.instance.state])).toEqual([
      ['us-east-1', 'OK', 'CURRENT'],
      ['eu-west-1', 'OK', 'CURRENT'],
    ]);
    expect(rows[0]!.controls['default-sg-closed'].state).toBe('evaluated');
  });

  it('gives an account with an existing recorder instances that do not create one (CreateConfigRecorder=false)', async () => {
    const { exitCode, writes } = await w.run({ accountId: WITH_RECORDER, ou: '/Root/Sandbox' });
    expect(exitCode).toBe(EXIT_CODES.ok);
    const instances = w.instancesOf(WITH_RECORDER);
    expect(instances.map((i) => [i.status, i.parameterOverrides.CreateConfigRecorder])).toEqual([
      ['CURRENT', 'false'],
      ['CURRENT', 'false'],
    ]);
    // Auto-deployment deployed without the override; onboard set it on the instances it found.
    expect(writes['cloudformation:UpdateStackInstances']).toBeGreaterThanOrEqual(1);
    expect(writes['cloudformation:CreateStackInstances']).toBeUndefined();
  });

  it('creates an account, waits for its creation and for its role, then onboards it', async () => {
    const { exitCode, writes, calls, reporter } = await w.run({
      create: { name: 'data-science', email: 'ds@example.com' },
      ou: '/Root/Sandbox',
    });
    expect(exitCode).toBe(EXIT_CODES.ok);
    const created = [...w.sim.world.org.accounts.values()].find((a) => a.name === 'data-science')!;
    expect(created.parentId).toBe(w.ou('Sandbox'));
    expect(w.instancesOf(created.id).every((i) => i.status === 'CURRENT')).toBe(true);
    expect(writes['organizations:CreateAccount']).toBe(1);
    // The role was refused for a while (IAM propagation) before it worked.
    expect(calls['sts:AssumeRole']).toBeGreaterThan(2);
    expect(reporter.stderr.join('\n')).toMatch(
      new RegExp(`Onboarded Account ${created.id}.*created account ${created.id}`),
    );

    // Running the same command again finds the account by email and name: nothing is created twice.
    const again = await w.run({ create: { name: 'data-science', email: 'ds@example.com' }, ou: '/Root/Sandbox' });
    expect(again.exitCode).toBe(EXIT_CODES.ok);
    expect(again.writes).toEqual({});
  });

  it('--create stops waiting for first results once every rule has run, rules with nothing in scope included', async () => {
    // A new account has no IAM user and no world-open group: three of its rules have nothing to evaluate and
    // never get a COMPLIANT or NON_COMPLIANT result. The wait must not sit out its 10 minutes for them.
    const POLL_MS = 4_321;
    const clock = fakeClock(w.sim.clock);
    const { exitCode, reporter } = await w.run(
      { create: { name: 'empty-new', email: 'empty-new@example.com' }, ou: '/Root/Sandbox' },
      { timeouts: { firstResultsMs: 600_000, firstResultsPollMs: POLL_MS } },
      true,
      clock,
    );
    expect(exitCode).toBe(EXIT_CODES.ok);
    const outcome = reporter.jsonValues[0] as { accounts: Array<{ status: string; rulesWithoutResults: unknown[] }> };
    expect(outcome.accounts[0]).toMatchObject({ status: 'onboarded', rulesWithoutResults: [] });
    expect(reporter.stderr.join('\n')).not.toMatch(/had not finished a first evaluation/);
    // At most a couple of polls per region (600 s of polling would be 139 per region).
    expect(clock.sleeps.filter((ms) => ms === POLL_MS).length).toBeLessThanOrEqual(2 * REGIONS.length);
  });

  it('a wait flag it cannot read (--results-timeout soon) is a usage error before any call', async () => {
    const { exitCode, error, calls } = await w.run({ accountId: ONBOARDED, timeouts: { results: 'soon' } });
    expect(exitCode).toBe(EXIT_CODES.usage);
    expect(String(error)).toMatch(/--results-timeout takes a duration such as 90s, 30m or 4h, not "soon"/);
    expect(calls).toEqual({});
  });

  it('stops at the creation step with the failure reason in words when the email is taken', async () => {
    const { exitCode, error } = await w.run({
      create: { name: 'copycat', email: 'taken@example.com' },
      ou: '/Root/Sandbox',
    });
    expect(exitCode).toBe(EXIT_CODES.failure);
    expect(error).toBeInstanceOf(OnboardStepError);
    const message = (error as Error).message;
    expect(message).toContain('failed at step "Create account copycat"');
    expect(message).toMatch(/EMAIL_ALREADY_EXISTS.*already used by another AWS account/);
    expect(message).toContain(
      'resume with `cisfleet onboard --create --name "copycat" --email taken@example.com --ou /Root/Sandbox`',
    );
  });

  it('a creation that outlasts --creation-timeout names the request as done before it, and how to pick it up', async () => {
    const timing = w.sim.world.timing;
    const createAccountMs = timing.createAccountMs;
    timing.createAccountMs = 3_600_000;
    const { exitCode, error } = await w
      .run(
        { create: { name: 'slow-new', email: 'slow-new@example.com' }, ou: '/Root/Sandbox' },
        { timeouts: { creationMs: 60_000 } },
      )
      .finally(() => (timing.createAccountMs = createAccountMs));

    expect(exitCode).toBe(EXIT_CODES.failure);
    expect(error).toBeInstanceOf(OnboardStepError);
    const message = (error as Error).message;
    expect(message).toContain('failed at step "Create account slow-new"');
    // The step failed half-way: the request it made is still named as done.
    expect(message).toMatch(/Done before it: requested account creation car-[a-z0-9]+\./);
    expect((error as OnboardStepError).soFar.changes).toEqual([expect.stringMatching(/^requested account creation/)]);
    expect(message).toContain(
      'resume with `cisfleet onboard --create --name "slow-new" --email slow-new@example.com --ou /Root/Sandbox`',
    );
  });

  it('names the failed step, its reason and how to resume when an instance fails; the resumed run finishes', async () => {
    const { exitCode, error } = await w.run({ accountId: FAILING, ou: '/Root/Sandbox' });
    expect(exitCode).toBe(EXIT_CODES.failure);
    const message = (error as Error).message;
    expect(message).toContain(`failed at step "Stack instances of ${w.config.stackSet.name}"`);
    expect(message).toContain('eu-west-1: Account 555555555555: SCP denies config:PutConfigRule');
    expect(message).toContain('moved from /Root to /Root/Sandbox');
    expect(message).toContain(`resume with \`cisfleet onboard --account ${FAILING} --ou /Root/Sandbox\``);

    // The SCP is fixed; the same command picks up where it stopped (the account is already in place).
    w.sim.world.faults.failingInstances = [];
    const resumed = await w.run({ accountId: FAILING, ou: '/Root/Sandbox' });
    expect(resumed.exitCode).toBe(EXIT_CODES.ok);
    expect(resumed.writes['organizations:MoveAccount']).toBeUndefined();
    expect(w.instancesOf(FAILING).map((i) => i.status)).toEqual(['CURRENT', 'CURRENT']);
  });

  it('--dry-run only reads, and says what it would do', async () => {
    const { exitCode, writes, reporter } = await w.run({ accountId: DRY_RUN, ou: '/Root/Sandbox', dryRun: true });
    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(writes).toEqual({});
    expect(reporter.stderr.join('\n')).toMatch(
      /a real run would move from \/Root to \/Root\/Sandbox; let auto-deployment create the instances/,
    );
    expect(w.sim.world.org.accounts.get(DRY_RUN)!.parentId).toBe(w.sim.world.org.rootId);
  });

  it('refuses an OU outside the targets before calling anything that writes (exit 2)', async () => {
    const { exitCode, error, writes } = await w.run({ accountId: DRY_RUN, ou: '/Root/Staging' });
    expect(exitCode).toBe(EXIT_CODES.usage);
    expect((error as Error).message).toContain('/Root/Staging is not under any OU in targets.organizationalUnits');
    expect(writes).toEqual({});
  });

  it('--all-pending onboards every targeted account missing instances', async () => {
    const { exitCode, writes } = await w.run({ allPending: true });
    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(w.instancesOf(PENDING_IN_OU).map((i) => i.status)).toEqual(['CURRENT', 'CURRENT']);
    // Already in its OU and not auto-deployed: onboard created the instances (INTERSECTION).
    expect(writes['cloudformation:CreateStackInstances']).toBe(1);
  });

  it('Ctrl-C while waiting for the first results stops at once with exit 130, naming the step and how to resume', async () => {
    const interrupt = new AbortController();
    const POLL_MS = 4_321;
    const clock = fakeClock(w.sim.clock, {
      // The user presses Ctrl-C as the first-results wait begins to sleep between polls.
      onSleep: (ms) => {
        if (ms === POLL_MS) interrupt.abort();
      },
    });
    // Slow evaluations: the rules have not run yet when the wait begins, so it has to sleep.
    const timing = w.sim.world.timing;
    const evaluationMs = timing.configEvaluationMs;
    timing.configEvaluationMs = 3_600_000;
    const { exitCode, error } = await w
      .run(
        { accountId: INTERRUPTED, ou: '/Root/Sandbox' },
        { signal: interrupt.signal, timeouts: { firstResultsMs: 600_000, firstResultsPollMs: POLL_MS } },
        false,
        clock,
      )
      .finally(() => (timing.configEvaluationMs = evaluationMs));

    expect(exitCode).toBe(EXIT_CODES.interrupted);
    expect(error).toBeInstanceOf(OnboardStepError);
    expect((error as OnboardStepError).message).toMatch(
      /at step "Evaluate[^"]*": Stopped waiting for the first results of .* in 888888888888 us-east-1/,
    );
    expect((error as OnboardStepError).message).toContain(
      `cisfleet onboard --account ${INTERRUPTED} --ou /Root/Sandbox`,
    );
    // One poll interval was asked for, and nothing waited after the interrupt (600 s of polling would be 138 sleeps).
    expect(clock.sleeps.filter((ms) => ms === POLL_MS)).toEqual([POLL_MS]);
    // The evaluation had started: the account is deployed and moved, only the wait was cut short.
    expect(w.instancesOf(INTERRUPTED).map((i) => i.status)).toEqual(['CURRENT', 'CURRENT']);
  });
});

describe('cisfleet onboard racing an auto-deployment', () => {
  const w = new OnboardWorld();
  const RACER = '666666666666';

  beforeAll(async () => {
    // Slow instances: another operation holds the stack set for minutes, so the auto-deployment queues behind it.
    await w.start(
      orgBuilder()
        .account(ONBOARDED, { ou: 'Workloads' })
        .ou('Sandbox')
        .account(RACER)
        .timing({ stackInstanceMs: 60_000 }),
    );
  });

  afterAll(() => w.stop());

  it('moves while another operation runs, outwaits it and the queued auto-deployment, and ends CURRENT', async () => {
    const name = w.config.stackSet.name;
    const busy = await w.stackSets.updateInstances(
      name,
      { accounts: [ONBOARDED], organizationalUnitIds: [w.ou('Workloads')], accountFilterType: 'INTERSECTION' },
      REGIONS,
      {},
      {},
    );

    const { exitCode, error, calls } = await w.run(
      { accountId: RACER, ou: '/Root/Sandbox' },
      { timeouts: { autoDeploymentMs: 10_000 } },
    );

    expect(error).toBeUndefined();
    expect(exitCode).toBe(EXIT_CODES.ok);
    expect(w.instancesOf(RACER).map((i) => i.status)).toEqual(['CURRENT', 'CURRENT']);
    const operations = [...w.sim.world.stackSetsIn('us-east-1').get(name)!.operations.values()];
    // The auto-deployment did run (queued behind the update), and onboard's own create waited for both.
    expect(operations.filter((op) => op.isAutoDeployment).map((op) => op.status)).toEqual(['SUCCEEDED']);
    expect(operations.find((op) => op.operationId === busy.operationIds[0])!.status).toBe('SUCCEEDED');
    expect(calls['cloudformation:CreateStackInstances']).toBeGreaterThan(1);
    expect(operations.at(-1)).toMatchObject({ action: 'CREATE', status: 'SUCCEEDED', isAutoDeployment: false });
  });
});
