import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/sim/core/clock.js';
import { buildWorld } from '../../src/sim/scenario/build.js';
import { builtinScenarioPath } from '../../src/sim/scenario/builtin.js';
import { loadScenarioFile, parseScenarioYaml, ScenarioError } from '../../src/sim/scenario/parse.js';
import type { World } from '../../src/sim/model/world.js';
import { at, only } from '../helpers/elements.js';

const DAY = 86_400_000;
const start = Date.UTC(2026, 10, 28, 12);

function ouPath(world: World, parentId: string): string {
  const names: string[] = [];
  for (let id = parentId; id !== world.org.rootId;) {
    const ou = world.org.ous.get(id)!;
    names.unshift(ou.name);
    id = ou.parentId;
  }
  return `/Root${names.map((n) => `/${n}`).join('')}`;
}

function worldOpenPorts(world: World, accountId: string, region: string): string[] {
  return [...world.region(accountId, region).securityGroups.values()].flatMap((group) =>
    group.ingress
      .filter((p) => p.ipv4Ranges.includes('0.0.0.0/0') || p.ipv6Ranges.includes('::/0'))
      .map((p) => `${group.groupName}:${p.ipProtocol}:${p.fromPort ?? 'all'}-${p.toPort ?? 'all'}`),
  );
}

describe('the built-in demo scenario', () => {
  const world = buildWorld(loadScenarioFile(builtinScenarioPath('demo')), new ManualClock(start));
  const byName = (name: string) => [...world.org.accounts.values()].find((a) => a.name === name)!;

  it('has the OU tree and about a dozen accounts', () => {
    const paths = new Set([...world.org.accounts.values()].map((a) => ouPath(world, a.parentId)));
    expect([...paths].sort()).toEqual([
      '/Root',
      '/Root/Sandbox',
      '/Root/Security',
      '/Root/Workloads/Dev',
      '/Root/Workloads/Prod',
    ]);
    expect(world.org.accounts.size).toBeGreaterThanOrEqual(10);
    expect(world.org.managementAccountId).toBe('111111111111');
    expect(world.knownRegions).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('has a Control Tower recorder, an account without the member role and a suspended account', () => {
    expect(world.region(byName('Log Archive').id, 'eu-west-1').recorder?.name).toBe(
      'aws-controltower-BaselineConfigRecorder',
    );
    expect(world.accountIam(byName('Analytics Prod').id).roles.has('OrganizationAccountAccessRole')).toBe(false);
    expect(world.accountIam(byName('Payments Dev').id).roles.has('OrganizationAccountAccessRole')).toBe(true);
    expect(byName('Sandbox Bob').state).toBe('SUSPENDED');
  });

  it('has resources that break each control', () => {
    const prod = byName('Payments Prod').id;
    const defaultGroup = [...world.region(prod, 'us-east-1').securityGroups.values()].find((g) => g.isDefault)!;
    expect(defaultGroup.ingress.length).toBeGreaterThan(0);
    expect(worldOpenPorts(world, prod, 'us-east-1')).toContain('bastion-ssh:tcp:22-22');
    expect(worldOpenPorts(world, byName('Orders Prod').id, 'eu-west-1')).toContain('windows-admin:tcp:3389-3389');
    expect(worldOpenPorts(world, byName('Payments Dev').id, 'us-east-1')).toContain('everything-open:-1:all-all');
    const users = world.accountIam(prod).users;
    expect(start - at(users.get('deploy-bot')!.accessKeys, 0, 'access key').createDate).toBe(200 * DAY);
    expect(users.get('break-glass')!.tags['cisfleet:exempt']).toBe('true');
    const unused = world.accountIam(byName('Payments Dev').id).users.get('old-ci')!;
    expect(at(unused.accessKeys, 0, 'access key').lastUsedDate).toBeUndefined();
  });

  it('has the admin and delegated-admin principals and an aggregator', () => {
    expect(world.principals.get('admin')?.accountId).toBe('111111111111');
    expect(world.principals.get('delegated-admin')?.accountId).toBe('222222222222');
    expect(world.region('111111111111', 'us-east-1').aggregators.size).toBe(1);
  });
});

describe('scenario validation', () => {
  it('reports every problem with its path and line', () => {
    const yaml = [
      'organization:',
      '  managementAccount: { id: "12345" }',
      'regions: [mars-north-9x]',
      'ous:',
      '  - name: Prod',
      '    accounts:',
      '      - id: 222222222222',
      '        state: SLEEPING',
      '        name: x',
    ].join('\n');
    let error: unknown;
    try {
      parseScenarioYaml(yaml, 'bad.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const issues = (error as ScenarioError).issues;
    expect(issues.map((i) => i.path).sort()).toEqual([
      'organization.managementAccount.id',
      'ous.0.accounts.0.state',
      'regions.0',
    ]);
    expect(issues.find((i) => i.path === 'ous.0.accounts.0.state')?.line).toBe(8);
    expect((error as Error).message).toContain('bad.yaml');
  });

  it('accepts unquoted account ids and pads them to 12 digits', () => {
    const scenario = parseScenarioYaml('organization:\n  managementAccount: { id: 11111111111 }\n');
    expect(scenario.organization.managementAccount.id).toBe('011111111111');
  });

  it('counts ages back from the clock start', () => {
    const world = buildWorld(
      {
        organization: { managementAccount: { id: '111111111111' } },
        accounts: [
          {
            id: '222222222222',
            name: 'a',
            iamUsers: [{ name: 'u', accessKeys: [{ ageDays: 10, lastUsedDaysAgo: 3 }] }],
          },
        ],
      },
      new ManualClock(start),
    );
    const key = only(world.accountIam('222222222222').users.get('u')!.accessKeys, 'access key');
    expect([start - key.createDate, start - key.lastUsedDate!]).toEqual([10 * DAY, 3 * DAY]);
  });
});

describe('generated organizations', () => {
  const generate = (accounts: number, seed = 7) =>
    buildWorld(
      {
        organization: { managementAccount: { id: '111111111111' } },
        generate: { accounts, regions: 4, ous: 10, seed },
      },
      new ManualClock(start),
    );

  it('builds 10,000 accounts in 4 regions with a realistic mix', () => {
    const world = generate(10_000);
    expect(world.org.accounts.size).toBe(10_001);
    expect(world.org.ous.size).toBe(10);
    expect(world.knownRegions).toHaveLength(4);
    const generated = [...world.org.accounts.keys()].filter((id) => id !== '111111111111').slice(0, 500);
    const withoutRole = generated.filter((id) => !world.accountIam(id).roles.has('OrganizationAccountAccessRole'));
    const withRecorder = generated.filter((id) => world.region(id, 'us-east-1').recorder);
    const withOpenSsh = generated.filter((id) =>
      [...world.region(id, 'eu-west-1').securityGroups.values()].some((g) => g.groupName === 'ssh-from-anywhere'),
    );
    for (const subset of [withoutRole, withRecorder, withOpenSsh]) {
      expect(subset.length).toBeGreaterThan(0);
      expect(subset.length).toBeLessThan(generated.length);
    }
  });

  it('is the same for the same seed, whatever order accounts are visited in', () => {
    const a = generate(200);
    const b = generate(200);
    const ids = [...a.org.accounts.keys()];
    const snapshot = (world: World, order: string[]) =>
      Object.fromEntries(
        order.map((id) => [
          id,
          {
            parent: world.org.accounts.get(id)!.parentId,
            groups: [...world.region(id, 'us-east-1').securityGroups.values()].map((g) => g.groupName),
            users: [...world.accountIam(id).users.keys()],
          },
        ]),
      );
    expect(snapshot(a, ids)).toEqual(snapshot(b, [...ids].reverse()));
    const other = generate(200, 8);
    expect(snapshot(other, ids)).not.toEqual(snapshot(a, ids));
  });
});
