/**
 * Simulator throughput through the real SDK: N concurrent calls (half STS GetCallerIdentity, half
 * Organizations ListAccounts) against a generated organization.
 * - `sim.throughput`: simulator and SDK clients in one process, so the figure includes the SDK's own cost
 *   (signing, serialisation, retries' bookkeeping), which is what a cisfleet run pays too.
 * - `sim.server_calls_per_cpu_second`: the same calls against `cisfleet sim serve` in a child process, divided by
 *   the CPU time the child spent (Linux's /proc/PID/stat): what the simulator itself costs per call, apart from
 *   the client's cost, which a profile of the one-process run shows is most of it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { AwsCredentialIdentity } from '@smithy/types';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startSimulator } from '../sim/index.js';
import type { Figure } from './figures.js';

export interface SimThroughputOptions {
  /** Calls in total. Default 4000. */
  calls?: number;
  /** Calls in flight at once (sockets). Default 256. */
  concurrency?: number;
  /** Accounts in the generated organization. Default 1000. */
  accounts?: number;
}

export interface SimThroughputResult {
  calls: number;
  elapsedMs: number;
  callsPerSecond: number;
}

const DEFAULTS = { calls: 4000, concurrency: 256, accounts: 1000 } as const;

/** Sends the calls with `concurrency` in flight; returns the wall time. */
async function driveCalls(
  endpoint: string,
  credentials: AwsCredentialIdentity,
  calls: number,
  concurrency: number,
): Promise<number> {
  const httpAgent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const config = { endpoint, region: 'us-east-1', credentials, requestHandler: { httpAgent } };
  const sts = new STSClient(config);
  const orgs = new OrganizationsClient(config);
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < calls) {
        const i = next++;
        if (i % 2 === 0) await sts.send(new GetCallerIdentityCommand({}));
        else await orgs.send(new ListAccountsCommand({}));
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return performance.now() - started;
  } finally {
    sts.destroy();
    orgs.destroy();
    httpAgent.destroy();
  }
}

/** Runs the calls against an in-process simulator and returns calls per second. */
export async function measureSimThroughput(options: SimThroughputOptions = {}): Promise<SimThroughputResult> {
  const { calls, concurrency, accounts } = { ...DEFAULTS, ...options };
  const sim = await startSimulator({ generate: { accounts, regions: 2, ous: 10, seed: 1 } });
  try {
    const elapsedMs = await driveCalls(sim.url, sim.credentialsFor('admin'), calls, concurrency);
    return { calls, elapsedMs, callsPerSecond: (calls / elapsedMs) * 1000 };
  } finally {
    await sim.stop();
  }
}

/** User plus system CPU time of a process in ms, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are the
    // 12th and 13th of them, in clock ticks (100 per second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** The `--json` object `sim serve` prints once it listens (it may span lines). */
async function servedBy(stdout: NodeJS.ReadableStream): Promise<{ url: string; accessKeyId: string }> {
  let text = '';
  for await (const line of createInterface({ input: stdout })) {
    text += line;
    try {
      return JSON.parse(text) as { url: string; accessKeyId: string };
    } catch {
      // Not complete yet: read on.
    }
  }
  throw new Error(`cisfleet sim serve ended before it printed where it listens: ${text}`);
}

export interface SimServerCost {
  calls: number;
  serverCpuMs: number;
}

/** The same calls against `cisfleet sim serve` in a child process; the child's CPU time over the calls. */
export async function measureSimServerCost(options: SimThroughputOptions = {}): Promise<SimServerCost | undefined> {
  const { calls, concurrency, accounts } = { ...DEFAULTS, ...options };
  const bin = fileURLToPath(new URL('../bin/cisfleet.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [bin, 'sim', 'serve', '--accounts', String(accounts), '--regions', '2', '--seed', '1', '--port', '0', '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Its progress lines are not the benchmark's output; they are kept for the error if it never listens.
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    const served = await servedBy(child.stdout).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${stderr}`);
    });
    const before = child.pid === undefined ? undefined : processCpuMs(child.pid);
    if (before === undefined || child.pid === undefined) return undefined;
    await driveCalls(served.url, { accessKeyId: served.accessKeyId, secretAccessKey: 'simulator' }, calls, concurrency);
    const after = processCpuMs(child.pid);
    return after === undefined ? undefined : { calls, serverCpuMs: after - before };
  } finally {
    child.kill('SIGINT');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

/** The figures `npm run bench` prints. */
export async function simThroughputFigures(): Promise<Figure[]> {
  const result = await measureSimThroughput();
  const inProcess: Figure = {
    name: 'sim.throughput',
    value: Math.round(result.callsPerSecond),
    unit: 'calls/s',
    target: '>= 1000 calls/s',
    note: 'simulator and SDK clients in one process: the SDK clients take most of the CPU',
  };
  const server = await measureSimServerCost();
  if (!server) return [inProcess];
  return [
    inProcess,
    {
      name: 'sim.server_calls_per_cpu_second',
      value: Math.round((server.calls / Math.max(server.serverCpuMs, 1)) * 1000),
      unit: 'calls/s',
      target: '>= 1000 calls/s',
      note: `cisfleet sim serve in a child process: ${server.calls} calls took ${server.serverCpuMs} ms of its CPU`,
    },
  ];
}
