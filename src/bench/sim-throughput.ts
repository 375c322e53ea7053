/**
 * Simulator throughput through the real SDK: N concurrent calls (half STS GetCallerIdentity, half
 * Organizations ListAccounts) against a generated organization. The figure includes the SDK's own cost
 * (signing, serialisation), which is what a cisfleet run pays too.
 */
import { Agent } from 'node:http';
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

/** Runs the calls and returns calls per second. */
export async function measureSimThroughput(options: SimThroughputOptions = {}): Promise<SimThroughputResult> {
  const { calls = 4000, concurrency = 256, accounts = 1000 } = options;
  const sim = await startSimulator({ generate: { accounts, regions: 2, ous: 10, seed: 1 } });
  const httpAgent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const config = {
    endpoint: sim.url,
    region: 'us-east-1',
    credentials: sim.credentialsFor('admin'),
    requestHandler: { httpAgent },
  };
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
    const elapsedMs = performance.now() - started;
    return { calls, elapsedMs, callsPerSecond: (calls / elapsedMs) * 1000 };
  } finally {
    sts.destroy();
    orgs.destroy();
    httpAgent.destroy();
    await sim.stop();
  }
}

/** The figure `npm run bench` prints. */
export async function simThroughputFigure(): Promise<Figure> {
  const result = await measureSimThroughput();
  return {
    name: 'sim.throughput',
    value: Math.round(result.callsPerSecond),
    unit: 'calls/s',
    target: '>= 1000 calls/s',
  };
}
