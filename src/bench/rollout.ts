/**
 * Rollout benchmarks against a generated organization (1,000 accounts × 4 regions) in the simulator, through
 * the real `cisfleet rollout` action and the real SDK:
 * - a no-op rollout: how many StackSet operations (target 0) and which API calls it makes;
 * - a parameter change: how many operations (target exactly 1), wall time, and cisfleet's own overhead (wall
 *   time not spent waiting on stack set operations, measured inside the wait), target under 5 %;
 * - preflight of every account × region with 50 ms latency per call, against the bound
 *   calls × latency ÷ concurrency (target within 1.25×).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runRollout, type RolloutRun } from '../actions/rollout.js';
import { createClientFactory } from '../actions/aws-context.js';
import { loadConfig } from '../config/load-config.js';
import { MemberGateway } from '../aws/member-gateway.js';
import { formatAwsError } from '../aws/errors.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import { preflightAccounts } from '../execution/preflight.js';
import { resolveTargets } from '../planning/targets.js';
import { startSimulator, type RunningSimulator } from '../sim/index.js';
import { RecordingReporter } from '../ui/reporter.js';
import type { CommandContext } from '../cli/command-context.js';
import type { Figure } from './figures.js';

export interface RolloutBenchOptions {
  accounts?: number;
  regions?: number;
  /** Simulated time per stack instance during the measured change (real time: the simulator runs on a RealClock). */
  changeInstanceMs?: number;
  /** Latency per call for the preflight figure. */
  preflightLatencyMs?: number;
  /** Accounts preflighted at once for the preflight figure. */
  preflightConcurrency?: number;
}

const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
const MANAGEMENT = '111111111111';
/** API calls that start a stack set operation. */
const STARTS_OPERATION = ['UpdateStackSet', 'CreateStackInstances', 'UpdateStackInstances', 'DeleteStackInstances', 'DetectStackSetDrift'].map((a) => `cloudformation:${a}`);

interface Bench {
  sim: RunningSimulator;
  configFile: string;
  rollout(configFile?: string): Promise<RolloutRun>;
  close(): Promise<void>;
}

async function setUp(options: Required<RolloutBenchOptions>): Promise<Bench> {
  const sim = await startSimulator({
    scenario: {
      organization: { managementAccount: { id: MANAGEMENT }, trustedAccess: [STACKSETS_PRINCIPAL] },
      regions: ['us-east-1'],
      generate: { accounts: options.accounts, regions: options.regions, ous: 10, seed: 7 },
    },
  });
  const configFile = writeConfig({ regions: sim.world.knownRegions.slice(0, options.regions) });
  const credentials = sim.credentialsFor('admin');
  const rollout = (file = configFile) => {
    // JSON mode keeps the benchmark's output to its figures (progress is silent).
    const context: CommandContext = {
      reporter: new RecordingReporter({ json: true, color: false, interactive: false, verbose: false, debug: false }),
      globals: { config: file, json: true, verbose: false, debug: false, yes: true, color: false },
    };
    return runRollout(context, { dryRun: false }, { endpoint: sim.url, credentials });
  };
  return { sim, configFile, rollout, close: () => sim.stop() };
}

function writeConfig(fields: { regions: string[]; maxAccessKeyAge?: number }): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cisfleet-bench-')), 'accounts.yaml');
  writeFileSync(
    file,
    stringify({
      version: 1,
      organization: { managementAccountId: MANAGEMENT, homeRegion: fields.regions[0] },
      targets: { organizationalUnits: ['/Root'] },
      regions: fields.regions,
      controls: { 'access-keys-rotated': { maxAccessKeyAge: fields.maxAccessKeyAge ?? 90 } },
    }),
  );
  return file;
}

const operationsStarted = (calls: ReadonlyMap<string, number>) => STARTS_OPERATION.reduce((n, key) => n + (calls.get(key) ?? 0), 0);
const totalCalls = (calls: ReadonlyMap<string, number>) => [...calls.values()].reduce((a, b) => a + b, 0);

/** All three rollout figures on one generated organization (the first rollout sets the stage, unmeasured). */
export async function rolloutFigures(options: RolloutBenchOptions = {}): Promise<Figure[]> {
  const o: Required<RolloutBenchOptions> = {
    accounts: 1000,
    regions: 4,
    changeInstanceMs: 5000,
    preflightLatencyMs: 50,
    preflightConcurrency: 50,
    ...options,
  };
  const bench = await setUp(o);
  const { world } = bench.sim;
  const figures: Figure[] = [];
  const scale = `${o.accounts} accounts × ${o.regions} regions`;
  try {
    await bench.rollout();

    // No-op: nothing changed since the first rollout.
    world.calls.clear();
    const noop = await bench.rollout();
    figures.push({ name: 'rollout.noop.stackset-operations', value: operationsStarted(world.calls), unit: 'operations', target: '0' });
    figures.push({ name: 'rollout.noop.api-calls', value: totalCalls(world.calls), unit: `calls (${scale}; up to date: ${noop.plan.upToDate})`, target: 'org listing + preflight of accounts that need it + one describe' });
    for (const [key, count] of [...world.calls].sort(([a], [b]) => a.localeCompare(b))) {
      figures.push({ name: `rollout.noop.calls.${key}`, value: count, unit: 'calls', target: 'informational' });
    }

    // A parameter change: one UpdateStackSet for every instance, each instance taking changeInstanceMs.
    world.timing.stackInstanceMs = o.changeInstanceMs;
    world.calls.clear();
    const changed = writeConfig({ regions: world.knownRegions.slice(0, o.regions), maxAccessKeyAge: 60 });
    const started = performance.now();
    const change = await bench.rollout(changed);
    const wallMs = performance.now() - started;
    const waitedMs = change.outcome?.waitedMs ?? 0;
    figures.push({ name: 'rollout.change.stackset-operations', value: operationsStarted(world.calls), unit: 'operations', target: 'exactly 1' });
    figures.push({ name: 'rollout.change.wall', value: wallMs / 1000, unit: `s (${scale}, ${o.changeInstanceMs} ms per instance)`, target: 'informational' });
    figures.push({ name: 'rollout.change.overhead', value: ((wallMs - waitedMs) / wallMs) * 100, unit: `% of wall time (${((wallMs - waitedMs) / 1000).toFixed(2)} s not waiting on the operation)`, target: '< 5 %' });

    figures.push(...(await preflightFigures(bench, o)));
  } finally {
    await bench.close();
  }
  return figures;
}

/** Preflight of every targeted account in every region, with per-call latency, against calls × latency ÷ concurrency. */
async function preflightFigures(bench: Bench, o: Required<RolloutBenchOptions>): Promise<Figure[]> {
  const { world } = bench.sim;
  const { config } = await loadConfig(bench.configFile);
  const admin = bench.sim.credentialsFor('admin');
  const factory = createClientFactory(
    { config: bench.configFile, json: true, verbose: false, debug: false, yes: true, color: false },
    config,
    { endpoint: bench.sim.url, credentials: admin },
  );
  try {
    const snapshot = await new OrganizationsGateway(factory).readOrganization();
    const accounts = resolveTargets(snapshot, config.targets).accounts;
    world.faults.latencyMs = { default: o.preflightLatencyMs };
    world.calls.clear();
    const started = performance.now();
    const results = await preflightAccounts(new MemberGateway(factory), accounts, config.regions, {
      concurrency: o.preflightConcurrency,
      describeError: formatAwsError,
    });
    const wallMs = performance.now() - started;
    const calls = totalCalls(world.calls);
    const boundMs = (calls * o.preflightLatencyMs) / o.preflightConcurrency;
    const reachable = results.filter((r) => r.reachable).length;
    return [
      { name: 'rollout.preflight.wall', value: wallMs / 1000, unit: `s (${accounts.length} accounts × ${config.regions.length} regions, ${reachable} reachable, ${calls} calls, ${o.preflightLatencyMs} ms each, ${o.preflightConcurrency} accounts at once)`, target: 'informational' },
      { name: 'rollout.preflight.bound', value: boundMs / 1000, unit: 's (calls × latency ÷ concurrency)', target: 'informational' },
      { name: 'rollout.preflight.ratio', value: wallMs / boundMs, unit: '× the bound', target: '<= 1.25×' },
    ];
  } finally {
    world.faults.latencyMs = {};
    factory.destroy();
  }
}
