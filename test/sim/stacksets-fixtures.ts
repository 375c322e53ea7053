/**
 * A World built in memory for stack set and template engine tests that call handlers directly, with a
 * ManualClock: `step(ms)` moves time and runs what became due, as the server does before each request.
 */
import { ManualClock } from '../../src/sim/core/clock.js';
import { SeededRandom } from '../../src/sim/core/random.js';
import type { SimRequest } from '../../src/sim/core/handler.js';
import { DEFAULT_TIMING, World } from '../../src/sim/model/world.js';
import type { AccountState, SimOrganization } from '../../src/sim/model/types.js';
import { cloudFormationHandlers } from '../../src/sim/services/cloudformation.js';
import type { UntypedJson } from '../helpers/untyped-json.js';

export const MANAGEMENT = '111111111111';
export const ROOT = 'r-root';
export const PROD_OU = 'ou-root-prod0001';
export const PROD_APPS_OU = 'ou-root-apps0001';
export const SANDBOX_OU = 'ou-root-sand0001';
export const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

export interface TestWorld {
  world: World;
  clock: ManualClock;
  /** Advances simulated time and runs the events that became due. */
  step(ms: number): void;
  /** Runs events until none are left (bounded), advancing the clock to each. */
  settle(): void;
  /** Calls a CloudFormation handler as `callerAccountId` (default: the management account) in us-east-1. */
  call(
    action: string,
    input: Record<string, unknown>,
    options?: { caller?: string; region?: string },
  ): Record<string, UntypedJson>;
  addAccount(id: string, parentId: string, state?: AccountState): void;
}

/**
 * An organization with all features and StackSets trusted access:
 * Root ─ management 111111111111
 *      ├ Prod (ou-root-prod0001) ─ 222222222222, 333333333333
 *      │   └ Apps (ou-root-apps0001) ─ 444444444444
 *      └ Sandbox (ou-root-sand0001) ─ 555555555555
 */
export function testWorld(): TestWorld {
  const clock = new ManualClock();
  const org: SimOrganization = {
    id: 'o-test',
    managementAccountId: MANAGEMENT,
    rootId: ROOT,
    featureSet: 'ALL',
    ous: new Map([
      [PROD_OU, { id: PROD_OU, name: 'Prod', parentId: ROOT }],
      [PROD_APPS_OU, { id: PROD_APPS_OU, name: 'Apps', parentId: PROD_OU }],
      [SANDBOX_OU, { id: SANDBOX_OU, name: 'Sandbox', parentId: ROOT }],
    ]),
    accounts: new Map(),
    createAccountRequests: new Map(),
    trustedServices: new Set([STACKSETS_PRINCIPAL]),
    delegatedAdmins: new Map(),
  };
  const world = new World(
    clock,
    org,
    new SeededRandom(7),
    { latencyMs: {}, throttle: {}, deniedAccounts: new Set(), failingInstances: [] },
    { ...DEFAULT_TIMING },
    ['us-east-1', 'eu-west-1'],
  );
  const addAccount = (id: string, parentId: string, state: AccountState = 'ACTIVE') => {
    org.accounts.set(id, {
      id,
      name: `account-${id}`,
      email: `${id}@example.com`,
      state,
      parentId,
      joinedMethod: 'CREATED',
      joinedTimestamp: 0,
    });
  };
  addAccount(MANAGEMENT, ROOT);
  addAccount('222222222222', PROD_OU);
  addAccount('333333333333', PROD_OU);
  addAccount('444444444444', PROD_APPS_OU);
  addAccount('555555555555', SANDBOX_OU);
  let requests = 0;
  const step = (ms: number) => {
    clock.advance(ms);
    world.advance();
  };
  return {
    world,
    clock,
    step,
    settle() {
      for (let i = 0; i < 10_000 && world.scheduler.size > 0; i++) {
        clock.set(Math.max(clock.now(), world.scheduler.peekTime()!));
        world.advance();
      }
    },
    call(action, input, { caller = MANAGEMENT, region = 'us-east-1' } = {}) {
      world.advance();
      const handler = cloudFormationHandlers[action];
      if (!handler) throw new Error(`no handler for ${action}`);
      const request: SimRequest = {
        service: 'cloudformation',
        action,
        region,
        caller: {
          accessKeyId: 'AKIATEST',
          secretAccessKey: 'x',
          accountId: caller,
          arn: `arn:aws:iam::${caller}:user/admin`,
          userId: 'AIDATEST',
        },
        input,
        requestId: `req-${++requests}`,
      };
      return handler(world, request);
    },
    addAccount,
  };
}

/** A template with a Config recorder (switchable), a delivery channel and one rule; a named IAM role optionally. */
export const CONFIG_TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  CreateRecorder:
    Type: String
    Default: 'true'
    AllowedValues: ['true', 'false']
  MaxAge:
    Type: Number
    Default: 90
Conditions:
  WantRecorder: !Equals [!Ref CreateRecorder, 'true']
Resources:
  ConfigRecorder:
    Type: AWS::Config::ConfigurationRecorder
    Condition: WantRecorder
    Properties:
      Name: default
      RoleARN: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig
  DeliveryChannel:
    Type: AWS::Config::DeliveryChannel
    Condition: WantRecorder
    DependsOn: ConfigRecorder
    Properties:
      S3BucketName: !Sub config-bucket-\${AWS::AccountId}
  AccessKeysRule:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: access-keys-rotated
      Source: { Owner: AWS, SourceIdentifier: ACCESS_KEYS_ROTATED }
      InputParameters:
        maxAccessKeyAge: !Ref MaxAge
Outputs:
  RuleArn:
    Value: !GetAtt AccessKeysRule.Arn
`;

/** A template with one Config rule only (nothing that can collide). */
export const RULE_TEMPLATE = `
Resources:
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: restricted-ssh
      Source: { Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED }
`;
