/**
 * Every gateway maps what an SDK call throws through the one helper (withAwsErrors, src/aws/errors.ts): the same
 * refusal from AWS becomes the same cisfleet error whichever gateway made the call. The simulator's fault layer
 * answers each call with the service's own throttling or access-denied error, through the real SDK clients.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AwsClientFactory } from '../../src/aws/client-factory.js';
import { ChangesGateway } from '../../src/aws/changes-gateway.js';
import { AggregatorComplianceReader } from '../../src/aws/aggregator-compliance-reader.js';
import { ConfigEvaluationGateway } from '../../src/aws/config-evaluation-gateway.js';
import { describeAwsError } from '../../src/aws/errors.js';
import { ImpactGateway } from '../../src/aws/impact-gateway.js';
import { MemberGateway } from '../../src/aws/member-gateway.js';
import { OrganizationsGateway } from '../../src/aws/organizations-gateway.js';
import { StacksGateway } from '../../src/aws/stacks-gateway.js';
import { systemClock } from '../../src/clock.js';
import { AwsOperationError } from '../../src/errors.js';
import { orgBuilder, simClientFactory, startTestSimulator, TEST_MANAGEMENT_ACCOUNT } from '../helpers/sim.js';
import type { TestSimulator } from '../helpers/sim.js';

const MEMBER = '222222222222';
const HOME = 'us-east-1';

interface GatewayCall {
  /** `service:Action` as the simulator's fault layer and IAM name it. */
  permission: string;
  /** The account whose credentials make the call. */
  account: string;
  call: (factory: AwsClientFactory) => Promise<unknown>;
}

/** Wrapped since before: the reference every other gateway must match. */
const REFERENCE: GatewayCall = {
  permission: 'cloudformation:DescribeStacks',
  account: TEST_MANAGEMENT_ACCOUNT,
  call: (factory) => new StacksGateway(factory).describeStack('cis', HOME),
};

const NEWLY_WRAPPED: Record<string, GatewayCall> = {
  'MemberGateway.executionRole': {
    permission: 'iam:GetRole',
    account: MEMBER,
    call: (factory) => new MemberGateway(factory).executionRole(MEMBER, 'AWSCloudFormationStackSetExecutionRole'),
  },
  'MemberGateway.whoAmI': {
    permission: 'sts:GetCallerIdentity',
    account: MEMBER,
    call: (factory) => new MemberGateway(factory).whoAmI(MEMBER),
  },
  'ConfigEvaluationGateway.startEvaluation': {
    permission: 'config:StartConfigRulesEvaluation',
    account: MEMBER,
    call: (factory) => new ConfigEvaluationGateway(factory).startEvaluation(MEMBER, HOME, ['cis-default-sg']),
  },
  'AggregatorComplianceReader.readAccounts': {
    permission: 'config:DescribeAggregateComplianceByConfigRules',
    account: TEST_MANAGEMENT_ACCOUNT,
    call: (factory) =>
      new AggregatorComplianceReader(factory, { aggregatorName: 'org', region: HOME }).readAccounts(
        [MEMBER],
        [HOME],
        ['cis-default-sg'],
      ),
  },
  'ChangesGateway.logEvents': {
    permission: 'logs:DescribeLogGroups',
    account: MEMBER,
    call: (factory) => new ChangesGateway(factory).logEvents(MEMBER, HOME, '/aws/lambda/cis', new Date(0), 'x'),
  },
  'ImpactGateway.securityGroups': {
    permission: 'ec2:DescribeSecurityGroups',
    account: MEMBER,
    call: (factory) => new ImpactGateway(factory, systemClock).securityGroups(MEMBER, HOME),
  },
  'OrganizationsGateway.readOrganization': {
    permission: 'organizations:DescribeOrganization',
    account: TEST_MANAGEMENT_ACCOUNT,
    call: (factory) => new OrganizationsGateway(factory).readOrganization(),
  },
};

/** What a caller can tell from the error, with the service's own names (which differ by service) left out. */
function mapping(error: unknown) {
  const info = describeAwsError(error);
  const mapped = error instanceof AwsOperationError ? error : undefined;
  return {
    type: (error as Error).constructor.name,
    exitCode: mapped?.exitCode,
    saysWhatFailed: /^\w+ failed: \w+: .+ \(request [\w-]+\)$/s.test(mapped?.message ?? ''),
    fix: mapped?.fix?.replace(/needs \S+/, 'needs …'),
    throttled: info.throttled,
    accessDenied: info.accessDenied,
  };
}

describe('gateways map SDK errors through one helper', () => {
  let sim: TestSimulator;
  let factory: AwsClientFactory;

  beforeAll(async () => {
    sim = await startTestSimulator(orgBuilder().account(MEMBER));
    // One attempt: a throttled call is not retried, so the mapping of the answer itself is what is seen.
    factory = simClientFactory(sim, { maxAttempts: 1 });
  });

  afterAll(async () => {
    factory?.destroy();
    await sim?.stop();
  });

  async function deniedError(gateway: GatewayCall): Promise<unknown> {
    sim.world.faults.deniedAccounts = new Set([gateway.account]);
    try {
      return await gateway.call(factory).then(
        () => new Error('the call succeeded'),
        (error: unknown) => error,
      );
    } finally {
      sim.world.faults.deniedAccounts = new Set();
    }
  }

  async function throttledError(gateway: GatewayCall): Promise<unknown> {
    // No burst and a refill far slower than the test: the call is throttled on its first try.
    sim.world.faults.throttle = { [gateway.permission]: { ratePerSecond: 0.001, burst: 0 } };
    try {
      return await gateway.call(factory).then(
        () => new Error('the call succeeded'),
        (error: unknown) => error,
      );
    } finally {
      sim.world.faults.throttle = {};
    }
  }

  it('the reference gateway maps AccessDenied to an AwsOperationError naming the IAM permission, and throttling to one saying to slow down', async () => {
    const denied = await deniedError(REFERENCE);
    expect(mapping(denied)).toEqual({
      type: 'AwsOperationError',
      exitCode: 1,
      saysWhatFailed: true,
      fix: 'AccessDenied: the caller needs … — see docs/iam-permissions.md.',
      throttled: false,
      accessDenied: true,
    });
    expect((denied as AwsOperationError).fix).toContain(`needs ${REFERENCE.permission} `);
    expect(mapping(await throttledError(REFERENCE))).toMatchObject({ type: 'AwsOperationError', throttled: true });
  });

  it.each(Object.entries(NEWLY_WRAPPED))('%s maps AccessDenied as the reference does', async (_, gateway) => {
    const denied = await deniedError(gateway);
    expect(mapping(denied)).toEqual(mapping(await deniedError(REFERENCE)));
    expect((denied as AwsOperationError).fix).toContain(`needs ${gateway.permission} `);
  });

  it.each(Object.entries(NEWLY_WRAPPED))('%s maps throttling as the reference does', async (_, gateway) => {
    expect(mapping(await throttledError(gateway))).toEqual(mapping(await throttledError(REFERENCE)));
  });
});
