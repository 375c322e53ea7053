/**
 * `cisfleet impact` over a generated organization (1,000 accounts × 4 regions) in the simulator, through the
 * real action and SDK: the calls it makes to member accounts against the minimal exact plan of
 * docs/commands/impact.md, computed from the simulator's ground truth (target: within 1.25×).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Figure } from './figures.js';
import { systemClock } from '../clock.js';

const MANAGEMENT = '111111111111';
const DAY_MS = 86_400_000;
/** accounts.yaml's defaults for the two credential limits. */
const MAX_DAYS = 90;

export interface ImpactBenchOptions {
  accounts?: number;
  regions?: number;
}

export async function impactFigures(options: ImpactBenchOptions = {}): Promise<Figure[]> {
  const accounts = options.accounts ?? 1000;
  const regionCount = options.regions ?? 4;
  const { startSimulator } = await import('../sim/index.js');
  const { impact } = await import('../actions/impact.js');
  const { RecordingReporter } = await import('../ui/reporter.js');
  const sim = await startSimulator({
    scenario: {
      organization: { managementAccount: { id: MANAGEMENT } },
      regions: ['us-east-1'],
      generate: { accounts, regions: regionCount, ous: 10, seed: 7 },
    },
  });
  try {
    const world = sim.world;
    const regions = world.knownRegions.slice(0, regionCount);
    const dir = mkdtempSync(join(tmpdir(), 'cisfleet-bench-impact-'));
    const config = join(dir, 'accounts.yaml');
    const rootOus = [...world.org.ous.values()]
      .filter((ou) => ou.parentId === world.org.rootId)
      .map((ou) => `/Root/${ou.name}`);
    writeFileSync(
      config,
      stringify({
        version: 1,
        organization: { managementAccountId: MANAGEMENT, homeRegion: regions[0] },
        targets: { organizationalUnits: rootOus, includeManagementAccount: false },
        regions,
        concurrency: { accounts: 32 },
      }),
    );
    const admin = sim.credentialsFor('admin');
    const reporter = new RecordingReporter({
      json: true,
      color: false,
      interactive: false,
      verbose: false,
      debug: false,
    });
    world.calls.clear();
    const started = performance.now();
    await impact(
      {
        globals: { config, json: true, verbose: false, debug: false, yes: true, color: false },
        reporter,
        // The credential reports' polls do not wait: the figure is the calls' cost, not IAM's report time.
        clock: { ...systemClock, sleep: () => Promise.resolve() },
      },
      { format: 'json', output: join(dir, 'impact.json') },
      {
        endpoint: sim.url,
        credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const made = [...world.calls]
      .filter(([key]) => !key.startsWith('organizations:'))
      .reduce((n, [, count]) => n + count, 0);
    const minimal = minimalPlan(world, regions, rootOus.length > 0);
    return [
      {
        name: 'impact.member-calls-vs-minimal',
        value: made / minimal,
        unit: '×',
        target: '≤ 1.25',
        note: `${made} calls to member accounts (sts, ec2, iam) for ${accounts} accounts × ${regionCount} regions; minimal exact plan ${minimal} (docs/commands/impact.md); ${seconds.toFixed(1)} s`,
      },
    ];
  } finally {
    await sim.stop();
  }
}

/**
 * The plan of docs/commands/impact.md, counted on the simulator's own state: per ACTIVE account one AssumeRole
 * (the only call where the role is missing); per region one DescribeSecurityGroups (under 1,000 groups) and one
 * DescribeNetworkInterfaces when a default group has rules; in the home region two GenerateCredentialReport
 * (STARTED, COMPLETE) and one GetCredentialReport; per user a remediation would touch or skip, GetUser,
 * ListAccessKeys, one GetAccessKeyLastUsed per key and GetLoginProfile when it has a password.
 */
function minimalPlan(
  world: import('../sim/model/world.js').World,
  regions: readonly string[],
  targeted: boolean,
): number {
  if (!targeted) return 0;
  const now = world.now();
  let calls = 0;
  for (const account of world.org.accounts.values()) {
    // Accounts directly under the root are outside the targeted OUs.
    if (account.id === MANAGEMENT || account.state !== 'ACTIVE' || account.parentId === world.org.rootId) continue;
    calls++;
    const iam = world.accountIam(account.id);
    if (![...iam.roles.keys()].includes('OrganizationAccountAccessRole')) continue;
    for (const region of regions) {
      const groups = [...world.region(account.id, region).securityGroups.values()];
      calls += Math.ceil(Math.max(1, groups.length) / 1000);
      if (groups.some((g) => g.isDefault && g.ingress.length + g.egress.length > 0)) calls++;
    }
    calls += 3;
    for (const user of iam.users.values()) {
      const old = user.accessKeys.some((k) => k.status === 'Active' && now - k.createDate > MAX_DAYS * DAY_MS);
      const unusedKey = user.accessKeys.some(
        (k) => k.status === 'Active' && now - (k.lastUsedDate ?? k.createDate) > MAX_DAYS * DAY_MS,
      );
      const password = user.passwordLastUsed !== undefined;
      const unusedPassword =
        password &&
        now -
          (user.passwordLastUsed === 'never' ? (user.passwordCreateDate ?? user.createDate) : user.passwordLastUsed!) >
          MAX_DAYS * DAY_MS;
      if (old || unusedKey || unusedPassword) calls += 2 + user.accessKeys.length + (password ? 1 : 0);
    }
  }
  return calls;
}
