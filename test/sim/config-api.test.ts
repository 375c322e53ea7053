import { describe, it, expect } from '@jest/globals';
import * as store from '../../src/sim/model/config-store.js';
import { authorizeIngress } from '../../src/sim/model/security-groups.js';
import {
  MANAGEMENT,
  MEMBER_A,
  MEMBER_B,
  OTHER_REGION,
  REGION,
  SUSPENDED,
  DAY,
  addSecurityGroup,
  addUser,
  complianceOf,
  configWorld,
  deployRule,
  enableConfig,
  permission,
} from './config-fixtures.js';
import { at } from '../helpers/elements.js';
import type { UntypedJson } from '../helpers/untyped-json.js';

const SG_RULE = 'vpc-sg-open-only-to-authorized-ports';
const DEFAULT_SG_RULE = 'vpc-default-security-group-closed';
const ADMIN_PORTS_PARAMS = { authorizedTcpPorts: '1-21,23-3388,3390-65535' };

/** `count` non-default groups open to the world on tcp 22 (NON_COMPLIANT under SG_RULE). */
function addOpenGroups(
  world: ReturnType<typeof configWorld>['world'],
  count: number,
  accountId = MEMBER_A,
  region = REGION,
): void {
  for (let i = 0; i < count; i++) {
    addSecurityGroup(
      world,
      { groupId: `sg-${String(i).padStart(5, '0')}`, ingress: [permission('tcp', 22)] },
      accountId,
      region,
    );
  }
}

describe('evaluation timing', () => {
  it('evaluates a new rule timing.configEvaluationMs after it is created, not before', () => {
    const { world, clock, settle } = configWorld();
    enableConfig(world);
    addSecurityGroup(world, { groupId: 'sg-1', isDefault: true, egress: [permission('-1')] });
    const createdAt = world.now();
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    clock.advance(world.timing.configEvaluationMs - 1);
    world.advance();
    expect(complianceOf(world, DEFAULT_SG_RULE, 'sg-1')).toBeUndefined();
    settle(1);
    const evaluation = at(
      [...world.region(MEMBER_A, REGION).evaluations.get(DEFAULT_SG_RULE)!.values()],
      0,
      'evaluation',
    );
    expect(evaluation.complianceType).toBe('NON_COMPLIANT');
    expect(evaluation.configRuleInvokedTime).toBe(createdAt);
    expect(evaluation.resultRecordedTime).toBe(createdAt + world.timing.configEvaluationMs);
  });

  it('has no evaluations without a recording recorder, and reports INSUFFICIENT_DATA', () => {
    const { world, settle, call } = configWorld();
    store.putRecorder(
      world,
      { accountId: MEMBER_A, region: REGION },
      { name: 'default', roleArn: 'r', allSupported: true, includeGlobalResourceTypes: false, recording: false },
    );
    addOpenGroups(world, 3);
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    settle();
    expect(world.region(MEMBER_A, REGION).evaluations.get(SG_RULE)?.size ?? 0).toBe(0);
    const out = call('DescribeComplianceByConfigRule', {});
    expect(out.ComplianceByConfigRules).toEqual([
      { ConfigRuleName: SG_RULE, Compliance: { ComplianceType: 'INSUFFICIENT_DATA' } },
    ]);
  });

  it('evaluates deployed rules once the recorder starts', () => {
    const { world, settle } = configWorld();
    const at = { accountId: MEMBER_A, region: REGION };
    store.putRecorder(world, at, {
      name: 'default',
      roleArn: 'r',
      allSupported: true,
      includeGlobalResourceTypes: false,
      recording: false,
    });
    store.putDeliveryChannel(world, at, { name: 'default', s3BucketName: 'b' });
    addOpenGroups(world, 2);
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    settle();
    expect(complianceOf(world, SG_RULE, 'sg-00000')).toBeUndefined();
    store.startRecorder(world, at, 'default');
    settle();
    expect(complianceOf(world, SG_RULE, 'sg-00000')).toBe('NON_COMPLIANT');
  });

  it('re-evaluates a resource when it changes', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    addSecurityGroup(world, { groupId: 'sg-1', ingress: [permission('tcp', 443)] });
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    settle();
    expect(complianceOf(world, SG_RULE, 'sg-1')).toBe('COMPLIANT');
    authorizeIngress(
      world,
      { accountId: MEMBER_A, region: REGION, groupId: 'sg-1' },
      { ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, ipv6Ranges: ['::/0'] },
    );
    settle();
    expect(complianceOf(world, SG_RULE, 'sg-1')).toBe('NON_COMPLIANT');
  });

  it("drops a deleted rule's evaluations and never runs its pending evaluation", () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    addOpenGroups(world, 2);
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    settle();
    expect(world.region(MEMBER_A, REGION).evaluations.get(SG_RULE)?.size).toBe(2);
    call('StartConfigRulesEvaluation', { ConfigRuleNames: [SG_RULE] });
    call('DeleteConfigRule', { ConfigRuleName: SG_RULE });
    settle();
    expect(world.region(MEMBER_A, REGION).evaluations.has(SG_RULE)).toBe(false);
    expect(() => call('DescribeConfigRules', { ConfigRuleNames: [SG_RULE] })).toThrow(
      expect.objectContaining({ code: 'NoSuchConfigRuleException' }),
    );
  });
});

describe('periodic evaluation', () => {
  const KEYS_RULE = 'access-keys-rotated';

  it('runs a periodic rule every 24 hours on its own: a key that ages past the limit is found without any change', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    const user = addUser(world, 'alice', [{ id: 'AKIAALICE', status: 'Active', createDate: world.now() - 89 * DAY }]);
    deployRule(world, KEYS_RULE, 'ACCESS_KEYS_ROTATED', { maxAccessKeyAge: '90' });
    settle();
    expect(complianceOf(world, KEYS_RULE, user.userId)).toBe('COMPLIANT');

    // A day and a half later the key is 90.5 days old; the run at 24 h found it, and nothing else happened.
    settle(1.5 * DAY);
    expect(complianceOf(world, KEYS_RULE, user.userId)).toBe('NON_COMPLIANT');
    const evaluation = world.region(MEMBER_A, REGION).evaluations.get(KEYS_RULE)!.values().next().value!;
    expect(evaluation.configRuleInvokedTime).toBeGreaterThan(world.now() - DAY);
  });

  it('follows MaximumExecutionFrequency, leaves change-triggered rules alone, and stops with the rule', () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    addUser(world, 'bob', [{ id: 'AKIABOB', status: 'Active', createDate: world.now() }]);
    addSecurityGroup(world, { groupId: 'sg-1', isDefault: true });
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    store.putConfigRule(
      world,
      { accountId: MEMBER_A, region: REGION },
      {
        name: KEYS_RULE,
        arn: `arn:aws:config:${REGION}:${MEMBER_A}:config-rule/config-rule-keys`,
        id: 'config-rule-keys',
        sourceIdentifier: 'ACCESS_KEYS_ROTATED',
        inputParameters: { maxAccessKeyAge: '90' },
        maximumExecutionFrequency: 'Six_Hours',
        createdAt: world.now(),
      },
    );
    settle();
    const runsOf = (rule: string) =>
      world.region(MEMBER_A, REGION).evaluations.get(rule)!.values().next().value!.resultRecordedTime;
    const firstKeys = runsOf(KEYS_RULE);
    const firstSg = runsOf(DEFAULT_SG_RULE);
    settle(6 * 60 * 60_000);
    // Due six hours after the last run, then evaluated after the usual delay.
    expect(runsOf(KEYS_RULE)).toBe(firstKeys + 6 * 60 * 60_000 + world.timing.configEvaluationMs);
    expect(runsOf(DEFAULT_SG_RULE)).toBe(firstSg);

    call('DeleteConfigRule', { ConfigRuleName: KEYS_RULE });
    settle(2 * DAY);
    expect(world.region(MEMBER_A, REGION).evaluations.has(KEYS_RULE)).toBe(false);
  });
});

describe('single-account compliance APIs', () => {
  it('caps DescribeComplianceByConfigRule at 100 and pages exact counts from GetComplianceDetailsByConfigRule', () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    addOpenGroups(world, 150);
    addSecurityGroup(world, { groupId: 'sg-closed' });
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    settle();

    const described = call('DescribeComplianceByConfigRule', {
      ConfigRuleNames: [SG_RULE],
      ComplianceTypes: ['NON_COMPLIANT'],
    });
    expect(described.ComplianceByConfigRules[0].Compliance).toEqual({
      ComplianceType: 'NON_COMPLIANT',
      ComplianceContributorCount: { CappedCount: 100, CapExceeded: true },
    });

    const firstDefault = call('GetComplianceDetailsByConfigRule', {
      ConfigRuleName: SG_RULE,
      ComplianceTypes: ['NON_COMPLIANT'],
    });
    expect(firstDefault.EvaluationResults).toHaveLength(10);

    const ids = new Set<string>();
    let token: string | undefined;
    do {
      const page = call('GetComplianceDetailsByConfigRule', {
        ConfigRuleName: SG_RULE,
        ComplianceTypes: ['NON_COMPLIANT'],
        Limit: 100,
        NextToken: token,
      });
      for (const r of page.EvaluationResults)
        ids.add(r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId);
      token = page.NextToken;
    } while (token);
    expect(ids.size).toBe(150);

    const all = call('GetComplianceDetailsByConfigRule', {
      ConfigRuleName: SG_RULE,
      ComplianceTypes: ['NOT_APPLICABLE'],
    });
    expect(
      all.EvaluationResults.map((r: UntypedJson) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId),
    ).toEqual(['sg-closed']);
    expect(all.EvaluationResults[0].ResultRecordedTime).toBeInstanceOf(Date);
  });

  it('rejects INSUFFICIENT_DATA as a details filter and a Limit over 100', () => {
    const { world, call } = configWorld();
    enableConfig(world);
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS');
    expect(() =>
      call('GetComplianceDetailsByConfigRule', { ConfigRuleName: SG_RULE, ComplianceTypes: ['INSUFFICIENT_DATA'] }),
    ).toThrow(expect.objectContaining({ code: 'InvalidParameterValueException' }));
    expect(() => call('GetComplianceDetailsByConfigRule', { ConfigRuleName: SG_RULE, Limit: 101 })).toThrow(
      expect.objectContaining({ code: 'InvalidLimitException' }),
    );
  });

  it('counts rules, not resources, in GetComplianceSummaryByConfigRule', () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    addOpenGroups(world, 30);
    addSecurityGroup(world, { groupId: 'sg-default', isDefault: true });
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    deployRule(world, 'custom', 'CUSTOM_NOT_SIMULATED');
    settle();
    const summary = call('GetComplianceSummaryByConfigRule').ComplianceSummary;
    expect(summary.NonCompliantResourceCount).toEqual({ CappedCount: 1, CapExceeded: false });
    expect(summary.CompliantResourceCount).toEqual({ CappedCount: 1, CapExceeded: false });
  });

  it('pages DescribeConfigRules and DescribeComplianceByConfigRule by 25', () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    for (let i = 0; i < 30; i++)
      deployRule(world, `rule-${String(i).padStart(2, '0')}`, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    settle();
    const first = call('DescribeConfigRules');
    expect(first.ConfigRules).toHaveLength(25);
    const second = call('DescribeConfigRules', { NextToken: first.NextToken });
    expect(second.ConfigRules).toHaveLength(5);
    expect(second.NextToken).toBeUndefined();
    const compliance = call('DescribeComplianceByConfigRule', {
      NextToken: call('DescribeComplianceByConfigRule').NextToken,
    });
    expect(compliance.ComplianceByConfigRules.map((r: { ConfigRuleName: string }) => r.ConfigRuleName)).toEqual([
      'rule-25',
      'rule-26',
      'rule-27',
      'rule-28',
      'rule-29',
    ]);
    expect(first.ConfigRules[0]).toMatchObject({
      ConfigRuleName: 'rule-00',
      Source: { Owner: 'AWS', SourceIdentifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' },
      ConfigRuleState: 'ACTIVE',
    });
  });

  it('rate-limits StartConfigRulesEvaluation per rule within a minute of simulated time', () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS');
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    call('StartConfigRulesEvaluation', { ConfigRuleNames: [SG_RULE] });
    settle(30_000);
    expect(() => call('StartConfigRulesEvaluation', { ConfigRuleNames: [SG_RULE] })).toThrow(
      expect.objectContaining({ code: 'LimitExceededException' }),
    );
    expect(() => call('StartConfigRulesEvaluation', { ConfigRuleNames: [DEFAULT_SG_RULE] })).not.toThrow();
    settle(30_000);
    expect(() => call('StartConfigRulesEvaluation', { ConfigRuleNames: [SG_RULE] })).not.toThrow();
    expect(() =>
      call('StartConfigRulesEvaluation', { ConfigRuleNames: Array.from({ length: 26 }, () => SG_RULE) }),
    ).toThrow(expect.objectContaining({ code: 'InvalidParameterValueException' }));
  });

  it('re-evaluates against current state on StartConfigRulesEvaluation', () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    const group = addSecurityGroup(world, { groupId: 'sg-1', isDefault: true });
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    settle();
    expect(complianceOf(world, DEFAULT_SG_RULE, 'sg-1')).toBe('COMPLIANT');
    group.egress.push(permission('-1')); // changed without an event: only a manual evaluation sees it
    call('StartConfigRulesEvaluation', { ConfigRuleNames: [DEFAULT_SG_RULE] });
    settle();
    expect(complianceOf(world, DEFAULT_SG_RULE, 'sg-1')).toBe('NON_COMPLIANT');
  });

  it('keeps one recorder per region and reports its status', () => {
    const { world, call } = configWorld();
    call('PutConfigurationRecorder', {
      ConfigurationRecorder: {
        name: 'default',
        roleARN: 'arn:aws:iam::1:role/c',
        recordingGroup: { allSupported: true },
      },
    });
    expect(() => call('PutConfigurationRecorder', { ConfigurationRecorder: { name: 'other', roleARN: 'r' } })).toThrow(
      expect.objectContaining({ code: 'MaxNumberOfConfigurationRecordersExceededException' }),
    );
    expect(() => call('StartConfigurationRecorder', { ConfigurationRecorderName: 'default' })).toThrow(
      expect.objectContaining({ code: 'NoAvailableDeliveryChannelException' }),
    );
    call('PutDeliveryChannel', { DeliveryChannel: { name: 'default', s3BucketName: 'bucket' } });
    call('StartConfigurationRecorder', { ConfigurationRecorderName: 'default' });
    expect(call('DescribeConfigurationRecorders').ConfigurationRecorders[0]).toMatchObject({
      name: 'default',
      roleARN: 'arn:aws:iam::1:role/c',
    });
    expect(call('DescribeConfigurationRecorderStatus').ConfigurationRecordersStatus[0]).toMatchObject({
      name: 'default',
      recording: true,
      lastStatus: 'SUCCESS',
    });
    expect(call('DescribeDeliveryChannels').DeliveryChannels).toEqual([{ name: 'default', s3BucketName: 'bucket' }]);
    expect(world.region(MEMBER_A, REGION).recorder?.recording).toBe(true);
  });
});

describe('organization aggregator', () => {
  function aggregatedWorld() {
    const t = configWorld();
    const { world, settle, call } = t;
    for (const accountId of [MEMBER_A, MEMBER_B, SUSPENDED]) {
      enableConfig(world, accountId);
      addOpenGroups(world, accountId === MEMBER_A ? 120 : 3, accountId);
      deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS, accountId);
      deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', {}, accountId);
    }
    // A region the aggregator does not cover.
    enableConfig(world, MEMBER_B, OTHER_REGION);
    addOpenGroups(world, 4, MEMBER_B, OTHER_REGION);
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS, MEMBER_B, OTHER_REGION);
    settle();
    call(
      'PutConfigurationAggregator',
      {
        ConfigurationAggregatorName: 'org',
        OrganizationAggregationSource: { RoleArn: 'arn:aws:iam::111111111111:role/agg', AwsRegions: [REGION] },
      },
      MANAGEMENT,
    );
    return t;
  }

  function pageAll(
    call: ReturnType<typeof configWorld>['call'],
    action: string,
    input: Record<string, unknown>,
    key: string,
  ): { items: UntypedJson[]; emptyPages: number } {
    const items: UntypedJson[] = [];
    let emptyPages = 0;
    let token: string | undefined;
    do {
      const page = call(action, { ...input, NextToken: token }, MANAGEMENT);
      if (page[key].length === 0 && page.NextToken) emptyPages++;
      items.push(...page[key]);
      token = page.NextToken;
    } while (token);
    return { items, emptyPages };
  }

  it('lists each rule per ACTIVE account and aggregator region, with capped contributor counts', () => {
    const { call } = aggregatedWorld();
    const { items } = pageAll(
      call,
      'DescribeAggregateComplianceByConfigRules',
      { ConfigurationAggregatorName: 'org', Filters: { ComplianceType: 'NON_COMPLIANT' } },
      'AggregateComplianceByConfigRules',
    );
    expect(items.map((r) => `${r.AccountId}/${r.AwsRegion}/${r.ConfigRuleName}`)).toEqual([
      `${MEMBER_A}/${REGION}/${SG_RULE}`,
      `${MEMBER_B}/${REGION}/${SG_RULE}`,
    ]);
    expect(items[0].Compliance.ComplianceContributorCount).toEqual({ CappedCount: 100, CapExceeded: true });
    expect(items[1].Compliance.ComplianceContributorCount).toEqual({ CappedCount: 3, CapExceeded: false });
  });

  it('returns some empty pages with a NextToken when paging small pages', () => {
    const { call } = aggregatedWorld();
    const { items, emptyPages } = pageAll(
      call,
      'DescribeAggregateComplianceByConfigRules',
      { ConfigurationAggregatorName: 'org', Limit: 1 },
      'AggregateComplianceByConfigRules',
    );
    // Only rules with results: the default-SG rule has none (no default groups) → omitted.
    expect(items).toHaveLength(2);
    expect(emptyPages).toBe(0); // two items in two pages: no page in between that could be empty
    const details = pageAll(
      call,
      'GetAggregateComplianceDetailsByConfigRule',
      {
        ConfigurationAggregatorName: 'org',
        ConfigRuleName: SG_RULE,
        AccountId: MEMBER_A,
        AwsRegion: REGION,
        ComplianceType: 'NON_COMPLIANT',
        Limit: 10,
      },
      'AggregateEvaluationResults',
    );
    expect(details.emptyPages).toBeGreaterThan(0);
    expect(
      new Set(details.items.map((r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId)).size,
    ).toBe(120);
    expect(details.items[0]).toMatchObject({ AccountId: MEMBER_A, AwsRegion: REGION, ComplianceType: 'NON_COMPLIANT' });
  });

  it('requires account, region and rule for details, and a known aggregator', () => {
    const { call } = aggregatedWorld();
    expect(() =>
      call(
        'GetAggregateComplianceDetailsByConfigRule',
        { ConfigurationAggregatorName: 'org', ConfigRuleName: SG_RULE, AccountId: MEMBER_A },
        MANAGEMENT,
      ),
    ).toThrow(expect.objectContaining({ code: 'InvalidParameterValueException' }));
    expect(() =>
      call('DescribeAggregateComplianceByConfigRules', { ConfigurationAggregatorName: 'nope' }, MANAGEMENT),
    ).toThrow(expect.objectContaining({ code: 'NoSuchConfigurationAggregatorException' }));
  });

  it('summarises rules per account or region', () => {
    const { call } = aggregatedWorld();
    const byAccount = call(
      'GetAggregateConfigRuleComplianceSummary',
      { ConfigurationAggregatorName: 'org', GroupByKey: 'ACCOUNT_ID' },
      MANAGEMENT,
    );
    expect(
      byAccount.AggregateComplianceCounts.map((c: UntypedJson) => [
        c.GroupName,
        c.ComplianceSummary.NonCompliantResourceCount.CappedCount,
      ]),
    ).toEqual([
      [MEMBER_A, 1],
      [MEMBER_B, 1],
    ]);
    const byRegion = call(
      'GetAggregateConfigRuleComplianceSummary',
      { ConfigurationAggregatorName: 'org', GroupByKey: 'AWS_REGION' },
      MANAGEMENT,
    );
    expect(byRegion.AggregateComplianceCounts).toHaveLength(1);
    expect(byRegion.AggregateComplianceCounts[0].ComplianceSummary.NonCompliantResourceCount.CappedCount).toBe(2);
  });

  it('lives in the management account only', () => {
    const { call } = aggregatedWorld();
    expect(call('DescribeConfigurationAggregators', {}, MANAGEMENT).ConfigurationAggregators[0]).toMatchObject({
      ConfigurationAggregatorName: 'org',
      OrganizationAggregationSource: { AwsRegions: [REGION], AllAwsRegions: false },
    });
    expect(() =>
      call(
        'PutConfigurationAggregator',
        { ConfigurationAggregatorName: 'x', OrganizationAggregationSource: { RoleArn: 'r', AllAwsRegions: true } },
        MEMBER_A,
      ),
    ).toThrow(expect.objectContaining({ code: 'OrganizationAccessDeniedException' }));
  });
});
