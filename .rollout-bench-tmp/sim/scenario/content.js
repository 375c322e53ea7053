/**
 * Account content from scenario specs: security groups and permissions, a pre-existing Config recorder,
 * IAM users with aged keys. Used by the YAML scenario builder and the generator alike.
 */
import { stableId } from '../core/ids.js';
import { defaultSecurityGroup, stableHexId } from './seed.js';
export const DAY_MS = 86_400_000;
/** Converts a scenario permission to the model's. */
export function toPermission(spec) {
    const all = spec.protocol === 'all';
    let fromPort;
    let toPort;
    if (spec.protocol === 'icmp') {
        fromPort = -1;
        toPort = -1;
    }
    else if (!all && spec.ports !== undefined) {
        const [from, to = from] = String(spec.ports).split('-').map(Number);
        fromPort = from;
        toPort = to;
    }
    return {
        ipProtocol: all ? '-1' : spec.protocol,
        fromPort,
        toPort,
        ipv4Ranges: spec.cidr ? [spec.cidr] : [],
        ipv6Ranges: spec.ipv6 ? [spec.ipv6] : [],
        userIdGroupPairs: spec.sourceGroup ? [spec.sourceGroup] : [],
    };
}
const ALL_OUT = { protocol: 'all', cidr: '0.0.0.0/0' };
function putGroup(state, group) {
    state.securityGroups.set(group.groupId, group);
}
/** Fills one account and region: default group, extra groups, a pre-existing Config recorder. */
export function seedRegionContent(state, content, defaultMode) {
    const { accountId, region } = state;
    const defaultGroup = defaultSecurityGroup(accountId, region, content.defaultSecurityGroup ?? defaultMode);
    putGroup(state, defaultGroup);
    for (const spec of content.securityGroups) {
        putGroup(state, {
            groupId: stableHexId('sg-', `${accountId}/${region}/${spec.name}`),
            groupName: spec.name,
            vpcId: defaultGroup.vpcId,
            isDefault: false,
            description: spec.description ?? spec.name,
            ingress: spec.ingress.map(toPermission),
            egress: (spec.egress ?? [ALL_OUT]).map(toPermission),
            tags: spec.tags,
        });
    }
    const recorder = content.configRecorder;
    if (recorder === 'controlTower') {
        state.recorder = {
            name: 'aws-controltower-BaselineConfigRecorder',
            roleArn: `arn:aws:iam::${accountId}:role/aws-controltower-ConfigRecorderRole`,
            allSupported: true,
            includeGlobalResourceTypes: true,
            recording: true,
        };
        state.deliveryChannel = {
            name: 'aws-controltower-BaselineConfigDeliveryChannel',
            s3BucketName: `aws-controltower-logs-${accountId}-${region}`,
            s3KeyPrefix: 'o-controltower',
        };
    }
    else if (recorder) {
        state.recorder = {
            name: recorder.name,
            roleArn: recorder.roleArn ?? `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
            allSupported: recorder.allSupported,
            includeGlobalResourceTypes: recorder.includeGlobalResourceTypes,
            recording: recorder.recording,
        };
        if (recorder.deliveryChannel)
            state.deliveryChannel = { ...recorder.deliveryChannel };
    }
}
/** An IAM user with keys and password aged relative to `now`. */
export function buildIamUser(accountId, spec, now) {
    const oldestKey = Math.max(0, ...spec.accessKeys.map((k) => k.ageDays), spec.password?.ageDays ?? 0);
    const daysAgo = (days) => now - days * DAY_MS;
    return {
        userId: stableId('AIDA', `${accountId}/${spec.name}`),
        userName: spec.name,
        arn: `arn:aws:iam::${accountId}:user/${spec.name}`,
        createDate: daysAgo(spec.ageDays ?? Math.max(oldestKey, 400)),
        tags: { ...spec.tags },
        accessKeys: spec.accessKeys.map((key, i) => ({
            id: stableId('AKIA', `${accountId}/${spec.name}/${i}`),
            status: key.status,
            createDate: daysAgo(key.ageDays),
            lastUsedDate: key.lastUsedDaysAgo === undefined ? undefined : daysAgo(key.lastUsedDaysAgo),
        })),
        passwordCreateDate: spec.password ? daysAgo(spec.password.ageDays) : undefined,
        passwordLastUsed: spec.password
            ? spec.password.lastUsedDaysAgo === undefined
                ? 'never'
                : daysAgo(spec.password.lastUsedDaysAgo)
            : undefined,
    };
}
//# sourceMappingURL=content.js.map