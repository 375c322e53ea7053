/**
 * The pieces every account starts with, shared by scenario building and Organizations CreateAccount: a
 * default VPC's default security group per region, and the member role trusting the management account.
 */
import { createHash } from 'node:crypto';
/** `prefix` + 17 hex characters derived from `seedText` (the shape of vpc-/sg- ids). */
export function stableHexId(prefix, seedText) {
    return prefix + createHash('sha256').update(seedText).digest('hex').slice(0, 17);
}
const ALL_TRAFFIC_TO_WORLD = {
    ipProtocol: '-1',
    ipv4Ranges: ['0.0.0.0/0'],
    ipv6Ranges: [],
    userIdGroupPairs: [],
};
/** The default security group of the account's default VPC in one region. */
export function defaultSecurityGroup(accountId, region, mode) {
    const groupId = stableHexId('sg-', `${accountId}/${region}/default`);
    const selfReference = { ipProtocol: '-1', ipv4Ranges: [], ipv6Ranges: [], userIdGroupPairs: [groupId] };
    const rules = {
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
export function trustingRole(name, trustedAccountIds, extra = {}) {
    return { name, trustedAccountIds, maxSessionDurationSeconds: 3600, ...extra };
}
//# sourceMappingURL=seed.js.map