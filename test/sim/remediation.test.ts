import { describe, it, expect } from '@jest/globals';
import * as store from '../../src/sim/model/config-store.js';
import { REMEDIATION_KIND_TAG, addAccessKey, matchesEventPattern } from '../../src/sim/model/remediation.js';
import { authorizeIngress } from '../../src/sim/model/security-groups.js';
import {
  DAY,
  MEMBER_A,
  REGION,
  addSecurityGroup,
  addUser,
  complianceOf,
  configWorld,
  deployRemediation,
  deployRule,
  enableConfig,
  key,
  permission,
} from './config-fixtures.js';

const at = { accountId: MEMBER_A, region: REGION };
const DEFAULT_SG_RULE = 'vpc-default-security-group-closed';
const SG_RULE = 'vpc-sg-open-only-to-authorized-ports';
const KEYS_RULE = 'access-keys-rotated';
const UNUSED_RULE = 'iam-user-unused-credentials-check';
const ADMIN_PORTS_PARAMS = { authorizedTcpPorts: '1-21,23-3388,3390-65535', authorizedUdpPorts: '1-65535' };

function executionOf(world: ReturnType<typeof configWorld>['world'], rule: string, resourceId: string) {
  return [...world.region(MEMBER_A, REGION).remediationExecutions.values()].find(
    (x) => x.configRuleName === rule && x.resourceId === resourceId,
  );
}

describe('SSM remediation of the default security group', () => {
  it('AUTO: removes every permission and the group becomes COMPLIANT', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    const group = addSecurityGroup(world, {
      groupId: 'sg-d',
      isDefault: true,
      ingress: [permission('-1', undefined, undefined, { userIdGroupPairs: ['sg-d'] })],
      egress: [permission('-1')],
    });
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    deployRemediation(world, {
      configRuleName: DEFAULT_SG_RULE,
      targetId: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
    });
    settle();
    expect(group.ingress).toEqual([]);
    expect(group.egress).toEqual([]);
    expect(complianceOf(world, DEFAULT_SG_RULE, 'sg-d')).toBe('COMPLIANT');
    expect(executionOf(world, DEFAULT_SG_RULE, 'sg-d')?.state).toBe('SUCCEEDED');
  });

  it('leaves a non-compliant group alone when the rule has no remediation', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    const group = addSecurityGroup(world, { groupId: 'sg-d', isDefault: true, egress: [permission('-1')] });
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    settle();
    expect(group.egress).toHaveLength(1);
    expect(complianceOf(world, DEFAULT_SG_RULE, 'sg-d')).toBe('NON_COMPLIANT');
  });

  it('answers NoSuchRemediationConfigurationException for the status of a rule without remediation, or no rule (AWS model error list)', () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    addSecurityGroup(world, { groupId: 'sg-d', isDefault: true, egress: [permission('-1')] });
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    settle();
    const noConfiguration = expect.objectContaining({
      code: 'NoSuchRemediationConfigurationException',
      message: expect.stringContaining(DEFAULT_SG_RULE),
    });
    expect(() => call('DescribeRemediationExecutionStatus', { ConfigRuleName: DEFAULT_SG_RULE })).toThrow(
      noConfiguration,
    );
    expect(() =>
      call('StartRemediationExecution', {
        ConfigRuleName: DEFAULT_SG_RULE,
        ResourceKeys: [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-d' }],
      }),
    ).toThrow(noConfiguration);
    expect(() => call('DescribeRemediationExecutionStatus', { ConfigRuleName: 'no-such-rule' })).toThrow(
      expect.objectContaining({ code: 'NoSuchRemediationConfigurationException' }),
    );
  });

  it('AUTO switched on later remediates what the rule already holds NON_COMPLIANT, without a new evaluation (PutRemediationConfigurations)', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    const group = addSecurityGroup(world, { groupId: 'sg-d', isDefault: true, egress: [permission('-1')] });
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    settle(DAY);
    expect(complianceOf(world, DEFAULT_SG_RULE, 'sg-d')).toBe('NON_COMPLIANT');
    deployRemediation(world, {
      configRuleName: DEFAULT_SG_RULE,
      targetId: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
    });
    settle();
    expect(executionOf(world, DEFAULT_SG_RULE, 'sg-d')).toMatchObject({ state: 'SUCCEEDED', automatic: true });
    expect(group.egress).toEqual([]);
  });

  it('Automatic=false waits until StartRemediationExecution', () => {
    const { world, settle, call } = configWorld();
    enableConfig(world);
    const group = addSecurityGroup(world, { groupId: 'sg-d', isDefault: true, egress: [permission('-1')] });
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    deployRemediation(world, {
      configRuleName: DEFAULT_SG_RULE,
      targetId: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
      automatic: false,
    });
    settle(DAY);
    expect(group.egress).toHaveLength(1);
    call('StartRemediationExecution', {
      ConfigRuleName: DEFAULT_SG_RULE,
      ResourceKeys: [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-d' }],
    });
    settle();
    expect(group.egress).toEqual([]);
    expect(complianceOf(world, DEFAULT_SG_RULE, 'sg-d')).toBe('COMPLIANT');
    const status = call('DescribeRemediationExecutionStatus', { ConfigRuleName: DEFAULT_SG_RULE });
    expect(status.RemediationExecutionStatuses[0]).toMatchObject({
      ResourceKey: { resourceId: 'sg-d' },
      State: 'SUCCEEDED',
    });
  });

  it('fails on a group that is not named default', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    addSecurityGroup(world, { groupId: 'sg-d', groupName: 'renamed', isDefault: true, egress: [permission('-1')] });
    deployRule(world, DEFAULT_SG_RULE, 'VPC_DEFAULT_SECURITY_GROUP_CLOSED');
    deployRemediation(world, {
      configRuleName: DEFAULT_SG_RULE,
      targetId: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
      maximumAutomaticAttempts: 2,
    });
    settle();
    expect(executionOf(world, DEFAULT_SG_RULE, 'sg-d')).toMatchObject({ state: 'FAILED', attempts: 2 });
    expect(executionOf(world, DEFAULT_SG_RULE, 'sg-d')?.failureMessage).toContain("not named 'default'");
  });
});

describe('AWS-DisablePublicAccessForSecurityGroup', () => {
  function sshWorld(ingress: ReturnType<typeof permission>[], attempts = 3) {
    const t = configWorld();
    enableConfig(t.world);
    const group = addSecurityGroup(t.world, { groupId: 'sg-1', ingress });
    deployRule(t.world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    deployRemediation(t.world, {
      configRuleName: SG_RULE,
      targetId: 'AWS-DisablePublicAccessForSecurityGroup',
      maximumAutomaticAttempts: attempts,
      retryAttemptSeconds: 60,
    });
    return { ...t, group };
  }

  it('revokes exact world-open 22 and 3389 rules and keeps the rest', () => {
    const { world, settle, group } = sshWorld([
      permission('tcp', 22),
      permission('tcp', 3389, 3389, { ipv6Ranges: ['::/0'] }),
      permission('tcp', 443),
      permission('tcp', 22, 22, { ipv4Ranges: ['10.0.0.0/8'] }),
    ]);
    settle();
    expect(group.ingress).toEqual([permission('tcp', 443), permission('tcp', 22, 22, { ipv4Ranges: ['10.0.0.0/8'] })]);
    expect(complianceOf(world, SG_RULE, 'sg-1')).toBe('COMPLIANT');
  });

  it('cannot fix all traffic: stops after MaximumAutomaticAttempts and stays FAILED even much later', () => {
    const { world, settle, call, group } = sshWorld([permission('-1')], 3);
    settle();
    const execution = executionOf(world, SG_RULE, 'sg-1')!;
    expect(execution).toMatchObject({ state: 'FAILED', attempts: 3 });
    expect(execution.failureMessage).toContain('cannot revoke');
    settle(30 * DAY);
    call('StartConfigRulesEvaluation', { ConfigRuleNames: [SG_RULE] });
    settle(30 * DAY);
    expect(executionOf(world, SG_RULE, 'sg-1')).toMatchObject({ state: 'FAILED', attempts: 3 });
    expect(group.ingress).toEqual([permission('-1')]);
    expect(world.scheduler.size).toBe(0);
    const status = call('DescribeRemediationExecutionStatus', { ConfigRuleName: SG_RULE });
    expect(status.RemediationExecutionStatuses[0].State).toBe('FAILED');
    expect(status.RemediationExecutionStatuses[0].StepDetails[0].ErrorMessage).toContain('cannot revoke');
  });

  it('tries again only after the resource changes by hand', () => {
    const { world, settle, group } = sshWorld([permission('tcp', 0, 65535)], 2);
    settle();
    expect(executionOf(world, SG_RULE, 'sg-1')).toMatchObject({ state: 'FAILED', attempts: 2 });
    authorizeIngress(
      world,
      { ...at, groupId: 'sg-1' },
      { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'] },
    );
    settle();
    // A new execution ran: it revoked the exact 22 rule but still cannot revoke the range.
    expect(executionOf(world, SG_RULE, 'sg-1')).toMatchObject({ state: 'FAILED', attempts: 2 });
    expect(group.ingress).toEqual([permission('tcp', 0, 65535)]);
  });

  it('fails with InvalidPermission.NotFound when only other ports make the group non-compliant', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    addSecurityGroup(world, { groupId: 'sg-1', ingress: [permission('tcp', 8080)] });
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', { authorizedTcpPorts: '443' });
    deployRemediation(world, {
      configRuleName: SG_RULE,
      targetId: 'AWS-DisablePublicAccessForSecurityGroup',
      maximumAutomaticAttempts: 1,
    });
    settle();
    expect(executionOf(world, SG_RULE, 'sg-1')?.failureMessage).toContain('InvalidPermission.NotFound');
  });

  it('is a no-op success when the group became compliant before the attempt', () => {
    const { world, clock, group } = sshWorld([permission('tcp', 22)]);
    clock.advance(world.timing.configEvaluationMs);
    world.advance();
    expect(executionOf(world, SG_RULE, 'sg-1')?.state).toBe('QUEUED');
    group.ingress = [permission('tcp', 443)]; // fixed by someone else, not yet re-evaluated
    clock.advance(world.timing.remediationMs);
    world.advance();
    expect(executionOf(world, SG_RULE, 'sg-1')?.state).toBe('SUCCEEDED');
    expect(group.ingress).toEqual([permission('tcp', 443)]);
  });
});

describe('custom revoke-world-open-admin-ports document', () => {
  it('revokes ranges and all traffic that expose 22 or 3389 but keeps an authorized 443 rule', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    const group = addSecurityGroup(world, {
      groupId: 'sg-1',
      ingress: [
        permission('tcp', 0, 65535),
        permission('-1', undefined, undefined, { ipv6Ranges: ['::/0'] }),
        permission('tcp', 3000, 4000, { ipv4Ranges: ['0.0.0.0/0', '10.0.0.0/8'] }),
        permission('tcp', 443),
      ],
    });
    store.putSsmDocument(world, at, {
      name: 'cisfleet-RevokeAdminPorts',
      content: {},
      tags: { [REMEDIATION_KIND_TAG]: 'revoke-world-open-admin-ports' },
    });
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    deployRemediation(world, { configRuleName: SG_RULE, targetId: 'cisfleet-RevokeAdminPorts' });
    settle();
    expect(group.ingress).toEqual([
      permission('tcp', 3000, 4000, { ipv4Ranges: ['10.0.0.0/8'] }),
      permission('tcp', 443),
    ]);
    expect(complianceOf(world, SG_RULE, 'sg-1')).toBe('COMPLIANT');
  });

  it('fails for an unknown kind', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    addSecurityGroup(world, { groupId: 'sg-1', ingress: [permission('tcp', 22)] });
    store.putSsmDocument(world, at, { name: 'doc', content: {}, tags: { [REMEDIATION_KIND_TAG]: 'teleport' } });
    deployRule(world, SG_RULE, 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', ADMIN_PORTS_PARAMS);
    deployRemediation(world, { configRuleName: SG_RULE, targetId: 'doc', maximumAutomaticAttempts: 1 });
    settle();
    expect(executionOf(world, SG_RULE, 'sg-1')?.failureMessage).toContain(
      "unknown cisfleet:remediation kind 'teleport'",
    );
  });
});

describe('AWSConfigRemediation-RevokeUnusedIAMUserCredentials', () => {
  it('deactivates unused keys and removes an unused password, keeping used credentials', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    const now = world.now();
    const user = addUser(
      world,
      'carol',
      [key('AKIAOLD', 200, now), key('AKIAUSED', 200, now, { lastUsedDate: now - DAY })],
      { passwordLastUsed: 'never', passwordCreateDate: now - 100 * DAY },
    );
    deployRule(world, UNUSED_RULE, 'IAM_USER_UNUSED_CREDENTIALS_CHECK', { maxCredentialUsageAge: '45' });
    deployRemediation(world, {
      configRuleName: UNUSED_RULE,
      targetId: 'AWSConfigRemediation-RevokeUnusedIAMUserCredentials',
      parameters: {
        IAMResourceId: { ResourceValue: { Value: 'RESOURCE_ID' } },
        MaxCredentialUsageAge: { StaticValue: { Values: ['45'] } },
      },
    });
    settle();
    expect(user.accessKeys.map((k) => [k.id, k.status])).toEqual([
      ['AKIAOLD', 'Inactive'],
      ['AKIAUSED', 'Active'],
    ]);
    expect(user.passwordLastUsed).toBeUndefined();
    expect(complianceOf(world, UNUSED_RULE, user.userId)).toBe('COMPLIANT');
  });
});

describe('the access-key Lambda path', () => {
  const pattern = {
    source: ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
    detail: {
      messageType: ['ComplianceChangeNotification'],
      configRuleName: [KEYS_RULE],
      newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
    },
  };

  function lambdaWorld(environment: Record<string, string>) {
    const t = configWorld();
    enableConfig(t.world);
    store.putLambdaFunction(t.world, at, {
      name: 'rotate-keys',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      code: '',
      environment,
    });
    store.putEventRule(t.world, at, {
      name: 'keys-non-compliant',
      eventPattern: JSON.stringify(pattern),
      enabled: true,
      targetFunctionName: 'rotate-keys',
    });
    return t;
  }

  it('deactivates old active keys and leaves fresh ones', () => {
    const { world, settle } = lambdaWorld({ MAX_KEY_AGE_DAYS: '90' });
    const now = world.now();
    const user = addUser(world, 'dave', [key('AKIAOLD', 120, now), key('AKIANEW', 5, now)]);
    deployRule(world, KEYS_RULE, 'ACCESS_KEYS_ROTATED', { maxAccessKeyAge: '90' });
    settle();
    expect(user.accessKeys.map((k) => [k.id, k.status])).toEqual([
      ['AKIAOLD', 'Inactive'],
      ['AKIANEW', 'Active'],
    ]);
    expect(complianceOf(world, KEYS_RULE, user.userId)).toBe('COMPLIANT');
  });

  it('skips users carrying the exempt tag', () => {
    const { world, settle } = lambdaWorld({ EXEMPT_TAG_KEY: 'cisfleet:exempt' });
    const user = addUser(world, 'erin', [key('AKIAOLD', 120, world.now())], { tags: { 'cisfleet:exempt': 'true' } });
    deployRule(world, KEYS_RULE, 'ACCESS_KEYS_ROTATED');
    settle();
    expect(user.accessKeys[0]?.status).toBe('Active');
    expect(complianceOf(world, KEYS_RULE, user.userId)).toBe('NON_COMPLIANT');
  });

  it('with KEY_ACTION=DELETE deletes only keys Inactive for the grace period, deactivating active ones first', () => {
    const { world, settle } = lambdaWorld({ KEY_ACTION: 'DELETE', DELETE_GRACE_DAYS: '30' });
    const now = world.now();
    const user = addUser(world, 'frank', [
      key('AKIALONGINACTIVE', 200, now, { status: 'Inactive', deactivatedDate: now - 40 * DAY }),
      key('AKIARECENTINACTIVE', 200, now, { status: 'Inactive', deactivatedDate: now - 5 * DAY }),
      key('AKIAOLDACTIVE', 120, now),
    ]);
    deployRule(world, KEYS_RULE, 'ACCESS_KEYS_ROTATED');
    settle();
    expect(user.accessKeys.map((k) => [k.id, k.status])).toEqual([
      ['AKIARECENTINACTIVE', 'Inactive'],
      ['AKIAOLDACTIVE', 'Inactive'],
    ]);
  });

  it('reacts to a key added by hand later', () => {
    const { world, settle } = lambdaWorld({});
    const user = addUser(world, 'gina', []);
    deployRule(world, KEYS_RULE, 'ACCESS_KEYS_ROTATED');
    settle();
    expect(complianceOf(world, KEYS_RULE, user.userId)).toBe('COMPLIANT');
    addAccessKey(world, MEMBER_A, 'gina', key('AKIAIMPORTED', 365, world.now()));
    settle();
    expect(user.accessKeys[0]?.status).toBe('Inactive');
  });

  it('starts the grace period of an Inactive key whose deactivation date is unknown instead of deleting it', () => {
    const { world, settle } = lambdaWorld({ KEY_ACTION: 'DELETE', DELETE_GRACE_DAYS: '30' });
    const now = world.now();
    const user = addUser(world, 'ivan', [
      key('AKIAUNKNOWN', 300, now, { status: 'Inactive' }),
      key('AKIAOLDACTIVE', 120, now),
    ]);
    deployRule(world, KEYS_RULE, 'ACCESS_KEYS_ROTATED');
    settle();
    expect(user.accessKeys.map((k) => k.id)).toEqual(['AKIAUNKNOWN', 'AKIAOLDACTIVE']);
    expect(user.accessKeys[0]?.deactivatedDate).toBeGreaterThan(now);
  });

  it('ignores events of another rule than RULE_NAME even when the pattern matches them', () => {
    const { world, settle } = configWorld();
    enableConfig(world);
    store.putLambdaFunction(world, at, {
      name: 'rotate-keys',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      code: '',
      environment: { RULE_NAME: KEYS_RULE },
    });
    store.putEventRule(world, at, {
      name: 'any-non-compliant',
      eventPattern: { source: ['aws.config'], detail: { newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } } },
      enabled: true,
      targetFunctionName: 'rotate-keys',
    });
    const user = addUser(world, 'judy', [key('AKIAOLD', 200, world.now())]);
    deployRule(world, UNUSED_RULE, 'IAM_USER_UNUSED_CREDENTIALS_CHECK');
    settle();
    expect(user.accessKeys[0]?.status).toBe('Active');
    deployRule(world, KEYS_RULE, 'ACCESS_KEYS_ROTATED');
    settle();
    expect(user.accessKeys[0]?.status).toBe('Inactive');
  });

  it('ignores events of an unrelated rule', () => {
    const { world, settle } = lambdaWorld({});
    const user = addUser(world, 'hank', [key('AKIAOLD', 200, world.now())]);
    deployRule(world, UNUSED_RULE, 'IAM_USER_UNUSED_CREDENTIALS_CHECK');
    settle();
    expect(complianceOf(world, UNUSED_RULE, user.userId)).toBe('NON_COMPLIANT');
    expect(user.accessKeys[0]?.status).toBe('Active');
  });
});

describe('EventBridge pattern matching', () => {
  const event = {
    source: 'aws.config',
    'detail-type': 'Config Rules Compliance Change',
    resources: ['arn:aws:config:us-east-1:1:config-rule/config-rule-x'],
    detail: {
      configRuleName: 'OrgConfigRule-cis-keys-ab12',
      newEvaluationResult: { complianceType: 'NON_COMPLIANT' },
      count: 5,
    },
  };
  it.each<[string, boolean, unknown]>([
    [
      'exact values',
      true,
      { source: ['aws.config'], detail: { newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } } },
    ],
    ['a wrong nested value', false, { detail: { newEvaluationResult: { complianceType: ['COMPLIANT'] } } }],
    ['prefix', true, { detail: { configRuleName: [{ prefix: 'OrgConfigRule-cis-keys' }] } }],
    ['a wrong prefix', false, { detail: { configRuleName: [{ prefix: 'cis-keys' }] } }],
    ['suffix', true, { detail: { configRuleName: [{ suffix: '-ab12' }] } }],
    [
      'anything-but a list',
      true,
      { detail: { newEvaluationResult: { complianceType: [{ 'anything-but': ['COMPLIANT', 'NOT_APPLICABLE'] }] } } },
    ],
    [
      'anything-but the value',
      false,
      { detail: { newEvaluationResult: { complianceType: [{ 'anything-but': 'NON_COMPLIANT' }] } } },
    ],
    ['anything-but a prefix', false, { detail: { configRuleName: [{ 'anything-but': { prefix: 'OrgConfigRule' } }] } }],
    ['exists true', true, { detail: { configRuleName: [{ exists: true }] } }],
    ['exists false on a present field', false, { detail: { configRuleName: [{ exists: false }] } }],
    ['exists false on a missing field', true, { detail: { oldEvaluationResult: [{ exists: false }] } }],
    ['a missing field', false, { detail: { resourceType: ['AWS::IAM::User'] } }],
    ['an array field', true, { resources: ['arn:aws:config:us-east-1:1:config-rule/config-rule-x'] }],
    ['equals-ignore-case', true, { 'detail-type': [{ 'equals-ignore-case': 'config rules compliance change' }] }],
    ['numeric', true, { detail: { count: [{ numeric: ['>', 1, '<=', 5] }] } }],
    ['a pattern as a JSON string', true, JSON.stringify({ source: ['aws.config'] })],
  ])('%s → %s', (_label, expected, pattern) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });
});
