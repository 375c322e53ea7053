/**
 * Builders for the compliance gateway tests: cisfleet's rules put straight into the simulated world
 * (config-store), a client factory pointed at the simulator, and API call counting.
 */
import { AwsClientFactory } from '../../src/aws/client-factory.js';
import { controlById, DEFAULT_RESOURCE_PREFIX, ruleNameFor, type ControlId } from '../../src/controls/catalog.js';
import * as store from '../../src/sim/model/config-store.js';
import type { World } from '../../src/sim/model/world.js';
import { simClientFactory, type TestSimulator } from '../helpers/sim.js';
import { defined } from '../helpers/elements.js';

export const HOME = 'us-east-1';
export const OTHER = 'eu-west-1';
export const MEMBER_ROLE = 'OrganizationAccountAccessRole';
export const AGGREGATOR = 'cisfleet-org-aggregator';

export const ruleName = (id: ControlId): string => ruleNameFor(controlById(id), DEFAULT_RESOURCE_PREFIX);
export const DEFAULT_SG_RULE = ruleName('default-sg-closed');
export const ADMIN_PORTS_RULE = ruleName('admin-ports-closed');
export const ACCESS_KEYS_RULE = ruleName('access-keys-rotated');
/** IAM rules live in the home region only, as the template deploys them. */
export const rulesFor = (region: string): string[] =>
  region === HOME ? [DEFAULT_SG_RULE, ADMIN_PORTS_RULE, ACCESS_KEYS_RULE] : [DEFAULT_SG_RULE, ADMIN_PORTS_RULE];

const SOURCE_IDENTIFIER: Record<string, string> = {
  [DEFAULT_SG_RULE]: controlById('default-sg-closed').sourceIdentifier,
  [ADMIN_PORTS_RULE]: controlById('admin-ports-closed').sourceIdentifier,
  [ACCESS_KEYS_RULE]: controlById('access-keys-rotated').sourceIdentifier,
};
const PARAMETERS: Record<string, Record<string, string>> = {
  [ADMIN_PORTS_RULE]: { authorizedTcpPorts: '443' },
  [ACCESS_KEYS_RULE]: { maxAccessKeyAge: '90' },
};

/** Config recorder with its delivery channel, recording unless told otherwise. */
export const recorder = (recording = true) => ({ recording, deliveryChannel: { s3BucketName: 'config-bucket' } });

/** Security groups open to the world on one tcp port (22 is non-compliant, 443 authorized). */
export function openGroups(prefix: string, count: number, port: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(3, '0')}`,
    ingress: [{ protocol: 'tcp' as const, ports: port, cidr: '0.0.0.0/0' }],
  }));
}

/** Deploys the given rules in an account and region, as the StackSet would. */
export function deployRules(world: World, accountId: string, region: string, names: readonly string[]): void {
  for (const name of names) {
    store.putConfigRule(
      world,
      { accountId, region },
      {
        name,
        arn: `arn:aws:config:${region}:${accountId}:config-rule/config-rule-${name}`,
        id: `config-rule-${name}`,
        sourceIdentifier: defined(SOURCE_IDENTIFIER[name], `the source identifier of rule ${name}`),
        inputParameters: PARAMETERS[name] ?? {},
        createdAt: world.now(),
      },
    );
  }
}

/** Lets simulated time pass and runs what became due (evaluations, remediations). */
export function settle(sim: TestSimulator, ms = 10 * 60_000): void {
  sim.clock.advance(ms);
  sim.world.advance();
}

/** cisfleet's client factory as the CLI builds it, with the simulator's endpoint and admin credentials. */
export function factoryFor(sim: TestSimulator, maxAttempts?: number): AwsClientFactory {
  return simClientFactory(sim, {
    region: HOME,
    memberRole: { name: MEMBER_ROLE, stsRegion: HOME },
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  });
}

/** API calls the simulator served while `run` ran, by `service:Action`. */
export async function callsDuring<T>(
  world: World,
  run: () => Promise<T>,
): Promise<{ result: T; calls: Record<string, number> }> {
  const before = new Map(world.calls);
  const result = await run();
  const calls: Record<string, number> = {};
  for (const [key, count] of world.calls) {
    const delta = count - (before.get(key) ?? 0);
    if (delta > 0) calls[key] = delta;
  }
  return { result, calls };
}
