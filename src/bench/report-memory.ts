/**
 * Child process of the report benchmark: what `cisfleet report --compare previous.json --output current.json`
 * holds in memory for N accounts × R regions, without the AWS side: a previous report read back (line by line,
 * checked and summarised, as the action does),
 * compliance results shaped like the readers' (a few findings per account, one rule in fifty with many), the
 * report built from them, the comparison, and the JSON written. Prints its peak RSS (VmHWM) as JSON on stdout.
 * Usage: node report-memory.js ACCOUNTS REGIONS HEAVY_RATE [PREVIOUS.json [write-previous]]
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigText } from '../config/load-config.js';
import type { AccountRegionResult, RuleCompliance } from '../model/compliance.js';
import type { StackInstance } from '../model/stack-sets.js';
import type { OrgAccount } from '../org/model.js';
import { buildReport, rulesForRegion } from '../report/build.js';
import { compareReports, readPreviousReport } from '../report/compare.js';
import type { ComplianceReport } from '../report/model.js';
import { reportJsonLines, writeLinesToFile } from '../report/output.js';
import { limitHeapGrowth } from '../cli/heap-growth.js';
import { peakRssMb } from './report-peak-rss.js';

// It stands for `cisfleet report --compare`, which runs with the heap growth the entry point sets.
limitHeapGrowth();

const REGION_POOL = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-2'];

/** A small deterministic generator, so every run measures the same report. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const accountCount = Number(process.argv[2] ?? 10_000);
const regions = REGION_POOL.slice(0, Number(process.argv[3] ?? 4));
/** Share of rule cells with 50–149 findings. */
const HEAVY_RATE = Number(process.argv[4] ?? 0.002);
const config = parseConfigText(
  [
    'version: 1',
    "organization: { managementAccountId: '111111111111', homeRegion: us-east-1 }",
    'targets: { organizationalUnits: [/Root] }',
    `regions: [${regions.join(', ')}]`,
  ].join('\n'),
  'bench-accounts.yaml',
).config;
const accounts: OrgAccount[] = Array.from({ length: accountCount }, (_, i) => {
  const id = String(200_000_000_000 + i);
  return {
    id,
    name: `generated-${i}`,
    email: `${id}@example.com`,
    state: 'ACTIVE',
    parentId: `ou-${i % 40}`,
    ouPath: `/Root/generated-ou-${i % 40}`,
  };
});

function ruleResult(random: () => number, accountId: string, region: string, ruleName: string): RuleCompliance {
  // Like the simulator's generated organizations: most rules have a finding or none; one in HEAVY_RATE⁻¹ has
  // many (an account full of open security groups).
  const nonCompliant = random() < HEAVY_RATE ? 50 + Math.floor(random() * 100) : Math.floor(random() * 2);
  return {
    ruleName,
    accountId,
    region,
    compliant: 1 + Math.floor(random() * 8),
    nonCompliant,
    exact: true,
    nonCompliantResources: Array.from({ length: nonCompliant }, (_, n) => ({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: `sg-${accountId.slice(-6)}${region.length}${String(n).padStart(5, '0')}`,
      annotation: 'A world-open ingress rule allows TCP port 22.',
    })),
    remediationFailures: [],
  };
}

/**
 * A report from fresh compliance results over the first `count` accounts; the results are garbage once it
 * returns, as in the action. The same seed gives the same findings per account.
 */
function reportFrom(count: number): ComplianceReport {
  const random = lcg(7);
  const compliance: AccountRegionResult[] = [];
  const instances: StackInstance[] = [];
  for (const account of accounts.slice(0, count)) {
    for (const region of regions) {
      instances.push({
        account: account.id,
        region,
        status: 'CURRENT',
        detailedStatus: 'SUCCEEDED',
        driftStatus: 'IN_SYNC',
      });
      if (random() < 0.03) {
        compliance.push({
          status: 'failed',
          source: 'accounts',
          accountId: account.id,
          region,
          kind: 'access-denied',
          message: 'User is not authorized to perform: sts:AssumeRole',
        });
        continue;
      }
      const rules = rulesForRegion(config, region).map((name) => ruleResult(random, account.id, region, name));
      compliance.push({
        status: 'read',
        source: 'accounts',
        accountId: account.id,
        region,
        recorder: 'recording',
        rules,
        rulesWithoutResults: [],
        rulesNotDeployed: [],
      });
    }
  }
  return buildReport({
    generatedAt: new Date(),
    organizationId: 'o-bench',
    accounts: accounts.slice(0, count),
    config,
    source: 'accounts',
    compliance,
    instances: { status: 'read', instances },
  });
}

const previousFile = process.argv[5];
if (process.argv[6] === 'write-previous') {
  if (!previousFile) throw new Error('report-memory: write-previous needs the PREVIOUS.json path before it');
  // A separate run writes the previous report (a week older: 1 % fewer accounts, whose findings are new now), so
  // the measured run holds only what `cisfleet report --compare` holds.
  await writeLinesToFile(previousFile, reportJsonLines(reportFrom(Math.floor(accountCount * 0.99))));
} else {
  // The action's order: read the previous report first, then gather and build, compare, write.
  const previous = previousFile
    ? await readPreviousReport(
        createInterface({ input: createReadStream(previousFile, 'utf8'), crlfDelay: Infinity }),
        previousFile,
      )
    : undefined;
  const current = reportFrom(accountCount);
  const comparison = previous ? compareReports(previous, current) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cisfleet-report-memory-'));
  try {
    const currentFile = join(dir, 'current.json');
    await writeLinesToFile(currentFile, reportJsonLines(comparison ? { ...current, comparison } : current));
    process.stdout.write(
      `${JSON.stringify({ peakRssMb: peakRssMb(), rows: current.rows.length, findings: current.rollups.total.nonCompliant, jsonMb: Math.round(statSync(currentFile).size / 2 ** 20), newlyNonCompliant: comparison?.newlyNonCompliant.length })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
