/**
 * `cisfleet report` at organization scale, against the simulator through the real SDK:
 *  - `--source accounts`: 1,000 accounts × 4 regions × 4 controls, 40 ms latency on every call and the documented
 *    API throttle (STS: 600 requests/s per account, aws-reference §2.5; AWS documents no per-API Config TPS, §4.7,
 *    so none is invented here). Wall time, calls, and the ratio to the bound max(calls × latency ÷ concurrency,
 *    AssumeRole calls ÷ STS rate). Then a naive sequential loop (one account and region after another, what users
 *    script today), timed on a sample and extrapolated to the same organization.
 *  - `--source aggregator` on the same organization: calls against the pages the data needs, wall time.
 *  - Peak RSS of building, serialising, re-reading and comparing the report for 10,000 accounts × 4 regions,
 *    in a child process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AwsClientFactory } from '../aws/client-factory.js';
import { AccountComplianceReader } from '../aws/compliance-gateway.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import type { CisfleetConfig } from '../config/schema.js';
import { CONTROLS } from '../controls/catalog.js';
import { resolveTargets } from '../planning/targets.js';
import { gatherCompliance, type ReportSource } from '../report/gather.js';
import { rulesForRegion } from '../report/build.js';
import type { Figure } from './figures.js';
import { BENCH_CONCURRENCY, BENCH_LATENCY_MS, BENCH_REGIONS, STS_RATE, benchConfig } from './report-org.js';

/** Accounts the naive loop is timed on; the result is scaled to the whole organization. */
const NAIVE_SAMPLE = 10;
const MEMORY_ACCOUNTS = 10_000;
/** Share of rule cells with 50–149 findings in the memory run (the rest have 0 or 1). */
const MEMORY_HEAVY_RATE = 0.002;

type CallCounts = Record<string, number>;

/** The simulator in its child process: its endpoint, admin keys, and the calls it has served. */
interface SimChild {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  aggregatorPagesNeeded: number;
  calls(): Promise<{ calls: CallCounts; throttled: CallCounts }>;
  stop(): Promise<void>;
}

async function startSimChild(): Promise<SimChild> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./report-sim-child.js', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the benchmark simulator exited early');
    return value as string;
  };
  const ready = JSON.parse(await nextLine()) as { url: string; accessKeyId: string; secretAccessKey: string; aggregatorPagesNeeded: number };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: ready.url,
    credentials: { accessKeyId: ready.accessKeyId, secretAccessKey: ready.secretAccessKey },
    aggregatorPagesNeeded: ready.aggregatorPagesNeeded,
    calls: async () => {
      child.stdin.write('calls\n');
      return JSON.parse(await nextLine()) as { calls: CallCounts; throttled: CallCounts };
    },
    stop: async () => {
      child.stdin.end('stop\n');
      await exited;
    },
  };
}

function factoryFor(sim: SimChild, config: CisfleetConfig): AwsClientFactory {
  return new AwsClientFactory({
    region: config.organization.homeRegion,
    endpoint: sim.url,
    credentials: sim.credentials,
    memberRole: { name: config.memberRole.name, sessionName: 'cisfleet-bench', durationSeconds: 3600, stsRegion: config.organization.homeRegion },
  });
}

function callsBetween(before: CallCounts, after: CallCounts): { total: number; byKey: Map<string, number> } {
  const byKey = new Map<string, number>();
  let total = 0;
  for (const [key, count] of Object.entries(after)) {
    const delta = count - (before[key] ?? 0);
    if (delta > 0) byKey.set(key, delta);
    total += delta;
  }
  return { total, byKey };
}

interface TimedGather {
  wallMs: number;
  calls: number;
  byKey: Map<string, number>;
  rows: number;
  failed: number;
}

async function timedGather(sim: SimChild, config: CisfleetConfig, accountIds: readonly string[], source: ReportSource): Promise<TimedGather> {
  const factory = factoryFor(sim, config);
  try {
    const before = (await sim.calls()).calls;
    const started = performance.now();
    const gathered = await gatherCompliance(factory, config, accountIds, { source });
    const wallMs = performance.now() - started;
    const { total, byKey } = callsBetween(before, (await sim.calls()).calls);
    return { wallMs, calls: total, byKey, rows: gathered.results.length, failed: gathered.results.filter((r) => r.status === 'failed').length };
  } finally {
    factory.destroy();
  }
}

/** The naive script: for each account, for each region, read every rule — one call at a time. */
async function timedNaiveLoop(sim: SimChild, config: CisfleetConfig, accountIds: readonly string[]): Promise<number> {
  const factory = factoryFor(sim, config);
  try {
    const reader = new AccountComplianceReader(factory);
    const started = performance.now();
    for (const accountId of accountIds) {
      for (const region of config.regions) await reader.readAccountRegion(accountId, region, rulesForRegion(config, region));
    }
    return performance.now() - started;
  } finally {
    factory.destroy();
  }
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

async function scaleFigures(): Promise<Figure[]> {
  const config = benchConfig();
  const sim = await startSimChild();
  try {
    const factory = factoryFor(sim, config);
    const snapshot = await new OrganizationsGateway(factory).readOrganization();
    factory.destroy();
    const accountIds = resolveTargets(snapshot, config.targets).accounts.map((a) => a.id);

    const accounts = await timedGather(sim, config, accountIds, 'accounts');
    const assumeRoles = accounts.byKey.get('sts:AssumeRole') ?? 0;
    const bound = Math.max((accounts.calls * BENCH_LATENCY_MS) / BENCH_CONCURRENCY, (assumeRoles / STS_RATE) * 1000);
    const throttled = Object.values((await sim.calls()).throttled).reduce((a, b) => a + b, 0);

    const sample = accountIds.slice(0, NAIVE_SAMPLE);
    const naiveMs = ((await timedNaiveLoop(sim, config, sample)) / sample.length) * accountIds.length;

    const aggregator = await timedGather(sim, config, accountIds, 'aggregator');

    const shape = `${accountIds.length} accounts × ${BENCH_REGIONS.length} regions × ${CONTROLS.length} controls`;
    return [
      { name: 'report.accounts.wall', value: seconds(accounts.wallMs), unit: 's', note: `${shape}, ${BENCH_LATENCY_MS} ms/call, concurrency ${BENCH_CONCURRENCY}; simulator in its own process`, target: '≤ 1.25 × bound' },
      { name: 'report.accounts.calls', value: accounts.calls, unit: 'calls', note: `${assumeRoles} AssumeRole; ${accounts.failed} of ${accounts.rows} account × regions ERROR; ${throttled} throttled answers`, target: 'n/a' },
      { name: 'report.accounts.bound', value: seconds(bound), unit: 's', note: 'max(calls × latency ÷ concurrency, AssumeRole ÷ 600/s)', target: 'n/a' },
      { name: 'report.accounts.ratio_to_bound', value: Math.round((accounts.wallMs / bound) * 100) / 100, unit: '×', target: '≤ 1.25' },
      { name: 'report.naive_sequential_loop.extrapolated_wall', value: seconds(naiveMs), unit: 's', note: `timed on ${sample.length} accounts, scaled to ${accountIds.length}`, target: 'n/a' },
      { name: 'report.accounts.speedup_over_naive_loop', value: Math.round((naiveMs / accounts.wallMs) * 10) / 10, unit: '×', target: '≥ 20×' },
      { name: 'report.aggregator.wall', value: seconds(aggregator.wallMs), unit: 's', note: `same organization, no AssumeRole, ${BENCH_CONCURRENCY} calls in flight; bound ${seconds((aggregator.calls * BENCH_LATENCY_MS) / BENCH_CONCURRENCY)} s`, target: 'n/a' },
      { name: 'report.aggregator.calls', value: aggregator.calls, unit: 'calls', note: `${sim.aggregatorPagesNeeded} pages needed for exact counts; ${aggregator.failed} account × regions without data`, target: 'a small multiple of the pages needed' },
      { name: 'report.aggregator.calls_per_page_needed', value: Math.round((aggregator.calls / sim.aggregatorPagesNeeded) * 100) / 100, unit: '×', target: 'a small multiple (≤ 2)' },
    ];
  } finally {
    await sim.stop();
  }
}

/**
 * Peak RSS of `cisfleet report --compare previous.json` for 10,000 accounts × 4 regions without the AWS side,
 * measured in a fresh child process (another one writes the previous report first).
 */
function peakMemoryFigure(): Figure {
  const child = fileURLToPath(new URL('./report-memory.js', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'cisfleet-bench-'));
  try {
    const previous = join(dir, 'previous.json');
    const args = [child, String(MEMORY_ACCOUNTS), String(BENCH_REGIONS.length), String(MEMORY_HEAVY_RATE), previous];
    execFileSync(process.execPath, [...args, 'write-previous']);
    const output = execFileSync(process.execPath, args, { encoding: 'utf8' });
    const { peakRssMb, rows, findings } = JSON.parse(output) as { peakRssMb: number; rows: number; findings: number };
    return {
      name: 'report.peak_rss_10k_accounts',
      value: peakRssMb,
      unit: 'MB', note: `VmHWM: ${rows} rows, ${findings} findings; builds, compares with a previous report read line by line, writes JSON; no SDK clients`,
      target: '≤ 300 MB',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every figure of the report benchmark. */
export async function reportFigures(): Promise<Figure[]> {
  return [...(await scaleFigures()), peakMemoryFigure()];
}
