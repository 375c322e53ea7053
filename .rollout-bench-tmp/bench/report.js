/**
 * `cisfleet report` at organization scale, against the simulator through the real SDK:
 *  - `--source accounts`: 1,000 accounts × 4 regions × 4 controls, 40 ms latency on every call and the API
 *    throttles (STS 600 requests/s per account, documented; Config 10/s per account with a burst of 20, assumed:
 *    AWS publishes no per-API Config TPS). Wall time, calls, and the ratio to the bound max(calls × latency ÷
 *    concurrency, AssumeRole calls ÷ STS rate). Then a naive sequential loop (one account and region after
 *    another, what users script today), timed on a sample and extrapolated to the same organization.
 *  - `--source aggregator` on the same organization: calls against the pages the data needs, wall time.
 *  - Peak RSS of building, serialising, re-reading and comparing the report for 10,000 accounts × 4 regions,
 *    in a child process.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AwsClientFactory } from '../aws/client-factory.js';
import { AccountComplianceReader } from '../aws/compliance-gateway.js';
import { OrganizationsGateway } from '../aws/organizations-gateway.js';
import { parseConfigText } from '../config/load-config.js';
import { CONTROLS, ruleNameFor } from '../controls/catalog.js';
import { resolveTargets } from '../planning/targets.js';
import { gatherCompliance } from '../report/gather.js';
import { rulesForRegion } from '../report/build.js';
import { startSimulator } from '../sim/index.js';
import * as store from '../sim/model/config-store.js';
const ACCOUNTS = 1000;
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1'];
const LATENCY_MS = 40;
/** Accounts read at once; config.concurrency.accounts allows up to 256. */
const CONCURRENCY = 64;
/** Documented: STS, 600 requests per second per account and region (aws-reference §2.5). */
const STS_RATE = 600;
/** Assumed (aws-reference §4.7: no published per-API Config TPS): per calling account. */
const CONFIG_THROTTLE = { ratePerSecond: 10, burst: 20 };
const AGGREGATOR = 'cisfleet-org-aggregator';
/** Accounts the naive loop is timed on; the result is scaled to the whole organization. */
const NAIVE_SAMPLE = 10;
const MEMORY_ACCOUNTS = 10_000;
const SOURCE_IDENTIFIER_PARAMETERS = {
    ACCESS_KEYS_ROTATED: { maxAccessKeyAge: '90' },
    IAM_USER_UNUSED_CREDENTIALS_CHECK: { maxCredentialUsageAge: '90' },
};
function benchConfig() {
    const text = [
        'version: 1',
        "organization: { managementAccountId: '111111111111', homeRegion: us-east-1 }",
        'targets: { organizationalUnits: [/Root] }',
        `regions: [${REGIONS.join(', ')}]`,
        `report: { aggregatorName: ${AGGREGATOR} }`,
        `concurrency: { accounts: ${CONCURRENCY} }`,
    ].join('\n');
    return parseConfigText(text, 'bench-accounts.yaml').config;
}
/**
 * What the stack set would leave in every ACTIVE account and region: a recording Config recorder (where Control
 * Tower has none) and cisfleet's rules, evaluated. Put straight into the world: the benchmark is about reading.
 */
function deployRules(world, config) {
    for (const account of world.org.accounts.values()) {
        if (account.state !== 'ACTIVE' || account.id === world.org.managementAccountId)
            continue;
        for (const region of config.regions) {
            const at = { accountId: account.id, region };
            const state = world.region(account.id, region);
            if (!state.recorder) {
                store.putRecorder(world, at, { name: 'cisfleet', roleArn: `arn:aws:iam::${account.id}:role/cisfleet-config`, allSupported: true, includeGlobalResourceTypes: region === config.organization.homeRegion, recording: true });
                store.putDeliveryChannel(world, at, { name: 'cisfleet', s3BucketName: `cisfleet-config-${account.id}` });
            }
            for (const control of CONTROLS) {
                if (control.homeRegionOnly && region !== config.organization.homeRegion)
                    continue;
                const name = ruleNameFor(control, config.resourcePrefix);
                store.putConfigRule(world, at, {
                    name,
                    arn: `arn:aws:config:${region}:${account.id}:config-rule/config-rule-${name}`,
                    id: `config-rule-${name}`,
                    sourceIdentifier: control.sourceIdentifier,
                    inputParameters: SOURCE_IDENTIFIER_PARAMETERS[control.sourceIdentifier] ?? {},
                    createdAt: world.now(),
                });
            }
        }
    }
}
async function startOrganization(config) {
    const sim = await startSimulator({
        scenario: {
            organization: { managementAccount: { id: '111111111111' } },
            regions: REGIONS,
            aggregator: { name: AGGREGATOR, region: config.organization.homeRegion, allRegions: true },
            generate: { accounts: ACCOUNTS, regions: REGIONS.length, ous: 10, seed: 7 },
        },
    });
    deployRules(sim.world, config);
    // Let the first evaluations fall due and run them now, outside the timed part.
    await new Promise((resolve) => setTimeout(resolve, sim.world.timing.configEvaluationMs + 10));
    sim.world.advance();
    Object.assign(sim.world.faults.latencyMs, { default: LATENCY_MS });
    Object.assign(sim.world.faults.throttle, { sts: { ratePerSecond: STS_RATE }, config: CONFIG_THROTTLE });
    return sim;
}
function factoryFor(sim, config) {
    return new AwsClientFactory({
        region: config.organization.homeRegion,
        endpoint: sim.url,
        credentials: sim.credentialsFor('admin'),
        memberRole: { name: config.memberRole.name, sessionName: 'cisfleet-bench', durationSeconds: 3600, stsRegion: config.organization.homeRegion },
    });
}
function callsSince(world, before) {
    const byKey = new Map();
    let total = 0;
    for (const [key, count] of world.calls) {
        const delta = count - (before.get(key) ?? 0);
        if (delta > 0)
            byKey.set(key, delta);
        total += delta;
    }
    return { total, byKey };
}
async function timedGather(sim, config, accountIds, source) {
    const factory = factoryFor(sim, config);
    try {
        const before = new Map(sim.world.calls);
        const started = performance.now();
        const gathered = await gatherCompliance(factory, config, accountIds, { source });
        const wallMs = performance.now() - started;
        const { total, byKey } = callsSince(sim.world, before);
        return { wallMs, calls: total, byKey, rows: gathered.results.length, failed: gathered.results.filter((r) => r.status === 'failed').length };
    }
    finally {
        factory.destroy();
    }
}
/** The naive script: for each account, for each region, read every rule — one call at a time. */
async function timedNaiveLoop(sim, config, accountIds) {
    const factory = factoryFor(sim, config);
    try {
        const reader = new AccountComplianceReader(factory);
        const started = performance.now();
        for (const accountId of accountIds) {
            for (const region of config.regions)
                await reader.readAccountRegion(accountId, region, rulesForRegion(config, region));
        }
        return performance.now() - started;
    }
    finally {
        factory.destroy();
    }
}
const seconds = (ms) => Math.round(ms / 100) / 10;
async function scaleFigures() {
    const config = benchConfig();
    const sim = await startOrganization(config);
    try {
        const factory = factoryFor(sim, config);
        const snapshot = await new OrganizationsGateway(factory).readOrganization();
        factory.destroy();
        const accountIds = resolveTargets(snapshot, config.targets).accounts.map((a) => a.id);
        const accounts = await timedGather(sim, config, accountIds, 'accounts');
        const assumeRoles = accounts.byKey.get('sts:AssumeRole') ?? 0;
        const bound = Math.max((accounts.calls * LATENCY_MS) / CONCURRENCY, (assumeRoles / STS_RATE) * 1000);
        const throttled = [...sim.world.throttled.values()].reduce((a, b) => a + b, 0);
        const sample = accountIds.slice(0, NAIVE_SAMPLE);
        const naiveMs = ((await timedNaiveLoop(sim, config, sample)) / sample.length) * accountIds.length;
        const aggregator = await timedGather(sim, config, accountIds, 'aggregator');
        const aggregatorPages = [...aggregator.byKey].filter(([key]) => key.startsWith('config:')).reduce((sum, [, n]) => sum + n, 0);
        const shape = `${accountIds.length} accounts × ${REGIONS.length} regions × ${CONTROLS.length} controls`;
        return [
            { name: 'report.accounts.wall', value: seconds(accounts.wallMs), unit: `s (${shape}, ${LATENCY_MS} ms/call, concurrency ${CONCURRENCY})`, target: '≤ 1.25 × bound' },
            { name: 'report.accounts.calls', value: accounts.calls, unit: `calls (${assumeRoles} AssumeRole; ${accounts.failed} of ${accounts.rows} account × regions ERROR; ${throttled} throttled answers)`, target: 'n/a' },
            { name: 'report.accounts.bound', value: seconds(bound), unit: 's (max(calls × latency ÷ concurrency, AssumeRole ÷ 600/s))', target: 'n/a' },
            { name: 'report.accounts.ratio_to_bound', value: Math.round((accounts.wallMs / bound) * 100) / 100, unit: '×', target: '≤ 1.25' },
            { name: 'report.naive_sequential_loop.extrapolated_wall', value: seconds(naiveMs), unit: `s (timed on ${sample.length} accounts, scaled to ${accountIds.length})`, target: 'n/a' },
            { name: 'report.accounts.speedup_over_naive_loop', value: Math.round((naiveMs / accounts.wallMs) * 10) / 10, unit: '×', target: '≥ 20×' },
            { name: 'report.aggregator.wall', value: seconds(aggregator.wallMs), unit: `s (same organization, no AssumeRole, ${CONCURRENCY} details calls in flight)`, target: 'n/a' },
            { name: 'report.aggregator.calls', value: aggregator.calls, unit: `calls (${aggregatorPages} Config pages; ${aggregator.failed} account × regions without data)`, target: 'a small multiple of the pages needed' },
        ];
    }
    finally {
        await sim.stop();
    }
}
/** Peak RSS of the report pipeline for 10,000 accounts × 4 regions, measured in a fresh child process. */
function peakMemoryFigure() {
    const child = fileURLToPath(new URL('./report-memory.js', import.meta.url));
    const output = execFileSync(process.execPath, [child, String(MEMORY_ACCOUNTS), String(REGIONS.length)], { encoding: 'utf8' });
    const { peakRssMb, rows } = JSON.parse(output);
    return {
        name: 'report.peak_rss_10k_accounts',
        value: peakRssMb,
        unit: `MB (VmHWM of a process that builds, serialises, re-reads and compares a ${rows}-row report; no SDK clients)`,
        target: '≤ 300 MB',
    };
}
/** Every figure of the report benchmark. */
export async function reportFigures() {
    return [...(await scaleFigures()), peakMemoryFigure()];
}
//# sourceMappingURL=report.js.map