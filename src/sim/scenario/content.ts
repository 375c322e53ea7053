/**
 * Account content from scenario specs: security groups and permissions, a pre-existing Config recorder,
 * IAM users with aged keys. Used by the YAML scenario builder and the generator alike.
 */
import { stableId } from '../core/ids.js';
import type { SimIamUser, SimPermission, SimRegionState, SimSecurityGroup } from '../model/types.js';
import type { IamUserSpec, PermissionSpec, RegionContentSpec } from './schema.js';
import { defaultSecurityGroup, stableHexId, type DefaultGroupMode } from './seed.js';

export const DAY_MS = 86_400_000;
/** Converts a scenario permission to the model's. */
export function toPermission(spec: PermissionSpec): SimPermission {
  const all = spec.protocol === 'all';
  let fromPort: number | undefined;
  let toPort: number | undefined;
  if (spec.protocol === 'icmp') {
    fromPort = -1;
    toPort = -1;
  } else if (!all && spec.ports !== undefined) {
    const [from, to = from] = String(spec.ports).split('-').map(Number) as [number, number?];
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
    ...(spec.prefixList ? { prefixListIds: [spec.prefixList] } : {}),
  };
}

const ALL_OUT: PermissionSpec = { protocol: 'all', cidr: '0.0.0.0/0' };

function putGroup(state: SimRegionState, group: SimSecurityGroup): void {
  state.securityGroups.set(group.groupId, group);
}

/** Fills one account and region: default group, extra groups, a pre-existing Config recorder. */
export function seedRegionContent(
  state: SimRegionState,
  content: RegionContentSpec,
  defaultMode: DefaultGroupMode,
): void {
  const { accountId, region } = state;
  const defaultGroup = defaultSecurityGroup(accountId, region, content.defaultSecurityGroup ?? defaultMode);
  defaultGroup.tags = { ...content.defaultSecurityGroupTags };
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
  const groupIdByName = new Map([...state.securityGroups.values()].map((g) => [g.groupName, g.groupId]));
  content.networkInterfaces.forEach((spec, i) => {
    const groupIds = spec.groups.map((name) => {
      const id = groupIdByName.get(name);
      if (!id) throw new Error(`network interface ${i} in ${accountId}/${region}: no security group named ${name}`);
      return id;
    });
    const id = stableHexId('eni-', `${accountId}/${region}/eni/${i}`);
    state.networkInterfaces.set(id, {
      id,
      description: spec.description,
      vpcId: defaultGroup.vpcId,
      subnetId: stableHexId('subnet-', `${accountId}/${region}`),
      groupIds,
      status: spec.attachedTo ? 'in-use' : 'available',
      ...(spec.attachedTo ? { attachedTo: spec.attachedTo } : {}),
    });
  });
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
  } else if (recorder) {
    state.recorder = {
      name: recorder.name,
      roleArn:
        recorder.roleArn ??
        `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      allSupported: recorder.allSupported,
      includeGlobalResourceTypes: recorder.includeGlobalResourceTypes,
      recording: recorder.recording,
    };
    if (recorder.deliveryChannel) state.deliveryChannel = { ...recorder.deliveryChannel };
  }
}

/** An IAM user with keys and password aged relative to `now`. */
export function buildIamUser(accountId: string, spec: IamUserSpec, now: number): SimIamUser {
  const oldestKey = Math.max(0, ...spec.accessKeys.map((k) => k.ageDays), spec.password?.ageDays ?? 0);
  const daysAgo = (days: number) => now - days * DAY_MS;
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
      ...(key.lastUsedDaysAgo !== undefined ? { lastUsedService: key.lastUsedService ?? 's3' } : {}),
    })),
    passwordCreateDate: spec.password ? daysAgo(spec.password.ageDays) : undefined,
    passwordLastUsed: spec.password
      ? spec.password.lastUsedDaysAgo === undefined
        ? 'never'
        : daysAgo(spec.password.lastUsedDaysAgo)
      : undefined,
  };
}
