/**
 * A seeded, generated organization for scale runs: an OU tree and thousands of accounts with a realistic mix
 * (Control Tower recorders, broken security groups, old and unused keys, accounts without the member role,
 * suspended accounts).
 *
 * Only the organization is built up front. Each account's IAM and region content is derived from
 * (seed, account index) the first time something touches it (World.iamSeeder / regionSeeder), so 10,000
 * accounts × 4 regions cost nothing until a run visits them, and the result does not depend on visit order.
 */
import { SeededRandom } from '../core/random.js';
import type { SimAccountIam, SimRegionState } from '../model/types.js';
import type { World } from '../model/world.js';
import { buildIamUser, DAY_MS, seedRegionContent } from './content.js';
import type { GenerateSpec, RegionContentSpec } from './schema.js';
import { trustingRole, type DefaultGroupMode } from './seed.js';

const REGION_POOL = [
  'us-east-1',
  'eu-west-1',
  'ap-northeast-1',
  'us-west-2',
  'eu-central-1',
  'ap-southeast-2',
  'ca-central-1',
  'sa-east-1',
  'eu-north-1',
  'ap-south-1',
  'us-east-2',
  'eu-west-2',
  'ap-southeast-1',
  'us-west-1',
  'eu-west-3',
  'ap-northeast-2',
  'eu-south-1',
  'me-south-1',
  'af-south-1',
  'ap-east-1',
];
/** Generated account ids are FIRST_ACCOUNT_ID + index. */
const FIRST_ACCOUNT_ID = 200_000_000_000;

/** The scenario's regions, topped up from a fixed list to `count`. */
export function generatedRegions(base: string[], count: number): string[] {
  const regions = [...base];
  for (const region of REGION_POOL) {
    if (regions.length >= count) break;
    if (!regions.includes(region)) regions.push(region);
  }
  return regions;
}

/** A random stream for one account (and one purpose), independent of every other account's. */
function accountRandom(seed: number, index: number, purpose: number): SeededRandom {
  return new SeededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(purpose + 1, 0x85ebca6b)) >>> 0);
}

interface Traits {
  hasMemberRole: boolean;
  controlTower: boolean;
}

function traitsOf(seed: number, index: number): Traits {
  const random = accountRandom(seed, index, 0);
  return { hasMemberRole: !random.chance(0.03), controlTower: random.chance(0.2) };
}

function regionContent(random: SeededRandom, traits: Traits): RegionContentSpec {
  const roll = random.next();
  const defaultSecurityGroup: DefaultGroupMode = roll < 0.6 ? 'aws-default' : roll < 0.95 ? 'closed' : 'open';
  const securityGroups: RegionContentSpec['securityGroups'] = [];
  if (random.chance(0.1))
    securityGroups.push({
      name: 'ssh-from-anywhere',
      ingress: [{ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }],
      tags: {},
    });
  if (random.chance(0.05))
    securityGroups.push({ name: 'rdp-ipv6', ingress: [{ protocol: 'tcp', ports: 3389, ipv6: '::/0' }], tags: {} });
  if (random.chance(0.03))
    securityGroups.push({ name: 'wide-open', ingress: [{ protocol: 'all', cidr: '0.0.0.0/0' }], tags: {} });
  if (random.chance(0.3))
    securityGroups.push({ name: 'web', ingress: [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], tags: {} });
  // Drawn after everything above, so the groups of a seed stay what they were before interfaces existed.
  const networkInterfaces: RegionContentSpec['networkInterfaces'] = [];
  if (random.chance(0.2))
    networkInterfaces.push({
      description: 'legacy app server',
      groups: ['default'],
      attachedTo: `i-${random.int(1e9)}`,
    });
  const [firstGroup] = securityGroups;
  if (firstGroup && random.chance(0.05)) securityGroups[0] = { ...firstGroup, tags: { 'cisfleet:exempt': 'bastion' } };
  return {
    defaultSecurityGroup,
    securityGroups,
    networkInterfaces,
    configRecorder: traits.controlTower ? 'controlTower' : undefined,
  };
}

function seedIam(world: World, seed: number, index: number, iam: SimAccountIam, memberRoleName: string): void {
  const traits = traitsOf(seed, index);
  if (traits.hasMemberRole)
    iam.roles.set(memberRoleName, trustingRole(memberRoleName, [world.org.managementAccountId]));
  const random = accountRandom(seed, index, 1);
  const accountId = String(FIRST_ACCOUNT_ID + index);
  const userCount = random.int(4);
  for (let u = 0; u < userCount; u++) {
    const keyAge = random.int(400);
    const neverUsed = random.chance(0.15);
    const user = buildIamUser(
      accountId,
      {
        name: `user-${u + 1}`,
        tags: random.chance(0.05) ? { 'cisfleet:exempt': 'true' } : {},
        accessKeys: [
          { ageDays: keyAge, status: 'Active', lastUsedDaysAgo: neverUsed ? undefined : random.int(keyAge + 1) },
        ],
      },
      world.now(),
    );
    iam.users.set(user.userName, user);
  }
}

/** Adds the generated OUs and accounts to the world and installs the lazy per-account seeders. */
export function installGeneratedOrganization(world: World, spec: GenerateSpec, memberRoleName: string): void {
  const random = new SeededRandom(spec.seed);
  const rootSuffix = world.org.rootId.slice(2, 6).padEnd(4, '0');
  const parents: string[] = [world.org.rootId];
  for (let i = 0; i < spec.ous; i++) {
    // The first few OUs sit under the root; later ones nest under an earlier OU, giving a tree a few levels deep.
    const parentId = i < Math.min(3, spec.ous) ? world.org.rootId : random.pick(parents.slice(1));
    const ou = { id: world.newId(`ou-${rootSuffix}-`, 8), name: `generated-ou-${i + 1}`, parentId };
    world.org.ous.set(ou.id, ou);
    parents.push(ou.id);
  }
  const joined = world.now() - 400 * DAY_MS;
  for (let index = 0; index < spec.accounts; index++) {
    const id = String(FIRST_ACCOUNT_ID + index);
    if (world.org.accounts.has(id)) continue;
    world.org.accounts.set(id, {
      id,
      name: `generated-${String(index + 1).padStart(5, '0')}`,
      email: `generated+${index + 1}@example.com`,
      state: random.chance(0.01) ? 'SUSPENDED' : 'ACTIVE',
      parentId: random.pick(parents),
      joinedMethod: random.chance(0.8) ? 'CREATED' : 'INVITED',
      joinedTimestamp: joined,
    });
  }

  const indexOf = (accountId: string): number | undefined => {
    const index = Number(accountId) - FIRST_ACCOUNT_ID;
    return Number.isInteger(index) && index >= 0 && index < spec.accounts ? index : undefined;
  };
  world.iamSeeder = (accountId, iam) => {
    const index = indexOf(accountId);
    if (index !== undefined) seedIam(world, spec.seed, index, iam, memberRoleName);
  };
  const regionIndex = new Map(world.knownRegions.map((region, i) => [region, i]));
  world.regionSeeder = (state: SimRegionState) => {
    const index = indexOf(state.accountId);
    const r = regionIndex.get(state.region);
    if (index === undefined || r === undefined) return;
    const content = regionContent(accountRandom(spec.seed, index, 2 + r), traitsOf(spec.seed, index));
    seedRegionContent(state, content, 'aws-default');
  };
}
