import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeRemediationExecutionStatusCommand,
  GetComplianceSummaryByConfigRuleCommand,
  LimitExceededException,
  NoSuchConfigRuleException,
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  PutRemediationConfigurationsCommand,
  PutConfigRuleCommand,
  StartConfigRulesEvaluationCommand,
  StartConfigurationRecorderCommand,
  StartRemediationExecutionCommand,
  paginateDescribeAggregateComplianceByConfigRules,
  paginateDescribeConfigRules,
  paginateGetAggregateComplianceDetailsByConfigRule,
  paginateGetComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import { orgBuilder, startTestSimulator, TEST_MANAGEMENT_ACCOUNT, type TestSimulator } from '../helpers/sim.js';
import { addSecurityGroup, permission } from './config-fixtures.js';

const MEMBER = '222222222222';
const OTHER_MEMBER = '333333333333';
const REGION = 'us-east-1';
const SG_RULE = 'vpc-sg-open-only-to-authorized-ports';
const OPEN_GROUPS = 130;

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('Config through the real SDK client', () => {
  let sim: TestSimulator;
  let member: ConfigServiceClient;
  let management: ConfigServiceClient;

  /** Lets simulated time pass so scheduled evaluations and remediations run before the next request. */
  const settle = (ms = 60_000) => sim.clock.advance(ms);

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder().account(MEMBER, { ou: 'Workloads' }).account(OTHER_MEMBER, { ou: 'Workloads' }),
    );
    member = new ConfigServiceClient(sim.assumeRoleConfig(MEMBER));
    management = new ConfigServiceClient(sim.clientConfig);
    for (let i = 0; i < OPEN_GROUPS; i++)
      addSecurityGroup(
        sim.world,
        { groupId: `sg-open${String(i).padStart(4, '0')}`, ingress: [permission('tcp', 22)] },
        MEMBER,
        REGION,
      );
    addSecurityGroup(sim.world, { groupId: 'sg-alltraffic', ingress: [permission('-1')] }, MEMBER, REGION);

    await member.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: 'default',
          roleARN: `arn:aws:iam::${MEMBER}:role/config`,
          recordingGroup: { allSupported: true },
        },
      }),
    );
    await member.send(
      new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'central-config' } }),
    );
    await member.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await member.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: SG_RULE,
          Source: { Owner: 'AWS', SourceIdentifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS' },
          InputParameters: JSON.stringify({ authorizedTcpPorts: '1-21,23-3388,3390-65535' }),
        },
      }),
    );
    await member.send(
      new PutRemediationConfigurationsCommand({
        RemediationConfigurations: [
          {
            ConfigRuleName: SG_RULE,
            TargetType: 'SSM_DOCUMENT',
            TargetId: 'AWS-DisablePublicAccessForSecurityGroup',
            Automatic: false,
            Parameters: { GroupId: { ResourceValue: { Value: 'RESOURCE_ID' } } },
          },
        ],
      }),
    );
    await management.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: 'org',
        OrganizationAggregationSource: {
          RoleArn: `arn:aws:iam::${TEST_MANAGEMENT_ACCOUNT}:role/aggregator`,
          AllAwsRegions: true,
        },
      }),
    );
    settle();
  });

  afterAll(async () => {
    member?.destroy();
    management?.destroy();
    await sim?.stop();
  });

  it('caps the contributor count at 100 while the details paginator counts every resource', async () => {
    const described = await member.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: [SG_RULE] }));
    expect(described.ComplianceByConfigRules?.[0]?.Compliance).toEqual({
      ComplianceType: 'NON_COMPLIANT',
      ComplianceContributorCount: { CappedCount: 100, CapExceeded: true },
    });
    const pages = await collect(
      paginateGetComplianceDetailsByConfigRule(
        { client: member, pageSize: 100 },
        { ConfigRuleName: SG_RULE, ComplianceTypes: ['NON_COMPLIANT'] },
      ),
    );
    const results = pages.flatMap((p) => p.EvaluationResults ?? []);
    expect(results).toHaveLength(OPEN_GROUPS + 1);
    expect(results[0]?.ResultRecordedTime).toBeInstanceOf(Date);
    expect(results[0]?.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceType).toBe(
      'AWS::EC2::SecurityGroup',
    );
  });

  it('pages rules and summarises rules, not resources', async () => {
    const rules = (await collect(paginateDescribeConfigRules({ client: member }, {}))).flatMap(
      (p) => p.ConfigRules ?? [],
    );
    expect(rules.map((r) => r.ConfigRuleName)).toEqual([SG_RULE]);
    expect(rules[0]?.InputParameters && JSON.parse(rules[0].InputParameters)).toEqual({
      authorizedTcpPorts: '1-21,23-3388,3390-65535',
    });
    const summary = await member.send(new GetComplianceSummaryByConfigRuleCommand({}));
    expect(summary.ComplianceSummary?.NonCompliantResourceCount?.CappedCount).toBe(1);
  });

  it('maps simulator errors to the SDK exception classes', async () => {
    await expect(
      member.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: ['nope'] })),
    ).rejects.toBeInstanceOf(NoSuchConfigRuleException);
    const limited = new ConfigServiceClient({ ...sim.assumeRoleConfig(MEMBER), maxAttempts: 1 });
    try {
      await limited.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [SG_RULE] }));
      await expect(
        limited.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [SG_RULE] })),
      ).rejects.toBeInstanceOf(LimitExceededException);
    } finally {
      limited.destroy();
    }
    settle();
  });

  it('sees member evaluations through the organization aggregator, with exact counts by paging', async () => {
    const rows = (
      await collect(
        paginateDescribeAggregateComplianceByConfigRules(
          { client: management, pageSize: 1 },
          {
            ConfigurationAggregatorName: 'org',
            Filters: { ComplianceType: 'NON_COMPLIANT' },
          },
        ),
      )
    ).flatMap((p) => p.AggregateComplianceByConfigRules ?? []);
    expect(rows.map((r) => [r.AccountId, r.AwsRegion, r.ConfigRuleName])).toEqual([[MEMBER, REGION, SG_RULE]]);
    expect(rows[0]?.Compliance?.ComplianceContributorCount).toEqual({ CappedCount: 100, CapExceeded: true });

    const details = (
      await collect(
        paginateGetAggregateComplianceDetailsByConfigRule(
          { client: management, pageSize: 25 },
          {
            ConfigurationAggregatorName: 'org',
            ConfigRuleName: SG_RULE,
            AccountId: MEMBER,
            AwsRegion: REGION,
            ComplianceType: 'NON_COMPLIANT',
          },
        ),
      )
    ).flatMap((p) => p.AggregateEvaluationResults ?? []);
    expect(details).toHaveLength(OPEN_GROUPS + 1);
  });

  it('reports a FAILED manual remediation with its message', async () => {
    await member.send(
      new StartRemediationExecutionCommand({
        ConfigRuleName: SG_RULE,
        ResourceKeys: [
          { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-alltraffic' },
          { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-open0000' },
        ],
      }),
    );
    settle();
    const status = await member.send(new DescribeRemediationExecutionStatusCommand({ ConfigRuleName: SG_RULE }));
    const byId = new Map(status.RemediationExecutionStatuses?.map((s) => [s.ResourceKey?.resourceId, s]));
    expect(byId.get('sg-open0000')?.State).toBe('SUCCEEDED');
    expect(byId.get('sg-alltraffic')?.State).toBe('FAILED');
    expect(byId.get('sg-alltraffic')?.StepDetails?.[0]?.ErrorMessage).toContain('cannot revoke');
  });
});
