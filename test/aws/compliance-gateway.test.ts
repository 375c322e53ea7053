import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigServiceClient, DescribeComplianceByConfigRuleCommand } from '@aws-sdk/client-config-service';
import type { AwsClientFactory } from '../../src/aws/client-factory.js';
import { AccountComplianceReader } from '../../src/aws/account-compliance-reader.js';
import { AggregatorComplianceReader } from '../../src/aws/aggregator-compliance-reader.js';
import type { AccountRegionCompliance, AccountRegionResult, RuleCompliance } from '../../src/model/compliance.js';
import * as store from '../../src/sim/model/config-store.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import {
  ACCESS_KEYS_RULE,
  ADMIN_PORTS_RULE,
  AGGREGATOR,
  DEFAULT_SG_RULE,
  HOME,
  OTHER,
  callsDuring,
  deployRules,
  factoryFor,
  openGroups,
  recorder,
  rulesFor,
  settle,
} from './compliance-gateway-fixtures.js';
import { only } from '../helpers/elements.js';

const BIG = '222222222222';
const REMEDIATION_FAILS = '333333333333';
const OPEN_SSH_GROUPS = 150;
const AUTHORIZED_GROUPS = 120;
const OTHER_REGION_SSH_GROUPS = 3;

function read(results: AccountRegionResult[], accountId: string, region: string): AccountRegionCompliance {
  const result = results.find((r) => r.accountId === accountId && r.region === region);
  if (result?.status !== 'read') throw new Error(`${accountId}/${region} was not read: ${JSON.stringify(result)}`);
  return result;
}

function rule(result: AccountRegionCompliance, name: string): RuleCompliance {
  const found = result.rules.find((r) => r.ruleName === name);
  if (!found)
    throw new Error(`${name} has no results in ${result.accountId}/${result.region}: ${JSON.stringify(result)}`);
  return found;
}

describe('compliance gateway against the simulator', () => {
  let sim: TestSimulator;
  let factory: AwsClientFactory;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .regions(HOME, OTHER)
        .with({ aggregator: { name: AGGREGATOR, region: HOME, allRegions: true } })
        .account(BIG, {
          regions: {
            [HOME]: {
              configRecorder: recorder(),
              defaultSecurityGroup: 'closed',
              securityGroups: [
                ...openGroups('ssh', OPEN_SSH_GROUPS, 22),
                ...openGroups('https', AUTHORIZED_GROUPS, 443),
              ],
            },
            [OTHER]: {
              configRecorder: recorder(),
              defaultSecurityGroup: 'aws-default',
              securityGroups: openGroups('ssh', OTHER_REGION_SSH_GROUPS, 22),
            },
          },
          iamUsers: [
            { name: 'stale-keys', accessKeys: [{ ageDays: 200, lastUsedDaysAgo: 1 }] },
            { name: 'fresh-keys', accessKeys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
          ],
        })
        .account(REMEDIATION_FAILS, {
          allRegions: { configRecorder: recorder(), defaultSecurityGroup: 'closed' },
          regions: {
            [HOME]: { securityGroups: [{ name: 'wide-open', ingress: [{ protocol: 'all', cidr: '0.0.0.0/0' }] }] },
          },
        }),
    );
    const world = sim.world;
    deployRules(world, BIG, HOME, rulesFor(HOME));
    deployRules(world, BIG, OTHER, rulesFor(OTHER));
    // REMEDIATION_FAILS deploys in the home region only; its other region has Config but no cisfleet rules.
    deployRules(world, REMEDIATION_FAILS, HOME, rulesFor(HOME));
    store.putRemediation(
      world,
      { accountId: REMEDIATION_FAILS, region: HOME },
      {
        configRuleName: ADMIN_PORTS_RULE,
        targetType: 'SSM_DOCUMENT',
        // All traffic open to the world cannot be fixed by revoking exact 22/3389 rules: the runbook fails.
        targetId: 'AWS-DisablePublicAccessForSecurityGroup',
        automatic: true,
        maximumAutomaticAttempts: 1,
        retryAttemptSeconds: 60,
        parameters: { GroupId: { ResourceValue: { Value: 'RESOURCE_ID' } } },
      },
    );
    settle(sim);
    settle(sim);
    factory = factoryFor(sim);
  });

  afterAll(async () => {
    factory?.destroy();
    await sim?.stop();
  });

  it('counts 150 non-compliant groups exactly where DescribeComplianceByConfigRule caps at 100', async () => {
    const direct = new ConfigServiceClient(sim.assumeRoleConfig(BIG));
    const described = await direct.send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: [ADMIN_PORTS_RULE] }),
    );
    direct.destroy();
    expect(described.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceContributorCount).toEqual({
      CappedCount: 100,
      CapExceeded: true,
    });

    const result = await new AccountComplianceReader(factory).readAccountRegion(BIG, HOME, rulesFor(HOME));
    const adminPorts = rule(read([result], BIG, HOME), ADMIN_PORTS_RULE);
    expect(adminPorts).toMatchObject({ nonCompliant: OPEN_SSH_GROUPS, compliant: AUTHORIZED_GROUPS, exact: true });
    expect(adminPorts.nonCompliantResources).toHaveLength(OPEN_SSH_GROUPS);
    expect(new Set(adminPorts.nonCompliantResources.map((r) => r.resourceId)).size).toBe(OPEN_SSH_GROUPS);
    expect(adminPorts.nonCompliantResources.every((r) => r.resourceType === 'AWS::EC2::SecurityGroup')).toBe(true);
  });

  it('reads every rule of an account-region with the calls its design promises', async () => {
    const reader = new AccountComplianceReader(factory);
    const { result, calls } = await callsDuring(sim.world, () => reader.readAccountRegion(BIG, HOME, rulesFor(HOME)));
    const home = read([result], BIG, HOME);
    expect(home.recorder).toBe('recording');
    expect(rule(home, DEFAULT_SG_RULE)).toMatchObject({ compliant: 1, nonCompliant: 0, nonCompliantResources: [] });
    expect(rule(home, ACCESS_KEYS_RULE)).toMatchObject({ compliant: 1, nonCompliant: 1 });
    expect(rule(home, ACCESS_KEYS_RULE).nonCompliantResources[0]).toMatchObject({ resourceType: 'AWS::IAM::User' });

    const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
    expect(calls).toEqual({
      'config:DescribeConfigurationRecorderStatus': 1,
      'config:DescribeComplianceByConfigRule': 1,
      // COMPLIANT pages for all three rules; NON_COMPLIANT pages only for the two non-compliant ones.
      'config:GetComplianceDetailsByConfigRule':
        pages(1) + pages(AUTHORIZED_GROUPS) + pages(1) + pages(OPEN_SSH_GROUPS) + pages(1),
      'config:DescribeRemediationExecutionStatus': 2,
    });
  });

  it('reports rules missing from a region as not deployed, at the cost of one unfiltered listing', async () => {
    const reader = new AccountComplianceReader(factory);
    const { result, calls } = await callsDuring(sim.world, () => reader.readAccountRegion(BIG, OTHER, rulesFor(HOME)));
    const other = read([result], BIG, OTHER);
    expect(other.rulesNotDeployed).toEqual([ACCESS_KEYS_RULE]);
    expect(rule(other, DEFAULT_SG_RULE)).toMatchObject({ compliant: 0, nonCompliant: 1 });
    expect(rule(other, ADMIN_PORTS_RULE)).toMatchObject({ compliant: 0, nonCompliant: OTHER_REGION_SSH_GROUPS });
    // The filtered call fails with NoSuchConfigRuleException; the unfiltered one lists the region's rules.
    expect(calls['config:DescribeComplianceByConfigRule']).toBe(2);
  });

  it('reports a FAILED remediation as cannot-auto-remediate, with its message', async () => {
    const result = await new AccountComplianceReader(factory).readAccountRegion(
      REMEDIATION_FAILS,
      HOME,
      rulesFor(HOME),
    );
    const adminPorts = rule(read([result], REMEDIATION_FAILS, HOME), ADMIN_PORTS_RULE);
    expect(adminPorts.nonCompliant).toBe(1);
    const groupId = only(adminPorts.nonCompliantResources, 'non-compliant resource').resourceId;
    expect(adminPorts.remediationFailures).toEqual([
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: groupId,
        message: expect.stringContaining('cannot revoke'),
      },
    ]);
    // The big account has no remediation configured: no failures, and not "unknown".
    const big = await new AccountComplianceReader(factory).readAccountRegion(BIG, HOME, [ADMIN_PORTS_RULE]);
    expect(rule(read([big], BIG, HOME), ADMIN_PORTS_RULE).remediationFailures).toEqual([]);
  });

  it('reads many accounts and regions with bounded concurrency, reports progress per account and keeps no finished account', async () => {
    const progress: number[] = [];
    const own = factoryFor(sim);
    const results = await new AccountComplianceReader(own).readAccounts(
      [BIG, REMEDIATION_FAILS],
      [HOME, OTHER],
      rulesFor,
      {
        concurrency: 2,
        onProgress: (p) => {
          progress.push(p.done);
          // Released as soon as its regions are read: what the factory holds follows the accounts in flight.
          expect(own.cachedAccounts).toBeLessThan(2);
        },
      },
    );
    expect({ clients: own.cachedClients, accounts: own.cachedAccounts }).toEqual({ clients: 0, accounts: 0 });
    own.destroy();
    expect(results.map((r) => `${r.accountId}/${r.region}/${r.status}`).sort()).toEqual(
      [
        `${BIG}/${HOME}/read`,
        `${BIG}/${OTHER}/read`,
        `${REMEDIATION_FAILS}/${HOME}/read`,
        `${REMEDIATION_FAILS}/${OTHER}/read`,
      ].sort(),
    );
    expect(read(results, REMEDIATION_FAILS, OTHER).rulesNotDeployed).toEqual(rulesFor(OTHER));
    expect(progress).toEqual([1, 2]);
  });

  it('agrees with the aggregator on the same organization, and names what the aggregator has no data for', async () => {
    const accounts = [BIG, REMEDIATION_FAILS];
    const fromAccounts = await new AccountComplianceReader(factory).readAccounts(accounts, [HOME, OTHER], rulesFor, {
      concurrency: 2,
    });
    const { result: fromAggregator, calls } = await callsDuring(sim.world, () =>
      new AggregatorComplianceReader(factory, { aggregatorName: AGGREGATOR, region: HOME }).readAccounts(
        accounts,
        [HOME, OTHER],
        rulesFor,
      ),
    );

    expect(fromAggregator.noData).toEqual([{ accountId: REMEDIATION_FAILS, region: OTHER }]);
    const comparable = (r: RuleCompliance) => ({
      ...r,
      remediationFailures: undefined,
      nonCompliantResources: [...r.nonCompliantResources].sort((a, b) => a.resourceId.localeCompare(b.resourceId)),
    });
    for (const aggregated of fromAggregator.results) {
      if (aggregated.status !== 'read')
        throw new Error(`aggregator failed for ${aggregated.accountId}/${aggregated.region}: ${aggregated.message}`);
      const direct = read(fromAccounts, aggregated.accountId, aggregated.region);
      expect(aggregated.rules.map(comparable)).toEqual(direct.rules.map(comparable));
      expect(aggregated.rules.every((r) => r.remediationFailures === null)).toBe(true);
    }
    expect(fromAggregator.results.map((r) => `${r.accountId}/${r.region}`).sort()).toEqual(
      [`${BIG}/${HOME}`, `${BIG}/${OTHER}`, `${REMEDIATION_FAILS}/${HOME}`].sort(),
    );
    // Aggregator calls come from the management account itself: no AssumeRole.
    expect(calls['sts:AssumeRole']).toBeUndefined();
    // One listing per rule name (plus its empty pages); never a per-account Describe.
    expect(calls['config:DescribeComplianceByConfigRule']).toBeUndefined();
    expect(calls['config:DescribeAggregateComplianceByConfigRules']).toBe(
      new Set([...rulesFor(HOME), ...rulesFor(OTHER)]).size,
    );
  });
});
