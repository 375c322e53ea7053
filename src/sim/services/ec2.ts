/**
 * EC2: the two reads `cisfleet impact` makes in member accounts, DescribeSecurityGroups and
 * DescribeNetworkInterfaces, with the filters, paging and errors of the EC2 API. Outputs use the wire
 * (locationName) names of the ec2 protocol (see core/protocol-ec2.ts).
 */
import { SimServiceError } from '../core/errors.js';
import type { ActionHandler, ServiceHandlers } from '../core/handler.js';
import { paginate } from '../core/pagination.js';
import type { SimNetworkInterface, SimPermission, SimSecurityGroup } from '../model/types.js';

interface Filter {
  name: string;
  values: string[];
}

/** `Filter.N.Name` / `Filter.N.Value.M`, decoded into `Filters: [{ Name, Values }]` by the ec2 protocol. */
function filtersOf(input: Record<string, unknown>): Filter[] {
  const raw = input.Filters;
  if (!Array.isArray(raw)) return [];
  return raw.map((f: { Name?: string; Values?: unknown }) => ({
    name: String(f.Name ?? ''),
    values: Array.isArray(f.Values) ? f.Values.map(String) : [],
  }));
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** Filters AND together; the values of one filter OR together; `*` matches any characters, as in EC2. */
function matches(
  filters: readonly Filter[],
  valuesOf: (name: string) => string[] | undefined,
  action: string,
): boolean {
  return filters.every((filter) => {
    const actual = valuesOf(filter.name);
    if (actual === undefined)
      throw new SimServiceError('InvalidParameterValue', `The filter '${filter.name}' is invalid for ${action}.`);
    return filter.values.some((wanted) => actual.some((v) => globMatch(wanted, v)));
  });
}

function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === value;
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(value);
}

function pageOf<T>(
  items: readonly T[],
  input: Record<string, unknown>,
  byIds: boolean,
): { items: T[]; nextToken?: string } {
  if (input.MaxResults !== undefined && byIds) {
    throw new SimServiceError(
      'InvalidParameterCombination',
      'The parameter MaxResults cannot be used with the parameter GroupId or NetworkInterfaceId.',
    );
  }
  const max = input.MaxResults === undefined ? undefined : Number(input.MaxResults);
  if (max !== undefined && (!Number.isInteger(max) || max < 5 || max > 1000)) {
    throw new SimServiceError(
      'InvalidParameterValue',
      `Value ( ${String(input.MaxResults)} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  // Without MaxResults EC2 returns everything in one page.
  return paginate(items, {
    maxResults: max,
    nextToken: input.NextToken,
    defaultSize: Math.max(1, items.length),
    maxSize: 1000,
    // EC2 has no InvalidNextToken code: a token it did not issue is an invalid value (github.com/boto/boto3/issues/2673).
    invalidInputCode: 'InvalidParameterValue',
    invalidTokenMessage: (token) => `Value ( ${token} ) for parameter NextToken is invalid. The token is invalid.`,
  });
}

const wirePermission = (p: SimPermission) => ({
  ipProtocol: p.ipProtocol,
  fromPort: p.fromPort,
  toPort: p.toPort,
  groups: p.userIdGroupPairs.map((groupId) => ({ groupId })),
  ipRanges: p.ipv4Ranges.map((cidrIp) => ({ cidrIp })),
  ipv6Ranges: p.ipv6Ranges.map((cidrIpv6) => ({ cidrIpv6 })),
  prefixListIds: (p.prefixListIds ?? []).map((prefixListId) => ({ prefixListId })),
});

const wireTags = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

function groupFilterValues(group: SimSecurityGroup, name: string): string[] | undefined {
  if (name.startsWith('tag:')) {
    const value = group.tags[name.slice(4)];
    return value === undefined ? [] : [value];
  }
  switch (name) {
    case 'group-id':
      return [group.groupId];
    case 'group-name':
      return [group.groupName];
    case 'vpc-id':
      return [group.vpcId];
    case 'tag-key':
      return Object.keys(group.tags);
    case 'ip-permission.cidr':
      return group.ingress.flatMap((p) => p.ipv4Ranges);
    case 'ip-permission.ipv6-cidr':
      return group.ingress.flatMap((p) => p.ipv6Ranges);
    default:
      return undefined;
  }
}

const describeSecurityGroups: ActionHandler = (world, { caller, region, input }) => {
  const state = world.region(caller.accountId, region);
  const ids = stringList(input.GroupIds);
  const filters = filtersOf(input);
  for (const id of ids) {
    if (!state.securityGroups.has(id))
      throw new SimServiceError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
  }
  const groups = [...state.securityGroups.values()]
    .filter((g) => ids.length === 0 || ids.includes(g.groupId))
    .filter((g) => matches(filters, (name) => groupFilterValues(g, name), 'DescribeSecurityGroups'))
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
  const page = pageOf(groups, input, ids.length > 0);
  return {
    securityGroupInfo: page.items.map((g) => ({
      ownerId: caller.accountId,
      groupName: g.groupName,
      groupId: g.groupId,
      groupDescription: g.description,
      ipPermissions: g.ingress.map(wirePermission),
      ipPermissionsEgress: g.egress.map(wirePermission),
      vpcId: g.vpcId,
      tagSet: wireTags(g.tags),
    })),
    nextToken: page.nextToken,
  };
};

function interfaceFilterValues(eni: SimNetworkInterface, name: string): string[] | undefined {
  switch (name) {
    case 'group-id':
      return eni.groupIds;
    case 'vpc-id':
      return [eni.vpcId];
    case 'status':
      return [eni.status];
    case 'network-interface-id':
      return [eni.id];
    default:
      return undefined;
  }
}

const describeNetworkInterfaces: ActionHandler = (world, { caller, region, input }) => {
  const state = world.region(caller.accountId, region);
  const ids = stringList(input.NetworkInterfaceIds);
  for (const id of ids) {
    if (!state.networkInterfaces.has(id))
      throw new SimServiceError('InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${id}' does not exist`);
  }
  const filters = filtersOf(input);
  const interfaces = [...state.networkInterfaces.values()]
    .filter((e) => ids.length === 0 || ids.includes(e.id))
    .filter((e) => matches(filters, (name) => interfaceFilterValues(e, name), 'DescribeNetworkInterfaces'))
    .sort((a, b) => a.id.localeCompare(b.id));
  const page = pageOf(interfaces, input, ids.length > 0);
  return {
    networkInterfaceSet: page.items.map((e) => ({
      networkInterfaceId: e.id,
      description: e.description,
      vpcId: e.vpcId,
      subnetId: e.subnetId,
      ownerId: caller.accountId,
      status: e.status,
      interfaceType: 'interface',
      groupSet: e.groupIds.map((groupId) => ({ groupId, groupName: state.securityGroups.get(groupId)?.groupName })),
      attachment: e.attachedTo ? { instanceId: e.attachedTo, status: 'attached', deviceIndex: 0 } : undefined,
    })),
    nextToken: page.nextToken,
  };
};

/** EC2 actions, by name. */
export const ec2Handlers: ServiceHandlers = {
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeNetworkInterfaces: describeNetworkInterfaces,
};
