/**
 * Rollout benchmarks against a generated organization (1,000 accounts × 4 regions) in the simulator, through
 * the real `cisfleet rollout` action and the real SDK:
 * - a no-op rollout: how many StackSet operations (target 0) and which API calls it makes;
 * - a parameter change: how many operations (target exactly 1), wall time, and cisfleet's own overhead (wall
 *   time not spent waiting on stack set operations, measured inside the wait), target under 5 %; how late the
 *   polling noticed the operation's end is printed beside it;
 * - preflight of every account × region with 50 ms latency per call, against the bound
 *   calls × latency ÷ concurrency (target within 1.25×).
 *
 * The simulator stands in for AWS, whose work is not on cisfleet's CPU: it runs in a worker thread (this same
 * module, started with `workerData.role`), and the benchmark asks it for call counts and timings by message.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { stringify } from 'yaml';
import type { Figure } from './figures.js';
import { systemClock } from '../clock.js';

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

const WORKER_ROLE = 'cisfleet-rollout-bench-simulator';
const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
const MANAGEMENT = '111111111111';
/** API calls that start a stack set operation. */
const STARTS_OPERATION = [
  'UpdateStackSet',
  'CreateStackInstances',
  'UpdateStackInstances',
  'DeleteStackInstances',
  'DetectStackSetDrift',
].map((a) => `cloudformation:${a}`);

/** What the benchmark asks the simulator thread. */
type Request =
  | { kind: 'calls' }
  | { kind: 'latency'; ms: number }
  | { kind: 'instance-ms'; ms: number }
  | { kind: 'operation-ms'; region: string; stackSet: string; operationId: string };

interface Started {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  regions: string[];
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === WORKER_ROLE) {
  await serveSimulator(
    (workerData as { accounts: number; regions: number }).accounts,
    (workerData as { regions: number }).regions,
  );
}

/** Worker side: the simulator, and answers about its state. */
async function serveSimulator(accounts: number, regions: number): Promise<void> {
  const { startSimulator } = await import('../sim/index.js');
  const sim = await startSimulator({
    scenario: {
      organization: { managementAccount: { id: MANAGEMENT }, trustedAccess: [STACKSETS_PRINCIPAL] },
      regions: ['us-east-1'],
      generate: { accounts, regions, ous: 10, seed: 7 },
    },
  });
  const world = sim.world;
  parentPort!.on('message', (request: Request) => {
    if (request.kind === 'calls') {
      // Counts since the last ask.
      parentPort!.postMessage(Object.fromEntries(world.calls));
      world.calls.clear();
    } else if (request.kind === 'latency') {
      world.faults.latencyMs = request.ms > 0 ? { default: request.ms } : {};
      parentPort!.postMessage('ok');
    } else if (request.kind === 'instance-ms') {
      world.timing.stackInstanceMs = request.ms;
      parentPort!.postMessage('ok');
    } else {
      const op = world.stackSetsIn(request.region).get(request.stackSet)?.operations.get(request.operationId);
      parentPort!.postMessage(op?.endTimestamp !== undefined ? op.endTimestamp - op.creationTimestamp : -1);
    }
  });
  const started: Started = {
    url: sim.url,
    credentials: sim.credentialsFor('admin'),
    regions: world.knownRegions.slice(0, regions),
  };
  parentPort!.postMessage(started);
}

/** Main side: a simulator thread and a typed way to ask it things. */
class SimulatorThread {
  private constructor(
    private readonly worker: Worker,
    readonly started: Started,
  ) {}

  static async start(accounts: number, regions: number): Promise<SimulatorThread> {
    const worker = new Worker(new URL(import.meta.url), { workerData: { role: WORKER_ROLE, accounts, regions } });
    const started = await new Promise<Started>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return new SimulatorThread(worker, started);
  }

  ask<T>(request: Request): Promise<T> {
    return new Promise((resolve) => {
      this.worker.once('message', resolve);
      this.worker.postMessage(request);
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

function writeConfig(regions: string[], maxAccessKeyAge = 90): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cisfleet-bench-')), 'accounts.yaml');
  writeFileSync(
    file,
    stringify({
      version: 1,
      organization: { managementAccountId: MANAGEMENT, homeRegion: regions[0] },
      targets: { organizationalUnits: ['/Root'] },
      regions,
      controls: { 'access-keys-rotated': { maxAccessKeyAge } },
    }),
  );
  return file;
}

const operationsStarted = (calls: Readonly<Record<string, number>>) =>
  STARTS_OPERATION.reduce((n, key) => n + (calls[key] ?? 0), 0);
const totalCalls = (calls: Readonly<Record<string, number>>) => Object.values(calls).reduce((a, b) => a + b, 0);

/** All rollout figures on one generated organization (a first rollout sets the stage, unmeasured). */
export async function rolloutFigures(options: RolloutBenchOptions = {}): Promise<Figure[]> {
  const o: Required<RolloutBenchOptions> = {
    accounts: 1000,
    regions: 4,
    changeInstanceMs: 5000,
    preflightLatencyMs: 50,
    preflightConcurrency: 50,
    ...options,
  };
  const { runRollout } = await import('../actions/rollout.js');
  const { RecordingReporter } = await import('../ui/reporter.js');
  const sim = await SimulatorThread.start(o.accounts, o.regions);
  const { url, credentials, regions } = sim.started;
  const configFile = writeConfig(regions);
  const rollout = (file: string) =>
    runRollout(
      {
        // JSON mode keeps the output to the figures (progress is silent).
        reporter: new RecordingReporter({ json: true, color: false, interactive: false, verbose: false, debug: false }),
        globals: { config: file, json: true, verbose: false, debug: false, yes: true, color: false },
        clock: systemClock,
      },
      { dryRun: false },
      { endpoint: url, credentials },
    );
  const scale = `${o.accounts} accounts × ${o.regions} regions`;
  const figures: Figure[] = [];
  try {
    await rollout(configFile);

    // No-op: nothing changed since the first rollout.
    await sim.ask({ kind: 'calls' });
    const noop = await rollout(configFile);
    const noopCalls = await sim.ask<Record<string, number>>({ kind: 'calls' });
    figures.push({
      name: 'rollout.noop.stackset-operations',
      value: operationsStarted(noopCalls),
      unit: 'operations',
      target: '0',
    });
    figures.push({
      name: 'rollout.noop.api-calls',
      value: totalCalls(noopCalls),
      unit: 'calls',
      note: `${scale}; up to date: ${noop.plan.upToDate}; ${noop.plan.unreachable.length} accounts unreachable`,
      target: 'org listing + preflight of the accounts that need it + one describe',
    });
    for (const [key, count] of Object.entries(noopCalls).sort(([a], [b]) => a.localeCompare(b))) {
      figures.push({ name: `rollout.noop.calls.${key}`, value: count, unit: 'calls', target: 'informational' });
    }

    // A parameter change: one UpdateStackSet for every instance, each instance taking changeInstanceMs.
    await sim.ask({ kind: 'instance-ms', ms: o.changeInstanceMs });
    const changed = writeConfig(regions, 60);
    const started = performance.now();
    const change = await rollout(changed);
    const wallMs = performance.now() - started;
    const changeCalls = await sim.ask<Record<string, number>>({ kind: 'calls' });
    const waitedMs = change.outcome?.waitedMs ?? 0;
    const operationId = change.outcome?.operations.find((op) => op.operationIds.length > 0)?.operationIds[0];
    const operationMs = operationId
      ? await sim.ask<number>({
          kind: 'operation-ms',
          region: change.plan.stackSet.region,
          stackSet: change.plan.stackSet.name,
          operationId,
        })
      : 0;
    figures.push({
      name: 'rollout.change.stackset-operations',
      value: operationsStarted(changeCalls),
      unit: 'operations',
      target: 'exactly 1',
    });
    figures.push({
      name: 'rollout.change.wall',
      value: wallMs / 1000,
      unit: 's',
      note: `${scale}, ${o.changeInstanceMs} ms per instance; the operation itself took ${(operationMs / 1000).toFixed(1)} s`,
      target: 'informational',
    });
    figures.push({
      name: 'rollout.change.overhead',
      value: ((wallMs - waitedMs) / wallMs) * 100,
      unit: '%',
      note: `of wall time (${((wallMs - waitedMs) / 1000).toFixed(2)} s not waiting on the operation)`,
      target: '< 5 %',
    });
    figures.push({
      name: 'rollout.change.poll-lateness',
      value: Math.max(0, waitedMs - operationMs) / 1000,
      unit: 's',
      note: "waited beyond the operation's simulated duration (polls every 5 s at most, plus the simulator applying thousands of stack updates on its thread)",
      target: 'informational',
    });

    figures.push(...(await preflightFigures(sim, configFile, o)));
  } finally {
    await sim.stop();
  }
  return figures;
}

/** Preflight of every targeted account in every region, with per-call latency, against calls × latency ÷ concurrency. */
async function preflightFigures(
  sim: SimulatorThread,
  configFile: string,
  o: Required<RolloutBenchOptions>,
): Promise<Figure[]> {
  const { createClientFactory } = await import('../actions/aws-context.js');
  const { loadConfig } = await import('../config/load-config.js');
  const { MemberGateway } = await import('../aws/member-gateway.js');
  const { formatAwsError } = await import('../aws/errors.js');
  const { OrganizationsGateway } = await import('../aws/organizations-gateway.js');
  const { preflightAccounts } = await import('../execution/preflight.js');
  const { resolveTargets } = await import('../planning/targets.js');
  const { config } = await loadConfig(configFile);
  const factory = createClientFactory(
    { config: configFile, json: true, verbose: false, debug: false, yes: true, color: false },
    config,
    { endpoint: sim.started.url, credentials: sim.started.credentials },
  );
  try {
    const snapshot = await new OrganizationsGateway(factory).readOrganization();
    const accounts = resolveTargets(snapshot, config.targets).accounts;
    await sim.ask({ kind: 'latency', ms: o.preflightLatencyMs });
    await sim.ask({ kind: 'calls' });
    const started = performance.now();
    const loopBefore = performance.eventLoopUtilization();
    const results = await preflightAccounts(new MemberGateway(factory), accounts, config.regions, {
      concurrency: o.preflightConcurrency,
      describeError: formatAwsError,
    });
    const wallMs = performance.now() - started;
    // How busy this thread (the SDK clients; the simulator runs on its own thread) was: near 100 %, the wall time
    // is the clients' CPU, which no concurrency setting removes on this machine.
    const clientBusy = performance.eventLoopUtilization(loopBefore).utilization;
    const calls = totalCalls(await sim.ask<Record<string, number>>({ kind: 'calls' }));
    const boundMs = (calls * o.preflightLatencyMs) / o.preflightConcurrency;
    const reachable = results.filter((r) => r.reachable).length;
    // Within an account the recorder and the delivery channel are read together, so calls overlap and wall time
    // can beat calls × latency ÷ concurrency. The critical path of an account is AssumeRole, GetCallerIdentity
    // and one round per region (one AssumeRole for an unreachable account).
    const criticalRounds = reachable * (2 + config.regions.length) + (accounts.length - reachable);
    const criticalMs = (criticalRounds * o.preflightLatencyMs) / o.preflightConcurrency;
    return [
      {
        name: 'rollout.preflight.wall',
        value: wallMs / 1000,
        unit: 's',
        note: `${accounts.length} accounts × ${config.regions.length} regions, ${reachable} reachable, ${calls} calls of ${o.preflightLatencyMs} ms, ${o.preflightConcurrency} accounts at once; the client thread was busy ${Math.round(clientBusy * 100)} % of it`,
        target: 'informational',
      },
      {
        name: 'rollout.preflight.bound',
        value: boundMs / 1000,
        unit: 's',
        note: 'calls × latency ÷ concurrency',
        target: 'informational',
      },
      {
        name: 'rollout.preflight.ratio',
        value: wallMs / boundMs,
        unit: '× the bound',
        target: '<= 1.25×',
        note: 'calls inside one account overlap, so this can be below 1',
      },
      {
        name: 'rollout.preflight.critical_path_bound',
        value: criticalMs / 1000,
        unit: 's',
        note: `${criticalRounds} sequential rounds of ${o.preflightLatencyMs} ms ÷ ${o.preflightConcurrency} accounts at once`,
        target: 'informational',
      },
      { name: 'rollout.preflight.ratio_to_critical_path', value: wallMs / criticalMs, unit: '×', target: '<= 1.25×' },
    ];
  } finally {
    await sim.ask({ kind: 'latency', ms: 0 });
    factory.destroy();
  }
}
