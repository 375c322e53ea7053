/** The impact preview's simulator bed: an organization with something for every remediation to change or skip. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { impact, type ImpactOptions } from '../../src/actions/impact.js';
import type { ExitCode } from '../../src/errors.js';
import type { ImpactReport } from '../../src/model/impact.js';
import type { World } from '../../src/sim/model/world.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import { MINIMAL_CONFIG, merged } from '../config/config-builder.js';
import { orgBuilder, type TestSimulator } from '../helpers/sim.js';
import { reportScenarioFields } from '../report/report-sim.js';
import { fakeClock } from '../helpers/fake-clock.js';

export const HOME = 'us-east-1';
export const OTHER = 'eu-west-1';
export const EXEMPT_TAG = 'cisfleet:exempt';
/** The account whose default group a running instance uses, and which has the break-glass user and the tagged bastion. */
export const SPECIAL = '200000000000';

/**
 * `count` accounts in /Root/Workloads. Account i gets, by i: world-open SSH or RDP groups (one tagged exempt in
 * SPECIAL), default groups AWS-default, open or closed, an interface on the default group (SPECIAL, us-east-1),
 * users with old, unused or fresh keys and passwords (SPECIAL's `break-glass` tagged exempt).
 */
export function impactOrg(count: number) {
  let builder = orgBuilder().with(reportScenarioFields(HOME)).regions(HOME, OTHER);
  for (let i = 0; i < count; i++) {
    const id = String(200_000_000_000 + i);
    const special = id === SPECIAL;
    const groups = [
      ...(i % 3 === 0
        ? [
            {
              name: 'ssh-open',
              ingress: [
                { protocol: 'tcp' as const, ports: 22, cidr: '0.0.0.0/0' },
                { protocol: 'tcp' as const, ports: 22, cidr: '10.0.0.0/8' },
              ],
            },
          ]
        : []),
      ...(i % 4 === 1
        ? [
            {
              name: 'rdp-range',
              ingress: [
                { protocol: 'tcp' as const, ports: '3000-4000', ipv6: '::/0' },
                { protocol: 'tcp' as const, ports: 443, cidr: '0.0.0.0/0' },
              ],
            },
          ]
        : []),
      ...(special
        ? [
            {
              name: 'bastion',
              ingress: [{ protocol: 'tcp' as const, ports: 22, cidr: '0.0.0.0/0' }],
              tags: { [EXEMPT_TAG]: 'bastion for on-call' },
            },
          ]
        : []),
    ];
    const users = [
      { name: 'old-key', accessKeys: [{ ageDays: 120 + i, lastUsedDaysAgo: 1 }] },
      ...(i % 2 === 0
        ? [
            {
              name: 'idle',
              accessKeys: [
                { ageDays: 30, lastUsedDaysAgo: 0 },
                { ageDays: 200, lastUsedDaysAgo: 150, lastUsedService: 'ec2' },
              ],
              password: { ageDays: 300, lastUsedDaysAgo: 120 },
            },
          ]
        : []),
      ...(i % 5 === 0
        ? [
            {
              name: 'fresh',
              accessKeys: [{ ageDays: 10, lastUsedDaysAgo: 1 }],
              password: { ageDays: 10, lastUsedDaysAgo: 2 },
            },
          ]
        : []),
      ...(special
        ? [
            {
              name: 'break-glass',
              tags: { [EXEMPT_TAG]: 'incident access' },
              accessKeys: [{ ageDays: 500 }],
              password: { ageDays: 500 },
            },
          ]
        : []),
    ];
    builder = builder.account(id, {
      ou: 'Workloads',
      name: `account-${i}`,
      allRegions: {
        defaultSecurityGroup: i % 7 === 0 ? 'open' : i % 7 === 1 ? 'closed' : 'aws-default',
        securityGroups: groups,
      },
      regions: special
        ? {
            [HOME]: {
              securityGroups: [],
              networkInterfaces: [{ description: 'legacy app', groups: ['default'], attachedTo: 'i-0abc' }],
            },
          }
        : {},
      iamUsers: users,
    });
  }
  return builder;
}

/** accounts.yaml for the org: every control AUTO (access keys DEACTIVATE), unused credentials after 90 days. */
export function writeImpactConfig(overrides: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cisfleet-impact-'));
  const path = join(dir, 'accounts.yaml');
  const auto = { mode: 'AUTO' };
  const base = merged(MINIMAL_CONFIG, {
    targets: { includeManagementAccount: false },
    controls: {
      'default-sg-closed': auto,
      'admin-ports-closed': auto,
      'access-keys-rotated': auto,
      'unused-credentials': auto,
    },
  });
  writeFileSync(path, stringify(merged(base, overrides)));
  return path;
}

export interface ImpactRun {
  exitCode: ExitCode;
  report: ImpactReport;
  stdout: string;
  reporter: RecordingReporter;
}

export async function runImpact(
  sim: TestSimulator,
  configPath: string,
  options: Partial<ImpactOptions> = {},
): Promise<ImpactRun> {
  const reporter = new RecordingReporter({
    json: true,
    color: false,
    interactive: false,
    verbose: false,
    debug: false,
  });
  const globals = { config: configPath, json: true, verbose: false, debug: false, yes: true, color: false };
  const exitCode = await impact(
    { globals, reporter, clock: fakeClock(sim.clock) },
    { format: 'json', ...options },
    { endpoint: sim.url, credentials: sim.credentialsFor('admin') },
  );
  const stdout = reporter.stdout.join('');
  return {
    exitCode,
    report: (options.output || (options.format !== undefined && options.format !== 'json')
      ? undefined
      : JSON.parse(stdout)) as ImpactReport,
    stdout,
    reporter,
  };
}

/**
 * What is in the accounts now, as comparable strings: each security group source
 * (`acct region group direction protocol ports source`), each active key (`acct key id`), each password (`acct user`).
 */
export function liveState(world: World, accounts: readonly string[], regions: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const account of accounts) {
    for (const region of regions) {
      for (const g of world.region(account, region).securityGroups.values()) {
        for (const [direction, list] of [
          ['ingress', g.ingress],
          ['egress', g.egress],
        ] as const) {
          for (const p of list) {
            const all = p.ipProtocol === '-1';
            const ports =
              all || p.fromPort === undefined
                ? 'all'
                : p.fromPort === p.toPort
                  ? String(p.fromPort)
                  : `${p.fromPort}-${p.toPort}`;
            for (const source of [
              ...p.ipv4Ranges,
              ...p.ipv6Ranges,
              ...(p.prefixListIds ?? []),
              ...p.userIdGroupPairs,
            ]) {
              out.add(
                `${account} ${region} ${g.groupId} ${direction} ${all ? 'all' : p.ipProtocol} ${ports} ${source}`,
              );
            }
          }
        }
      }
    }
    for (const user of world.accountIam(account).users.values()) {
      for (const key of user.accessKeys) if (key.status === 'Active') out.add(`${account} key ${key.id}`);
      if (user.passwordLastUsed !== undefined) out.add(`${account} password ${user.userName}`);
    }
  }
  return out;
}

/** The preview's changes in liveState's terms. */
export function previewedRemovals(report: ImpactReport): Set<string> {
  const out = new Set<string>();
  for (const c of report.changes) {
    if (c.action === 'revoke')
      out.add(`${c.accountId} ${c.region} ${c.resourceId} ${c.direction} ${c.protocol} ${c.ports} ${c.source!.value}`);
    if (c.action === 'deactivate-key' || c.action === 'delete-key') out.add(`${c.accountId} key ${c.accessKeyId}`);
    if (c.action === 'delete-password') out.add(`${c.accountId} password ${c.resourceId}`);
  }
  return out;
}
