/**
 * Shared by the rollout and status action tests: the demo organization in the simulator with a ManualClock,
 * the shipped accounts.yaml (or a variant of it), and a context whose waits move simulated time.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinScenarioPath, loadScenarioFile } from '../../src/sim/index.js';
import type { ScenarioInput } from '../../src/sim/scenario/schema.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import type { CommandContext } from '../../src/cli/command-context.js';
import { runRollout, type RolloutOptions, type RolloutOverrides, type RolloutRun } from '../../src/actions/rollout.js';
import {
  DescribeStackInstanceCommand,
  paginateListStackInstances,
  type CloudFormationClient,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { fakeClock } from '../helpers/fake-clock.js';
import type { Clock } from '../../src/clock.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

export const SHIPPED_CONFIG = readFileSync(join(REPO_ROOT, 'accounts.yaml'), 'utf8');

/** The built-in demo organization, with changes a test needs. */
export function demoScenario(change: (scenario: ScenarioInput) => void = () => undefined): ScenarioInput {
  const scenario = loadScenarioFile(builtinScenarioPath('demo')) as ScenarioInput;
  change(scenario);
  return scenario;
}

/**
 * The demo's Log Archive with a recorder of its own (named `default`) instead of Control Tower's: without Control
 * Tower the stack set's CreateConfigRecorder stays true (decision 0006), and only that account needs an override.
 */
export function withoutControlTower(scenario: ScenarioInput): void {
  const security = scenario.ous?.find((ou) => ou.name === 'Security');
  for (const account of security?.accounts ?? [])
    if (account.allRegions?.configRecorder === 'controlTower') account.allRegions.configRecorder = { name: 'default' };
}

/** Writes an accounts.yaml (the shipped one unless given) to a fresh folder; returns its path. */
export function writeConfig(text = SHIPPED_CONFIG): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cisfleet-rollout-')), 'accounts.yaml');
  writeFileSync(file, text);
  return file;
}

export interface RolloutHarness {
  sim: TestSimulator;
  /** Runs `cisfleet rollout` with these options (and config file); confirmation answered yes. */
  run(
    options?: Partial<RolloutOptions>,
    /** `clock`: by default a fake clock on the simulator's (waiting moves simulated time). */
    extra?: { config?: string; principal?: string; overrides?: Partial<RolloutOverrides>; clock?: Clock },
  ): Promise<RolloutRun & { reporter: RecordingReporter }>;
  /** Calls by `service:Action` since the last `resetCalls`. */
  calls(): Record<string, number>;
  resetCalls(): void;
  stop(): Promise<void>;
}

export async function rolloutHarness(scenario: ScenarioInput = demoScenario()): Promise<RolloutHarness> {
  const sim = await startTestSimulator(scenario);
  const defaultConfig = writeConfig();
  return {
    sim,
    async run(options = {}, extra = {}) {
      const reporter = new RecordingReporter();
      const context: CommandContext = {
        reporter,
        globals: {
          config: extra.config ?? defaultConfig,
          json: false,
          verbose: true,
          debug: false,
          yes: true,
          color: false,
        },
        clock: extra.clock ?? fakeClock(sim.clock),
      };
      const credentials = sim.credentialsFor(extra.principal ?? 'admin');
      const result = await runRollout(
        context,
        { dryRun: false, ...options },
        {
          endpoint: sim.url,
          credentials,
          polling: { initialMs: 50, maxMs: 500, factor: 2 },
          confirm: () => Promise.resolve(true),
          ...extra.overrides,
        },
      );
      return { ...result, reporter };
    },
    calls: () => Object.fromEntries(sim.world.calls),
    resetCalls: () => sim.world.calls.clear(),
    stop: () => sim.stop(),
  };
}

/** Any call that changes something in AWS. */
export const WRITE =
  /^(cloudformation:(Create|Update|Delete|Activate|Detect|Stop)|config:(Put|Start|Delete)|organizations:(Create|Move|Enable|Register))/;

/** The write calls among counted calls (`service:Action` → count), sorted. */
export const writes = (calls: Record<string, number>): string[] =>
  Object.keys(calls)
    .filter((k) => WRITE.test(k))
    .sort();

/** Reads a stack set's instances and one instance's parameter overrides, for assertions. */
export function stackSetReader(cfn: () => CloudFormationClient, stackSetName: string) {
  return {
    instances: async (): Promise<StackInstanceSummary[]> => {
      const out: StackInstanceSummary[] = [];
      for await (const page of paginateListStackInstances({ client: cfn() }, { StackSetName: stackSetName }))
        out.push(...(page.Summaries ?? []));
      return out;
    },
    overridesOf: async (account: string, region: string): Promise<Record<string, string | undefined>> => {
      const { StackInstance } = await cfn().send(
        new DescribeStackInstanceCommand({
          StackSetName: stackSetName,
          StackInstanceAccount: account,
          StackInstanceRegion: region,
        }),
      );
      return Object.fromEntries(
        (StackInstance?.ParameterOverrides ?? []).map((p) => [p.ParameterKey, p.ParameterValue]),
      );
    },
  };
}
