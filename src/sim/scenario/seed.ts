/**
 * The pieces every account starts with, shared by scenario building and Organizations CreateAccount: a
 * default VPC's default security group per region, and the member role trusting the management account.
 */
import { createHash } from 'node:crypto';
import type { SimPermission, SimRole, SimSecurityGroup } from '../model/types.js';

/** How a default security group starts: AWS's own rules, no rules at all, or open to the world. */
export type DefaultGroupMode = 'aws-default' | 'closed' | 'open';

/** `prefix` + 17 hex characters derived from `seedText` (the shape of vpc-/sg- ids). */
export function stableHexId(prefix: string, seedText: string): string {
  return prefix + createHash('sha256').update(seedText).digest('hex').slice(0, 17);
}

const ALL_TRAFFIC_TO_WORLD: SimPermission = {
  ipProtocol: '-1',
  ipv4Ranges: ['0.0.0.0/0'],
  ipv6Ranges: [],
  userIdGroupPairs: [],
};

/** The default security group of the account's default VPC in one region. */
export function defaultSecurityGroup(accountId: string, region: string, mode: DefaultGroupMode): SimSecurityGroup {
  const groupId = stableHexId('sg-', `${accountId}/${region}/default`);
  const selfReference: SimPermission = {
    ipProtocol: '-1',
    ipv4Ranges: [],
    ipv6Ranges: [],
    userIdGroupPairs: [groupId],
  };
  const rules: Record<DefaultGroupMode, Pick<SimSecurityGroup, 'ingress' | 'egress'>> = {
    // What AWS creates: traffic from members of the group itself in, everything out.
    'aws-default': { ingress: [selfReference], egress: [ALL_TRAFFIC_TO_WORLD] },
    closed: { ingress: [], egress: [] },
    open: { ingress: [{ ...ALL_TRAFFIC_TO_WORLD }], egress: [{ ...ALL_TRAFFIC_TO_WORLD }] },
  };
  return {
    groupId,
    groupName: 'default',
    vpcId: stableHexId('vpc-', `${accountId}/${region}`),
    isDefault: true,
    description: 'default VPC security group',
    ...structuredClone(rules[mode]),
    tags: {},
  };
}

/** A role that trusts the given accounts (by default the management account), as CreateAccount makes it. */
export function trustingRole(name: string, trustedAccountIds: string[], extra: Partial<SimRole> = {}): SimRole {
  return { name, trustedAccountIds, maxSessionDurationSeconds: 3600, ...extra };
}
