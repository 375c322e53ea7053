/**
 * Builders for Config simulator tests: a small organization in a World on a ManualClock, Config enabled
 * through config-store, rules, security groups and IAM users, and a way to call Config handlers directly.
 */
import { ManualClock } from '../../src/sim/core/clock.js';
import { SeededRandom } from '../../src/sim/core/random.js';
import { DEFAULT_TIMING, World } from '../../src/sim/model/world.js';
import * as store from '../../src/sim/model/config-store.js';
import { configHandlers } from '../../src/sim/services/config.js';
import type {
  SimAccessKey,
  SimIamUser,
  SimPermission,
  SimRemediationConfiguration,
  SimSecurityGroup,
} from '../../src/sim/model/types.js';
import type { UntypedJson } from '../helpers/untyped-json.js';

export const MANAGEMENT = '111111111111';
export const MEMBER_A = '222222222222';
export const MEMBER_B = '333333333333';
export const SUSPENDED = '444444444444';
export const REGION = 'us-east-1';
export const OTHER_REGION = 'eu-west-1';
export const DAY = 24 * 60 * 60 * 1000;

export interface ConfigTestWorld {
  world: World;
  clock: ManualClock;
  /** Advances simulated time and runs everything due. */
  settle: (ms?: number) => void;
  /** Calls a Config handler as `accountId` in `region`. */
  call: (
    action: string,
    input?: Record<string, unknown>,
    accountId?: string,
    region?: string,
  ) => Record<string, UntypedJson>;
}

export function configWorld(): ConfigTestWorld {
  const clock = new ManualClock();
  const accounts = new Map(
    [MANAGEMENT, MEMBER_A, MEMBER_B, SUSPENDED].map((id) => [
      id,
      {
        id,
        name: `acct-${id.slice(-4)}`,
        email: `${id}@example.com`,
        state: id === SUSPENDED ? ('SUSPENDED' as const) : ('ACTIVE' as const),
        parentId: 'r-root',
        joinedMethod: 'CREATED' as const,
        joinedTimestamp: clock.now(),
      },
    ]),
  );
  const world = new World(
    clock,
    {
      id: 'o-test',
      managementAccountId: MANAGEMENT,
      rootId: 'r-root',
      featureSet: 'ALL',
      ous: new Map(),
      accounts,
      createAccountRequests: new Map(),
      trustedServices: new Set(),
      delegatedAdmins: new Map(),
    },
    new SeededRandom(7),
    { latencyMs: {}, throttle: {}, deniedAccounts: new Set(), failingInstances: [] },
    { ...DEFAULT_TIMING },
    [REGION, OTHER_REGION],
  );
  store.attachConfigEngine(world);
  return {
    world,
    clock,
    settle: (ms = 10 * 60_000) => {
      clock.advance(ms);
      world.advance();
    },
    call: (action, input = {}, accountId = MEMBER_A, region = REGION) => {
      world.advance();
      const handler = configHandlers[action];
      if (!handler) throw new Error(`No Config handler for ${action}`);
      return handler(world, {
        service: 'config',
        action,
        region,
        caller: {
          accessKeyId: 'AKIATEST',
          secretAccessKey: 'x',
          accountId,
          arn: `arn:aws:iam::${accountId}:root`,
          userId: accountId,
        },
        input,
        requestId: 'req-1',
      });
    },
  };
}

export function enableConfig(world: World, accountId = MEMBER_A, region = REGION): void {
  const at = { accountId, region };
  store.putRecorder(world, at, {
    name: 'default',
    roleArn: 'arn:aws:iam::x:role/config',
    allSupported: true,
    includeGlobalResourceTypes: false,
    recording: false,
  });
  store.putDeliveryChannel(world, at, { name: 'default', s3BucketName: 'config-bucket' });
  store.startRecorder(world, at, 'default');
}

export function deployRule(
  world: World,
  name: string,
  sourceIdentifier: string,
  inputParameters: Record<string, string> = {},
  accountId = MEMBER_A,
  region = REGION,
): void {
  store.putConfigRule(
    world,
    { accountId, region },
    {
      name,
      arn: `arn:aws:config:${region}:${accountId}:config-rule/config-rule-${name}`,
      id: `config-rule-${name}`,
      sourceIdentifier,
      inputParameters,
      createdAt: world.now(),
    },
  );
}

export function deployRemediation(
  world: World,
  remediation: Partial<SimRemediationConfiguration> & Pick<SimRemediationConfiguration, 'configRuleName' | 'targetId'>,
  accountId = MEMBER_A,
  region = REGION,
): void {
  store.putRemediation(
    world,
    { accountId, region },
    {
      targetType: 'SSM_DOCUMENT',
      automatic: true,
      maximumAutomaticAttempts: 5,
      retryAttemptSeconds: 60,
      parameters: { GroupId: { ResourceValue: { Value: 'RESOURCE_ID' } } },
      ...remediation,
    },
  );
}

/** A world-open (or other) ingress permission. */
export function permission(
  ipProtocol: string,
  fromPort?: number,
  toPort = fromPort,
  sources: Partial<SimPermission> = { ipv4Ranges: ['0.0.0.0/0'] },
): SimPermission {
  return { ipProtocol, fromPort, toPort, ipv4Ranges: [], ipv6Ranges: [], userIdGroupPairs: [], ...sources };
}

export function addSecurityGroup(
  world: World,
  group: Partial<SimSecurityGroup> & { groupId: string },
  accountId = MEMBER_A,
  region = REGION,
): SimSecurityGroup {
  const full: SimSecurityGroup = {
    groupName: group.isDefault ? 'default' : group.groupId,
    vpcId: 'vpc-1',
    isDefault: false,
    description: 'test group',
    ingress: [],
    egress: [],
    tags: {},
    ...group,
  };
  world.region(accountId, region).securityGroups.set(full.groupId, full);
  return full;
}

export function addUser(
  world: World,
  userName: string,
  accessKeys: SimAccessKey[] = [],
  extra: Partial<SimIamUser> = {},
  accountId = MEMBER_A,
): SimIamUser {
  const user: SimIamUser = {
    userId: `AIDA${userName.toUpperCase().padEnd(16, 'X')}`,
    userName,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    createDate: world.now() - 400 * DAY,
    tags: {},
    accessKeys,
    ...extra,
  };
  world.accountIam(accountId).users.set(userName, user);
  return user;
}

/** An access key created `ageDays` ago. */
export function key(id: string, ageDays: number, now: number, extra: Partial<SimAccessKey> = {}): SimAccessKey {
  return { id, status: 'Active', createDate: now - ageDays * DAY, ...extra };
}

/** The stored compliance of one resource under a rule, if evaluated. */
export function complianceOf(
  world: World,
  ruleName: string,
  resourceId: string,
  accountId = MEMBER_A,
  region = REGION,
): string | undefined {
  const stored = world.region(accountId, region).evaluations.get(ruleName);
  return [...(stored?.values() ?? [])].find((e) => e.resourceId === resourceId)?.complianceType;
}
