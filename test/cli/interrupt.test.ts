/**
 * Ctrl-C and SIGTERM as a user sends them: to a real `cisfleet` child process (the built CLI) that is waiting on
 * a stack set operation in the simulator. The simulator runs on a ManualClock that nobody advances, so every
 * operation the child starts stays RUNNING: the signal always arrives mid-operation.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  CloudFormationClient,
  DescribeStackSetOperationCommand,
  ListStackSetOperationsCommand,
} from '@aws-sdk/client-cloudformation';
import { StackSetsGateway } from '../../src/aws/stacksets-gateway.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { desiredStackSet } from '../../src/planning/desired-stackset.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { spawnCli, type CliChild } from '../helpers/cli-child.js';
import { orgBuilder, simClientFactory, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { fakeClock } from '../helpers/fake-clock.js';

const STACK_SET = 'cisfleet-cis-remediation';

let sim: TestSimulator | undefined;
let cfn: CloudFormationClient | undefined;
let child: CliChild | undefined;

afterEach(async () => {
  if (child && child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  cfn?.destroy();
  await sim?.stop();
  sim = cfn = child = undefined;
});

async function startSim(scenario: Parameters<typeof startTestSimulator>[0]): Promise<TestSimulator> {
  sim = await startTestSimulator(scenario);
  cfn = new CloudFormationClient(sim.clientConfig);
  return sim;
}

/** Runs `cisfleet ARGS` against the simulator with the admin's keys, as a user with exported credentials would. */
function cisfleet(args: readonly string[], options: { terminal?: boolean } = {}): CliChild {
  const keys = sim!.credentialsFor('admin');
  child = spawnCli([...args, '--endpoint-url', sim!.url], {
    terminal: options.terminal,
    // CI unset: on the pseudo-terminal the live display runs, as on a user's terminal.
    env: {
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_REGION: 'us-east-1',
      CI: '',
    },
  });
  return child;
}

/** The first RUNNING operation on the stack set other than `except`: the one the child started. */
async function runningOperation(cli: CliChild, except: readonly string[] = []): Promise<string> {
  let exited = false;
  void cli.exited.then(() => (exited = true));
  while (!exited) {
    const listed = await cfn!
      .send(new ListStackSetOperationsCommand({ StackSetName: STACK_SET }))
      .catch(() => undefined);
    const running = listed?.Summaries?.find((s) => s.Status === 'RUNNING' && !except.includes(s.OperationId!));
    if (running) return running.OperationId!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`cisfleet exited before it started an operation:\n${cli.stdout()}\n${cli.stderr()}`);
}

const operationStatus = async (operationId: string) =>
  (await cfn!.send(new DescribeStackSetOperationCommand({ StackSetName: STACK_SET, OperationId: operationId })))
    .StackSetOperation?.Status;

const operationCount = async () =>
  (await cfn!.send(new ListStackSetOperationsCommand({ StackSetName: STACK_SET }))).Summaries?.length ?? 0;

const STACKSETS_SERVICE = 'member.org.stacksets.cloudformation.amazonaws.com';
const DEPLOYED = '222222222222';
const PENDING = '282828282828';
const REGIONS = ['us-east-1', 'eu-west-1'];

/** A small organization (so the child reaches its operation quickly): two accounts in Workloads, two regions. */
const smallOrg = () =>
  orgBuilder()
    .regions(...REGIONS)
    .account(DEPLOYED, { ou: 'Workloads' })
    .account(PENDING, { ou: 'Workloads' })
    .with({ organization: { managementAccount: { id: '111111111111' }, trustedAccess: [STACKSETS_SERVICE] } });

/** accounts.yaml for it, in a fresh folder: Workloads targeted, the management account too (a plain stack after the instances). */
function smallConfig(): { path: string; text: string } {
  const text = stringify({
    version: 1,
    organization: { managementAccountId: '111111111111', homeRegion: 'us-east-1' },
    targets: { organizationalUnits: ['/Root/Workloads'], includeManagementAccount: true },
    regions: REGIONS,
    stackSet: { managedExecution: false },
  });
  const path = join(mkdtempSync(join(tmpdir(), 'cisfleet-interrupt-')), 'accounts.yaml');
  writeFileSync(path, text);
  return { path, text };
}

/** Each test runs the built CLI in its own process on a shared machine: start-up alone takes seconds under load. */
const PROCESS_TEST_MS = 120_000;

/** The exact command that follows the operation: this run's --config and --endpoint-url included. */
const resumeCommand = (operationId: string, config: string) =>
  `cisfleet status --operation ${operationId} --config ${config} --endpoint-url ${sim!.url}`;

describe('cisfleet rollout, interrupted mid-operation', () => {
  it(
    'SIGINT (piped): exits 130, names the running operation and the exact command to follow it; nothing new starts',
    async () => {
      await startSim(smallOrg());
      const config = smallConfig().path;
      const cli = cisfleet(['rollout', '--yes', '--config', config]);
      const operationId = await runningOperation(cli);
      const before = await operationCount();

      cli.process.kill('SIGINT');
      const { code } = await cli.exited;

      expect({ code, stderr: cli.stderr() }).toMatchObject({ code: 130 });
      expect(cli.stderr()).toContain(`operation ${operationId} keeps running in AWS`);
      expect(cli.stderr()).toContain(resumeCommand(operationId, config));
      // The operation is left to AWS, and no later step (the management account's stacks, more instances) started.
      expect(await operationStatus(operationId)).toBe('RUNNING');
      expect(await operationCount()).toBe(before);
      expect(sim!.world.calls.get('cloudformation:CreateStack') ?? 0).toBe(0);
    },
    PROCESS_TEST_MS,
  );

  it(
    'SIGINT with --json: stdout is one JSON document naming the operation left running',
    async () => {
      await startSim(smallOrg());
      const config = smallConfig().path;
      const cli = cisfleet(['rollout', '--yes', '--json', '--config', config]);
      const operationId = await runningOperation(cli);

      cli.process.kill('SIGINT');
      const { code } = await cli.exited;

      expect(code).toBe(130);
      const document = JSON.parse(cli.stdout()) as {
        interrupted?: { operationId: string; resumeCommand: string };
        plan?: { kind: string };
      };
      expect(document.plan?.kind).toBe('rollout');
      expect(document.interrupted).toEqual({ operationId, resumeCommand: resumeCommand(operationId, config) });
      expect(cli.stderr()).toContain(resumeCommand(operationId, config));
    },
    PROCESS_TEST_MS,
  );

  it(
    'SIGTERM: handled as Ctrl-C is, exit 143',
    async () => {
      await startSim(smallOrg());
      const config = smallConfig().path;
      const cli = cisfleet(['rollout', '--yes', '--config', config]);
      const operationId = await runningOperation(cli);

      cli.process.kill('SIGTERM');
      const { code, signal } = await cli.exited;

      expect({ code, signal }).toEqual({ code: 143, signal: null });
      expect(cli.stderr()).toContain(resumeCommand(operationId, config));
      expect(await operationStatus(operationId)).toBe('RUNNING');
    },
    PROCESS_TEST_MS,
  );

  it(
    'Ctrl-C on a real terminal (a pseudo-terminal): the live display ends with the cursor shown, exit 130, the resume command',
    async () => {
      await startSim(smallOrg());
      const config = smallConfig().path;
      const cli = cisfleet(['rollout', '--yes', '--config', config], { terminal: true });
      const operationId = await runningOperation(cli);

      cli.pressCtrlC();
      const { code } = await cli.exited;

      const screen = cli.stdout();
      expect({ code, tail: screen.slice(-600) }).toMatchObject({ code: 130 });
      // The animated display hid the cursor; the last word on the terminal shows it again.
      const hidden = screen.lastIndexOf('\u001B[?25l');
      expect(hidden).toBeGreaterThanOrEqual(0);
      expect(screen.lastIndexOf('\u001B[?25h')).toBeGreaterThan(hidden);
      expect(screen.replace(/\s*\r?\n\s*/g, ' ')).toContain(resumeCommand(operationId, config));
    },
    PROCESS_TEST_MS,
  );

  it(
    'a second Ctrl-C exits at once, while a call that the first one cannot cut short is still in flight',
    async () => {
      await startSim(smallOrg());
      // CreateStackInstances answers after a minute: the first Ctrl-C can only stop cisfleet once it returns.
      sim!.world.faults.latencyMs['cloudformation:CreateStackInstances'] = 60_000;
      const cli = cisfleet(['rollout', '--yes', '--config', smallConfig().path]);
      await cli.waitFor(/❯ CreateStackInstances/);

      cli.process.kill('SIGINT');
      await cli.waitFor(/stopping cleanly/);
      cli.process.kill('SIGINT');
      const { code } = await cli.exited;

      expect(code).toBe(130);
      expect(cli.stderr()).toMatch(/Interrupted \(SIGINT\): exiting now/);
    },
    PROCESS_TEST_MS,
  );
});

describe('cisfleet org, interrupted', () => {
  it(
    'a command with nothing running in AWS exits at once with 130',
    async () => {
      await startSim(smallOrg());
      sim!.world.faults.latencyMs['organizations:ListRoots'] = 60_000;
      const cli = cisfleet(['org', '--config', smallConfig().path]);
      await cli.waitFor(/Read the organization/);

      cli.process.kill('SIGINT');
      const { code } = await cli.exited;

      expect(code).toBe(130);
      expect(cli.stderr()).toMatch(/Interrupted \(SIGINT\): exiting now/);
    },
    PROCESS_TEST_MS,
  );
});

describe('cisfleet onboard, interrupted mid-operation', () => {
  it(
    'SIGINT: exits 130 with the operation left running and how to follow it and resume',
    async () => {
      await startSim(smallOrg());
      const { path: config, text: configText } = smallConfig();
      // The stack set exists, deployed to one account (this process moves the simulated time for that).
      const factory = simClientFactory(sim!);
      const stackSets = new StackSetsGateway(factory, {
        region: 'us-east-1',
        callAs: 'SELF',
        clock: fakeClock(sim!.clock),
      });
      const desired = desiredStackSet(parseConfigText(configText, 'accounts.yaml').config, loadRemediationTemplate());
      await stackSets.createStackSet(desired.spec);
      const first = await stackSets.createInstances(
        STACK_SET,
        {
          organizationalUnitIds: [[...sim!.world.org.ous.values()].find((u) => u.name === 'Workloads')!.id],
          accounts: [DEPLOYED],
          accountFilterType: 'INTERSECTION',
        },
        REGIONS,
        {
          maxConcurrentPercentage: 100,
        },
      );
      for (const id of first.operationIds) await stackSets.waitForOperation(STACK_SET, id);
      factory.destroy();

      const cli = cisfleet(['onboard', '--account', PENDING, '--yes', '--config', config]);
      const operationId = await runningOperation(cli, first.operationIds);
      cli.process.kill('SIGINT');
      const { code } = await cli.exited;

      expect({ code, stderr: cli.stderr() }).toMatchObject({ code: 130 });
      expect(cli.stderr()).toContain(`cisfleet status --operation ${operationId}`);
      expect(cli.stderr()).toContain(`cisfleet onboard --account ${PENDING}`);
      expect(await operationStatus(operationId)).toBe('RUNNING');
    },
    PROCESS_TEST_MS,
  );
});
