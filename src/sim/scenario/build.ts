/**
 * Turns a scenario into a World: the organization and OU tree, each account's roles, regions and IAM users,
 * principals with static keys, the aggregator, faults and timing, and (optionally) a generated organization.
 */
import { RealClock, type SimClock } from '../core/clock.js';
import { stableId } from '../core/ids.js';
import { SeededRandom } from '../core/random.js';
import type { SimAccount, SimOrganization, SimSession } from '../model/types.js';
import { DEFAULT_TIMING, World } from '../model/world.js';
import { attachStackSetEngine } from '../model/stackset-engine.js';
import { attachConfigEngine } from '../model/config-store.js';
import { generatedRegions, installGeneratedOrganization } from './generate.js';
import { parseScenario } from './parse.js';
import { buildIamUser, DAY_MS, seedRegionContent } from './content.js';
import type { AccountSpec, OuSpec, RegionContentSpec, Scenario, ScenarioInput } from './schema.js';
import { stableHexId, trustingRole } from './seed.js';

/** The secret every static key gets: the SDK needs one, the simulator never checks it. */
export const SIM_SECRET_ACCESS_KEY = 'simulatorSecretKeyNotCheckedByTheSimulator';

function mergeRegionContent(
  base: RegionContentSpec | undefined,
  own: RegionContentSpec | undefined,
): RegionContentSpec {
  return {
    defaultSecurityGroup: own?.defaultSecurityGroup ?? base?.defaultSecurityGroup,
    defaultSecurityGroupTags: own?.defaultSecurityGroupTags ?? base?.defaultSecurityGroupTags,
    securityGroups: [...(base?.securityGroups ?? []), ...(own?.securityGroups ?? [])],
    networkInterfaces: [...(base?.networkInterfaces ?? []), ...(own?.networkInterfaces ?? [])],
    configRecorder: own?.configRecorder ?? base?.configRecorder,
  };
}

function addAccount(world: World, scenario: Scenario, spec: AccountSpec, parentId: string): void {
  const now = world.now();
  if (world.org.accounts.has(spec.id)) throw new Error(`account ${spec.id} appears twice in the scenario`);
  const account: SimAccount = {
    id: spec.id,
    name: spec.name,
    email: spec.email ?? `${spec.id}@example.com`,
    state: spec.state,
    parentId,
    joinedMethod: spec.joinedMethod,
    joinedTimestamp: now - 365 * DAY_MS,
  };
  world.org.accounts.set(account.id, account);
  const iam = world.accountIam(account.id);
  const management = world.org.managementAccountId;
  const roles =
    spec.roles ??
    (account.id === management ? [] : [{ name: scenario.memberRoleName, maxSessionDurationSeconds: 3600 }]);
  for (const role of roles) {
    iam.roles.set(
      role.name,
      trustingRole(role.name, role.trustedAccounts ?? [management], {
        externalId: role.externalId,
        assumableAt: role.assumableAfterMs === undefined ? undefined : now + role.assumableAfterMs,
        maxSessionDurationSeconds: role.maxSessionDurationSeconds,
      }),
    );
  }
  for (const user of spec.iamUsers) iam.users.set(user.name, buildIamUser(account.id, user, now));
  for (const region of scenario.regions) {
    const content = mergeRegionContent(spec.allRegions, spec.regions[region]);
    seedRegionContent(world.region(account.id, region), content, scenario.defaultSecurityGroup);
  }
}

function addOu(world: World, scenario: Scenario, spec: OuSpec, parentId: string): void {
  const rootSuffix = world.org.rootId.slice(2, 6).padEnd(4, '0');
  const ou = { id: world.newId(`ou-${rootSuffix}-`, 8), name: spec.name, parentId };
  world.org.ous.set(ou.id, ou);
  for (const account of spec.accounts) addAccount(world, scenario, account, ou.id);
  for (const child of spec.ous) addOu(world, scenario, child, ou.id);
}

/** A principal with a static key, registered as a session so the server finds it by access key id. */
function addPrincipal(world: World, name: string, accountId: string, userName: string, accessKeyId?: string): void {
  const session: SimSession = {
    accessKeyId: accessKeyId ?? stableId('AKIA', `principal/${name}`),
    secretAccessKey: SIM_SECRET_ACCESS_KEY,
    accountId,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    userId: stableId('AIDA', `${accountId}/${userName}`),
  };
  world.sessions.set(session.accessKeyId, session);
  world.principals.set(name, session);
}

function newOrganization(scenario: Scenario): SimOrganization {
  const spec = scenario.organization;
  return {
    id: spec.id,
    managementAccountId: spec.managementAccount.id,
    rootId: spec.rootId,
    featureSet: spec.featureSet,
    ous: new Map(),
    accounts: new Map(),
    createAccountRequests: new Map(),
    trustedServices: new Set(spec.trustedAccess),
    delegatedAdmins: new Map(Object.entries(spec.delegatedAdmins).map(([service, ids]) => [service, new Set(ids)])),
  };
}

/**
 * Builds the World a scenario describes. Accepts a scenario as written (validated here) or already parsed.
 * Ages in the scenario count back from `clock.now()`.
 */
export function buildWorld(input: ScenarioInput | Scenario, clock: SimClock = new RealClock()): World {
  const scenario = parseScenario(input);
  const regions = scenario.generate ? generatedRegions(scenario.regions, scenario.generate.regions) : scenario.regions;
  const world = new World(
    clock,
    newOrganization(scenario),
    new SeededRandom(scenario.seed),
    {
      latencyMs: { ...scenario.faults.latencyMs },
      throttle: { ...scenario.faults.throttle },
      deniedAccounts: new Set(scenario.faults.deniedAccounts),
      failingInstances: scenario.faults.failingInstances.map((f) => ({ ...f })),
    },
    { ...DEFAULT_TIMING, ...scenario.timing },
    regions,
  );
  world.emptyPageEvery = scenario.emptyPageEvery;
  const { managementAccount } = scenario.organization;
  addAccount(
    world,
    scenario,
    {
      id: managementAccount.id,
      name: managementAccount.name,
      email: managementAccount.email,
      state: 'ACTIVE',
      joinedMethod: 'CREATED',
      regions: {},
      iamUsers: [],
    },
    world.org.rootId,
  );
  for (const account of scenario.accounts) addAccount(world, scenario, account, world.org.rootId);
  for (const ou of scenario.ous) addOu(world, scenario, ou, world.org.rootId);

  for (const principal of scenario.principals) {
    addPrincipal(world, principal.name, principal.account, principal.user, principal.accessKeyId);
  }
  if (!world.principals.has('admin')) addPrincipal(world, 'admin', managementAccount.id, 'admin');

  if (scenario.aggregator) {
    const { name, allRegions, regions: aggregated } = scenario.aggregator;
    const [homeRegion = 'us-east-1'] = scenario.regions; // the schema requires one and defaults to us-east-1
    const region = scenario.aggregator.region ?? homeRegion;
    world.region(managementAccount.id, region).aggregators.set(name, {
      name,
      arn: `arn:aws:config:${region}:${managementAccount.id}:config-aggregator/config-aggregator-${stableHexId('', name).slice(0, 8)}`,
      allRegions,
      regions: aggregated,
    });
  }
  if (scenario.generate) installGeneratedOrganization(world, scenario.generate, scenario.memberRoleName);
  // Subsystems that react to events (auto-deployment on MoveAccount, evaluations on resource changes)
  // listen from the start, not from the first call to their own service.
  attachStackSetEngine(world);
  attachConfigEngine(world);
  return world;
}
