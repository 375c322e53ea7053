/**
 * The organization the report benchmark reads: settings shared by the benchmark (src/bench/report.ts) and the
 * simulator child process that serves it (src/bench/report-sim-child.ts).
 */
import { parseConfigText } from '../config/load-config.js';
import type { CisfleetConfig } from '../config/schema.js';
import { CONTROLS, ruleNameFor } from '../controls/catalog.js';
import { rulesForRegion } from '../report/build.js';
import * as store from '../sim/model/config-store.js';
import { instanceKey, type SimStackSet } from '../sim/model/stackset-types.js';
import type { World } from '../sim/model/world.js';

/** CISFLEET_BENCH_ACCOUNTS scales the organization down for a quick look; the figures' targets are for 1,000. */
export const BENCH_ACCOUNTS = Number(process.env.CISFLEET_BENCH_ACCOUNTS ?? 1000);
export const BENCH_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1'];
export const BENCH_LATENCY_MS = 40;
/** Accounts read at once; config.concurrency.accounts allows up to 256. */
export const BENCH_CONCURRENCY = 64;
/** STS's request quota, 600 per second per account and region: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
export const STS_RATE = 600;
export const BENCH_AGGREGATOR = 'cisfleet-org-aggregator';
/** The aggregator compliance APIs' largest page (Limit's max in Config's service model). */
const AGGREGATOR_PAGE = 100;

const PARAMETERS: Record<string, Record<string, string>> = {
  ACCESS_KEYS_ROTATED: { maxAccessKeyAge: '90' },
  IAM_USER_UNUSED_CREDENTIALS_CHECK: { maxCredentialUsageAge: '90' },
};

/** The benchmark organization's accounts.yaml: the report benchmark runs the CLI against a file of this text. */
export function benchConfigText(): string {
  return [
    'version: 1',
    "organization: { managementAccountId: '111111111111', homeRegion: us-east-1 }",
    'targets: { organizationalUnits: [/Root] }',
    `regions: [${BENCH_REGIONS.join(', ')}]`,
    `report: { aggregatorName: ${BENCH_AGGREGATOR} }`,
    `concurrency: { accounts: ${BENCH_CONCURRENCY} }`,
  ].join('\n');
}

export function benchConfig(): CisfleetConfig {
  return parseConfigText(benchConfigText(), 'bench-accounts.yaml').config;
}

/**
 * What the stack set would leave in every ACTIVE member account and region: a recording Config recorder (where
 * Control Tower has none) and cisfleet's rules. Put straight into the world: the benchmark is about reading.
 */
export function deployRules(world: World, config: CisfleetConfig): void {
  for (const account of world.org.accounts.values()) {
    if (account.state !== 'ACTIVE' || account.id === world.org.managementAccountId) continue;
    for (const region of config.regions) {
      const at = { accountId: account.id, region };
      if (!world.region(account.id, region).recorder) {
        store.putRecorder(world, at, {
          name: 'cisfleet',
          roleArn: `arn:aws:iam::${account.id}:role/cisfleet-config`,
          allSupported: true,
          includeGlobalResourceTypes: region === config.organization.homeRegion,
          recording: true,
        });
        store.putDeliveryChannel(world, at, { name: 'cisfleet', s3BucketName: `cisfleet-config-${account.id}` });
      }
      for (const control of CONTROLS) {
        if (control.homeRegionOnly && region !== config.organization.homeRegion) continue;
        const name = ruleNameFor(control, config.resourcePrefix);
        store.putConfigRule(world, at, {
          name,
          arn: `arn:aws:config:${region}:${account.id}:config-rule/config-rule-${name}`,
          id: `config-rule-${name}`,
          sourceIdentifier: control.sourceIdentifier,
          inputParameters: PARAMETERS[control.sourceIdentifier] ?? {},
          createdAt: world.now(),
        });
      }
    }
  }
}

/**
 * The stack set a finished rollout leaves: one CURRENT instance per ACTIVE member account × region, so the
 * report reads (and holds) as many stack instances as a real organization of this size has. Recorded straight
 * into the world, without stacks: the report lists instances, it does not look inside them.
 */
export function recordStackSet(world: World, config: CisfleetConfig): void {
  const name = config.stackSet.name;
  const home = config.organization.homeRegion;
  const set: SimStackSet = {
    stackSetName: name,
    stackSetId: `${name}:bench`,
    arn: `arn:aws:cloudformation:${home}:${world.org.managementAccountId}:stackset/${name}:bench`,
    region: home,
    status: 'ACTIVE',
    templateBody: '{}',
    parameters: {},
    tags: {},
    capabilities: ['CAPABILITY_NAMED_IAM'],
    permissionModel: 'SERVICE_MANAGED',
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    managedExecution: true,
    operations: new Map(),
    operationQueue: [],
    instances: new Map(),
    targetOus: new Map(),
    regions: new Set(config.regions),
    extra: {},
  };
  for (const account of world.org.accounts.values()) {
    if (account.state !== 'ACTIVE' || account.id === world.org.managementAccountId) continue;
    for (const region of config.regions) {
      set.instances.set(instanceKey(account.id, region), {
        accountId: account.id,
        region,
        organizationalUnitId: account.parentId,
        status: 'CURRENT',
        detailedStatus: 'SUCCEEDED',
        driftStatus: 'NOT_CHECKED',
        parameterOverrides: {},
      });
    }
  }
  world.stackSetsIn(home).set(name, set);
}

/**
 * The fewest aggregator pages that give exact counts and every non-compliant resource, from the world's own
 * evaluations: per rule, its rows at 100 a page; per account × region × rule with results, its COMPLIANT
 * resources and (when non-compliant) its NON_COMPLIANT ones at 100 a page, at least one page each.
 */
export function aggregatorPagesNeeded(world: World, config: CisfleetConfig): number {
  const pages = (n: number) => Math.max(1, Math.ceil(n / AGGREGATOR_PAGE));
  const rowsPerRule = new Map<string, number>();
  let detailPages = 0;
  for (const state of world.regionStates.values()) {
    if (
      world.org.accounts.get(state.accountId)?.state !== 'ACTIVE' ||
      !(config.regions as readonly string[]).includes(state.region)
    )
      continue;
    for (const rule of rulesForRegion(config, state.region)) {
      const results = [...(state.evaluations.get(rule)?.values() ?? [])];
      const compliant = results.filter((e) => e.complianceType === 'COMPLIANT').length;
      const nonCompliant = results.filter((e) => e.complianceType === 'NON_COMPLIANT').length;
      if (compliant + nonCompliant === 0) continue;
      rowsPerRule.set(rule, (rowsPerRule.get(rule) ?? 0) + 1);
      detailPages += pages(compliant) + (nonCompliant > 0 ? pages(nonCompliant) : 0);
    }
  }
  return [...rowsPerRule.values()].reduce((sum, rows) => sum + pages(rows), 0) + detailPages;
}
