import { describe, it, expect } from '@jest/globals';
import { evaluateRule, firstUnauthorizedPort, parsePortRanges } from '../../src/sim/model/rule-evaluator.js';
import type { SimConfigRule, SimPermission } from '../../src/sim/model/types.js';
import { DAY, MEMBER_A, REGION, addSecurityGroup, addUser, configWorld, key, permission } from './config-fixtures.js';

function rule(sourceIdentifier: string, inputParameters: Record<string, string> = {}): SimConfigRule {
  return { name: 'r', arn: 'arn:r', id: 'config-rule-r', sourceIdentifier, inputParameters, createdAt: 0 };
}

function evaluateGroup(
  sourceIdentifier: string,
  params: Record<string, string>,
  group: { isDefault?: boolean; ingress?: SimPermission[]; egress?: SimPermission[] },
) {
  const { world } = configWorld();
  addSecurityGroup(world, { groupId: 'sg-1', ...group });
  const results = evaluateRule(world, world.region(MEMBER_A, REGION), rule(sourceIdentifier, params), world.now());
  expect(results).toHaveLength(1);
  return results[0]!;
}

describe('VPC_DEFAULT_SECURITY_GROUP_CLOSED', () => {
  it.each([
    ['an empty default group', 'COMPLIANT', { isDefault: true }],
    ['a default group with only egress', 'NON_COMPLIANT', { isDefault: true, egress: [permission('-1')] }],
    [
      'a default group with self-referencing ingress',
      'NON_COMPLIANT',
      { isDefault: true, ingress: [permission('-1', undefined, undefined, { userIdGroupPairs: ['sg-1'] })] },
    ],
    ['a non-default group open to the world', 'NOT_APPLICABLE', { isDefault: false, ingress: [permission('tcp', 22)] }],
  ])('%s is %s', (_label, expected, group) => {
    const result = evaluateGroup('VPC_DEFAULT_SECURITY_GROUP_CLOSED', {}, group);
    expect(result.complianceType).toBe(expected);
    expect(result.resourceType).toBe('AWS::EC2::SecurityGroup');
  });
});

describe('VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', () => {
  const everythingButAdmin = {
    authorizedTcpPorts: '1-21,23-3388,3390-65535',
    authorizedUdpPorts: '1-21,23-3388,3390-65535',
  };
  it.each<[string, string, Record<string, string>, SimPermission[]]>([
    [
      'no world-open ingress',
      'NOT_APPLICABLE',
      everythingButAdmin,
      [permission('tcp', 22, 22, { ipv4Ranges: ['10.0.0.0/8'] })],
    ],
    ['no ingress at all', 'NOT_APPLICABLE', everythingButAdmin, []],
    ['world-open tcp 22', 'NON_COMPLIANT', everythingButAdmin, [permission('tcp', 22)]],
    ['world-open tcp 80', 'COMPLIANT', everythingButAdmin, [permission('tcp', 80)]],
    [
      'world-open tcp 3389 over IPv6 only',
      'NON_COMPLIANT',
      everythingButAdmin,
      [permission('tcp', 3389, 3389, { ipv6Ranges: ['::/0'] })],
    ],
    ['a tcp range 0-65535 containing 22', 'NON_COMPLIANT', everythingButAdmin, [permission('tcp', 0, 65535)]],
    [
      'a tcp range 1000-2000 inside an authorized range',
      'COMPLIANT',
      everythingButAdmin,
      [permission('tcp', 1000, 2000)],
    ],
    ['a tcp range 20-25 spanning 22', 'NON_COMPLIANT', everythingButAdmin, [permission('tcp', 20, 25)]],
    ['all traffic', 'NON_COMPLIANT', everythingButAdmin, [permission('-1')]],
    [
      'udp 22 when only tcp is restricted',
      'COMPLIANT',
      { authorizedTcpPorts: '443', authorizedUdpPorts: '1-65535' },
      [permission('udp', 22)],
    ],
    [
      'udp 53 without authorized udp ports',
      'NON_COMPLIANT',
      { authorizedTcpPorts: '1-65535' },
      [permission('udp', 53)],
    ],
    ['tcp 443 authorized as a single port', 'COMPLIANT', { authorizedTcpPorts: '443' }, [permission('tcp', 443)]],
    ['tcp 443 when only 80 is authorized', 'NON_COMPLIANT', { authorizedTcpPorts: '80' }, [permission('tcp', 443)]],
    ['world-open tcp 443 without parameters', 'NON_COMPLIANT', {}, [permission('tcp', 443)]],
    ['world-open icmp', 'COMPLIANT', {}, [permission('icmp', -1, -1)]],
    [
      'a mixed source where 22 is world-open',
      'NON_COMPLIANT',
      everythingButAdmin,
      [permission('tcp', 22, 22, { ipv4Ranges: ['10.0.0.0/8', '0.0.0.0/0'] })],
    ],
  ])('%s → %s', (_label, expected, params, ingress) => {
    expect(evaluateGroup('VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', params, { ingress }).complianceType).toBe(expected);
  });

  it('names the unauthorized port in the annotation', () => {
    const result = evaluateGroup('VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', everythingButAdmin, {
      ingress: [permission('tcp', 0, 65535)],
    });
    expect(result.annotation).toContain('port 0');
  });
});

describe('port lists', () => {
  it('parses single ports and ranges, skipping malformed items', () => {
    expect(parsePortRanges('443, 1020-1025,x,30-20')).toEqual([
      [443, 443],
      [1020, 1025],
    ]);
    expect(parsePortRanges(undefined)).toEqual([]);
  });

  it.each<[[number, number], string, number | undefined]>([
    [[22, 22], '1-21,23-3388', 22],
    [[1, 21], '1-21,23-3388', undefined],
    [[0, 65535], '0-21,23-65535', 22],
    [[23, 3388], '23-100,101-3388', undefined],
    [[3380, 3400], '1-21,23-3388,3390-65535', 3389],
  ])('the first unauthorized port of %j under %s is %s', (range, list, expected) => {
    expect(firstUnauthorizedPort(range, parsePortRanges(list))).toBe(expected);
  });
});

describe('ACCESS_KEYS_ROTATED', () => {
  function evaluateUser(params: Record<string, string>, keys: (now: number) => Parameters<typeof addUser>[2]) {
    const { world } = configWorld();
    const user = addUser(world, 'alice', keys(world.now()));
    const [result] = evaluateRule(
      world,
      world.region(MEMBER_A, REGION),
      rule('ACCESS_KEYS_ROTATED', params),
      world.now(),
    );
    expect(result?.resourceId).toBe(user.userId);
    expect(result?.resourceType).toBe('AWS::IAM::User');
    return result?.complianceType;
  }

  it.each<[string, string, Record<string, string>, (now: number) => Parameters<typeof addUser>[2]]>([
    ['a 100-day-old key with the rule default (90)', 'NON_COMPLIANT', {}, (now) => [key('AKIA1', 100, now)]],
    ['an 80-day-old key with the rule default', 'COMPLIANT', {}, (now) => [key('AKIA1', 80, now)]],
    [
      'a 100-day-old key with maxAccessKeyAge 120',
      'COMPLIANT',
      { maxAccessKeyAge: '120' },
      (now) => [key('AKIA1', 100, now)],
    ],
    [
      'a 50-day-old key with maxAccessKeyAge 45',
      'NON_COMPLIANT',
      { maxAccessKeyAge: '45' },
      (now) => [key('AKIA1', 50, now)],
    ],
    ['an old Inactive key', 'COMPLIANT', {}, (now) => [key('AKIA1', 300, now, { status: 'Inactive' })]],
    ['one fresh and one old active key', 'NON_COMPLIANT', {}, (now) => [key('AKIA1', 1, now), key('AKIA2', 91, now)]],
    ['no keys', 'COMPLIANT', {}, () => []],
  ])('%s → %s', (_label, expected, params, keys) => {
    expect(evaluateUser(params, keys)).toBe(expected);
  });
});

describe('IAM_USER_UNUSED_CREDENTIALS_CHECK', () => {
  it.each<
    [
      string,
      string,
      Record<string, string>,
      (now: number) => Parameters<typeof addUser>[3] & { keys?: Parameters<typeof addUser>[2] },
    ]
  >([
    [
      'an old key used 10 days ago',
      'COMPLIANT',
      {},
      (now) => ({ keys: [key('AKIA1', 200, now, { lastUsedDate: now - 10 * DAY })] }),
    ],
    ['a never-used key created 100 days ago', 'NON_COMPLIANT', {}, (now) => ({ keys: [key('AKIA1', 100, now)] })],
    [
      'a key used 50 days ago with maxCredentialUsageAge 45',
      'NON_COMPLIANT',
      { maxCredentialUsageAge: '45' },
      (now) => ({ keys: [key('AKIA1', 200, now, { lastUsedDate: now - 50 * DAY })] }),
    ],
    [
      'a key used 50 days ago with the default 90',
      'COMPLIANT',
      {},
      (now) => ({ keys: [key('AKIA1', 200, now, { lastUsedDate: now - 50 * DAY })] }),
    ],
    ['an unused Inactive key', 'COMPLIANT', {}, (now) => ({ keys: [key('AKIA1', 200, now, { status: 'Inactive' })] })],
    [
      'a never-used password created 100 days ago',
      'NON_COMPLIANT',
      {},
      (now) => ({ passwordLastUsed: 'never', passwordCreateDate: now - 100 * DAY }),
    ],
    [
      'a password used 5 days ago',
      'COMPLIANT',
      {},
      (now) => ({ passwordLastUsed: now - 5 * DAY, passwordCreateDate: now - 300 * DAY }),
    ],
    ['no credentials', 'COMPLIANT', {}, () => ({})],
  ])('%s → %s', (_label, expected, params, build) => {
    const { world } = configWorld();
    const { keys = [], ...extra } = build(world.now());
    addUser(world, 'bob', keys, extra);
    const [result] = evaluateRule(
      world,
      world.region(MEMBER_A, REGION),
      rule('IAM_USER_UNUSED_CREDENTIALS_CHECK', params),
      world.now(),
    );
    expect(result?.complianceType).toBe(expected);
  });
});

describe('rules the simulator does not implement', () => {
  it('produce no results', () => {
    const { world } = configWorld();
    addSecurityGroup(world, { groupId: 'sg-1' });
    expect(evaluateRule(world, world.region(MEMBER_A, REGION), rule('SOME_CUSTOM_LAMBDA'), world.now())).toEqual([]);
  });
});
