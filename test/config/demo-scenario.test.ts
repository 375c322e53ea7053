import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { exampleConfigPath } from '../../src/config/package-files.js';

/** Just the parts of the demo scenario (src/sim/scenario/builtin/demo.yaml) that accounts.yaml names. */
interface ScenarioOu {
  name: string;
  accounts?: { id: string }[];
  ous?: ScenarioOu[];
}
interface DemoScenario {
  organization: { managementAccount: { id: string } };
  regions: string[];
  memberRoleName: string;
  ous: ScenarioOu[];
  accounts?: { id: string }[];
  aggregator?: { name: string; region: string };
}

function ouPaths(ous: readonly ScenarioOu[], parent = '/Root'): { paths: string[]; accountIds: string[] } {
  const paths: string[] = [];
  const accountIds: string[] = [];
  for (const ou of ous) {
    const path = `${parent}/${ou.name}`;
    const nested = ouPaths(ou.ous ?? [], path);
    paths.push(path, ...nested.paths);
    accountIds.push(...(ou.accounts ?? []).map((a) => a.id), ...nested.accountIds);
  }
  return { paths, accountIds };
}

describe('the shipped accounts.yaml against the demo organization', () => {
  const scenarioFile = join(import.meta.dirname, '..', '..', 'src', 'sim', 'scenario', 'builtin', 'demo.yaml');
  const scenario = parse(readFileSync(scenarioFile, 'utf8')) as DemoScenario;
  const { paths, accountIds } = ouPaths(scenario.ous);
  const allAccountIds = [
    scenario.organization.managementAccount.id,
    ...accountIds,
    ...(scenario.accounts ?? []).map((a) => a.id),
  ];

  it('names the demo management account, regions and member role', async () => {
    const { config } = await loadConfig(exampleConfigPath());
    expect(config.organization.managementAccountId).toBe(scenario.organization.managementAccount.id);
    expect([...config.regions].sort()).toEqual([...scenario.regions].sort());
    expect(config.memberRole.name).toBe(scenario.memberRoleName);
  });

  it('targets OUs and accounts that exist in the demo', async () => {
    const { config } = await loadConfig(exampleConfigPath());
    expect(config.targets.organizationalUnitPaths.filter((p) => !paths.includes(p))).toEqual([]);
    const named = [
      ...config.targets.includeAccounts,
      ...config.targets.excludeAccounts,
      ...config.exemptions.accounts.map((e) => e.accountId),
    ];
    expect(named.filter((id) => !allAccountIds.includes(id))).toEqual([]);
    expect(config.targets.onboard.map((a) => a.organizationalUnit).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it('reads the demo aggregator', async () => {
    const { config } = await loadConfig(exampleConfigPath());
    expect(config.report.aggregatorName).toBe(scenario.aggregator?.name);
    expect(config.report.aggregatorRegion).toBe(scenario.aggregator?.region);
  });
});
