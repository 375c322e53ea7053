/**
 * Child process of the report benchmark: serves the benchmark organization from its own process, so the
 * simulator's CPU does not share an event loop with the cisfleet code being measured. Prints one JSON line
 * {url, accessKeyId, secretAccessKey, aggregatorPagesNeeded} once ready; then answers each `calls` line on stdin
 * with a JSON line of the calls served so far (by service:Action) and throttled answers; exits on `stop`.
 * Usage: node report-sim-child.js [LATENCY_MS] (default BENCH_LATENCY_MS; 0 for none). CISFLEET_BENCH_ACCOUNTS
 * sets the organization's size.
 */
import { createInterface } from 'node:readline';
import { startSimulator } from '../sim/index.js';
import {
  BENCH_ACCOUNTS,
  BENCH_AGGREGATOR,
  BENCH_LATENCY_MS,
  BENCH_REGIONS,
  STS_RATE,
  aggregatorPagesNeeded,
  benchConfig,
  deployRules,
  recordStackSet,
} from './report-org.js';

const config = benchConfig();
const latencyMs = Number(process.argv[2] ?? BENCH_LATENCY_MS);
const sim = await startSimulator({
  scenario: {
    organization: { managementAccount: { id: '111111111111' } },
    regions: BENCH_REGIONS,
    aggregator: { name: BENCH_AGGREGATOR, region: config.organization.homeRegion, allRegions: true },
    generate: { accounts: BENCH_ACCOUNTS, regions: BENCH_REGIONS.length, ous: 10, seed: 7 },
  },
});
deployRules(sim.world, config);
recordStackSet(sim.world, config);
// Let the first evaluations fall due and run them now, before anything is timed.
await new Promise((resolve) => setTimeout(resolve, sim.world.timing.configEvaluationMs + 10));
sim.world.advance();
Object.assign(sim.world.faults.latencyMs, { default: latencyMs });
Object.assign(sim.world.faults.throttle, { sts: { ratePerSecond: STS_RATE } });

const admin = sim.credentialsFor('admin');
process.stdout.write(
  `${JSON.stringify({ url: sim.url, ...admin, aggregatorPagesNeeded: aggregatorPagesNeeded(sim.world, config) })}\n`,
);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'calls') {
    process.stdout.write(
      `${JSON.stringify({ calls: Object.fromEntries(sim.world.calls), throttled: Object.fromEntries(sim.world.throttled) })}\n`,
    );
  } else if (line === 'stop') {
    break;
  }
}
await sim.stop();
