/**
 * Helpers on the simulated security-group model: which permissions are open to the world, which ports they
 * expose, and revoking them. Rule evaluation and the remediation runbooks share these so "open to the world"
 * means the same thing on both sides.
 */
import type { World } from './world.js';
import type { SimPermission, SimSecurityGroup } from './types.js';

export const WORLD_IPV4 = '0.0.0.0/0';
export const WORLD_IPV6 = '::/0';
export const SECURITY_GROUP_TYPE = 'AWS::EC2::SecurityGroup';

/** The protocols a port-based check looks at; `-1` (all traffic) stands for both. */
export type PortProtocol = 'tcp' | 'udp';

/** True when the permission admits 0.0.0.0/0 or ::/0. */
export function isWorldOpen(permission: SimPermission): boolean {
  return permission.ipv4Ranges.includes(WORLD_IPV4) || permission.ipv6Ranges.includes(WORLD_IPV6);
}

/** Ingress permissions open to the world. */
export function worldOpenIngress(group: SimSecurityGroup): SimPermission[] {
  return group.ingress.filter(isWorldOpen);
}

/** True for all-traffic permissions (protocol `-1`, or `all` as some tools write it). */
export function isAllTraffic(permission: SimPermission): boolean {
  return permission.ipProtocol === '-1' || permission.ipProtocol === 'all';
}

/**
 * The inclusive port range a permission opens for one protocol, or undefined when it opens none of it.
 * All traffic opens every port of tcp and udp; a tcp/udp permission without ports opens them all.
 */
export function portRangeFor(permission: SimPermission, protocol: PortProtocol): [number, number] | undefined {
  if (isAllTraffic(permission)) return [0, 65535];
  if (normaliseProtocol(permission.ipProtocol) !== protocol) return undefined;
  return [permission.fromPort ?? 0, permission.toPort ?? 65535];
}

/** True when the permission opens `port` of `protocol` (through all traffic, a range, or exactly). */
export function coversPort(permission: SimPermission, protocol: PortProtocol, port: number): boolean {
  const range = portRangeFor(permission, protocol);
  return range !== undefined && range[0] <= port && port <= range[1];
}

/** True when the permission is tcp on exactly `port` (fromPort = toPort = port). */
export function isExactTcpPort(permission: SimPermission, port: number): boolean {
  return (
    normaliseProtocol(permission.ipProtocol) === 'tcp' && permission.fromPort === port && permission.toPort === port
  );
}

function normaliseProtocol(protocol: string): string {
  // EC2 accepts protocol numbers too: 6 is tcp, 17 is udp.
  if (protocol === '6') return 'tcp';
  if (protocol === '17') return 'udp';
  return protocol.toLowerCase();
}

/** A permission's world-open part only (the 0.0.0.0/0 and ::/0 sources), or undefined when it has none. */
export function worldOpenPart(permission: SimPermission): SimPermission | undefined {
  if (!isWorldOpen(permission)) return undefined;
  return {
    ...permission,
    ipv4Ranges: permission.ipv4Ranges.filter((c) => c === WORLD_IPV4),
    ipv6Ranges: permission.ipv6Ranges.filter((c) => c === WORLD_IPV6),
    userIdGroupPairs: [],
  };
}

/**
 * Removes the world-open sources of the ingress permissions `select` picks, keeping their other sources
 * (as RevokeSecurityGroupIngress with only 0.0.0.0/0 and ::/0 would). Returns how many permissions changed.
 */
export function revokeWorldOpenIngress(group: SimSecurityGroup, select: (p: SimPermission) => boolean): number {
  let changed = 0;
  const kept: SimPermission[] = [];
  for (const permission of group.ingress) {
    if (!isWorldOpen(permission) || !select(permission)) {
      kept.push(permission);
      continue;
    }
    changed++;
    const rest: SimPermission = {
      ...permission,
      ipv4Ranges: permission.ipv4Ranges.filter((c) => c !== WORLD_IPV4),
      ipv6Ranges: permission.ipv6Ranges.filter((c) => c !== WORLD_IPV6),
    };
    if (
      rest.ipv4Ranges.length +
        rest.ipv6Ranges.length +
        rest.userIdGroupPairs.length +
        (rest.prefixListIds?.length ?? 0) >
      0
    )
      kept.push(rest);
  }
  group.ingress = kept;
  return changed;
}

/** Removes every ingress and egress permission. Returns how many were removed. */
export function revokeAll(group: SimSecurityGroup): number {
  const removed = group.ingress.length + group.egress.length;
  group.ingress = [];
  group.egress = [];
  return removed;
}

/** A short human description of a permission, for annotations and failure messages. */
export function describePermission(permission: SimPermission): string {
  const sources = [...permission.ipv4Ranges, ...permission.ipv6Ranges, ...permission.userIdGroupPairs].join(', ');
  if (isAllTraffic(permission)) return `all traffic from ${sources}`;
  const from = permission.fromPort ?? 0;
  const to = permission.toPort ?? 65535;
  const ports = from === to ? `${from}` : `${from}-${to}`;
  return `${normaliseProtocol(permission.ipProtocol)} ${ports} from ${sources}`;
}

/** Finds a security group by id in one account and region. */
export function findSecurityGroup(
  world: World,
  accountId: string,
  region: string,
  groupId: string,
): SimSecurityGroup | undefined {
  return world.region(accountId, region).securityGroups.get(groupId);
}

/** Where a hand-made change happens. */
export interface SecurityGroupRef {
  accountId: string;
  region: string;
  groupId: string;
}

/**
 * Changes a security group by hand (a test or the demo opening a port) and tells Config about it, as a
 * console or API change would: rules in scope re-evaluate and automatic remediation may follow.
 */
export function changeSecurityGroup(
  world: World,
  ref: SecurityGroupRef,
  change: (group: SimSecurityGroup) => void,
): void {
  const group = findSecurityGroup(world, ref.accountId, ref.region, ref.groupId);
  if (!group) throw new Error(`No security group ${ref.groupId} in ${ref.accountId}/${ref.region}`);
  change(group);
  world.emit('resource-changed', {
    accountId: ref.accountId,
    region: ref.region,
    resourceType: SECURITY_GROUP_TYPE,
    resourceId: ref.groupId,
  });
}

/** Opens an ingress permission by hand (see changeSecurityGroup). */
export function authorizeIngress(
  world: World,
  ref: SecurityGroupRef,
  permission: Partial<SimPermission> & { ipProtocol: string },
): void {
  changeSecurityGroup(world, ref, (group) => {
    group.ingress.push({ ipv4Ranges: [], ipv6Ranges: [], userIdGroupPairs: [], ...permission });
  });
}
