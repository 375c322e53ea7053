/**
 * The managed Config rules cisfleet deploys, evaluated with AWS's semantics and parameters against the
 * simulated resources of one account and region. Pure with respect to the world: it reads, never writes.
 */
import type { World } from './world.js';
import type { ComplianceType, SimConfigRule, SimIamUser, SimRegionState, SimSecurityGroup } from './types.js';
import {
  SECURITY_GROUP_TYPE,
  describePermission,
  portRangeFor,
  worldOpenIngress,
  type PortProtocol,
} from './security-groups.js';

export const IAM_USER_TYPE = 'AWS::IAM::User';
const DAY_MS = 24 * 60 * 60 * 1000;

/** One resource's result before it is stored as an evaluation. */
export interface RuleResult {
  resourceType: string;
  resourceId: string;
  complianceType: ComplianceType;
  annotation?: string;
}

interface ManagedRule {
  resourceType: string;
  /** Every resource in scope, by id. */
  resources(world: World, state: SimRegionState): Map<string, unknown>;
  evaluate(
    resource: unknown,
    params: Record<string, string>,
    now: number,
  ): Omit<RuleResult, 'resourceType' | 'resourceId'>;
}

const securityGroups = (_world: World, state: SimRegionState): Map<string, unknown> => state.securityGroups;

/** IAM users are keyed by user id (AIDA…), which is the Config resource id. */
const iamUsers = (world: World, state: SimRegionState): Map<string, unknown> =>
  new Map([...world.accountIam(state.accountId).users.values()].map((u) => [u.userId, u]));

const MANAGED_RULES: Record<string, ManagedRule> = {
  VPC_DEFAULT_SECURITY_GROUP_CLOSED: {
    resourceType: SECURITY_GROUP_TYPE,
    resources: securityGroups,
    evaluate: (resource) => evaluateDefaultGroupClosed(resource as SimSecurityGroup),
  },
  VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS: {
    resourceType: SECURITY_GROUP_TYPE,
    resources: securityGroups,
    evaluate: (resource, params) => evaluateOpenOnlyToAuthorizedPorts(resource as SimSecurityGroup, params),
  },
  ACCESS_KEYS_ROTATED: {
    resourceType: IAM_USER_TYPE,
    resources: iamUsers,
    evaluate: (resource, params, now) => evaluateAccessKeysRotated(resource as SimIamUser, params, now),
  },
  IAM_USER_UNUSED_CREDENTIALS_CHECK: {
    resourceType: IAM_USER_TYPE,
    resources: iamUsers,
    evaluate: (resource, params, now) => evaluateUnusedCredentials(resource as SimIamUser, params, now),
  },
};

/** The resource type a rule evaluates, or undefined for rules the simulator does not implement (custom rules). */
export function ruleResourceType(rule: Pick<SimConfigRule, 'sourceIdentifier'>): string | undefined {
  return MANAGED_RULES[rule.sourceIdentifier]?.resourceType;
}

/**
 * Evaluates a rule against every resource in scope, or only `resourceId` when given (an empty list then
 * means the resource no longer exists). Rules the simulator does not know produce no results.
 */
export function evaluateRule(
  world: World,
  state: SimRegionState,
  rule: SimConfigRule,
  now: number,
  resourceId?: string,
): RuleResult[] {
  const managed = MANAGED_RULES[rule.sourceIdentifier];
  if (!managed) return [];
  const all = managed.resources(world, state);
  const ids = resourceId === undefined ? [...all.keys()] : all.has(resourceId) ? [resourceId] : [];
  return ids.map((id) => ({
    resourceType: managed.resourceType,
    resourceId: id,
    ...managed.evaluate(all.get(id), rule.inputParameters, now),
  }));
}

function evaluateDefaultGroupClosed(group: SimSecurityGroup): Omit<RuleResult, 'resourceType' | 'resourceId'> {
  if (!group.isDefault) return { complianceType: 'NOT_APPLICABLE' };
  const count = group.ingress.length + group.egress.length;
  return count === 0
    ? { complianceType: 'COMPLIANT' }
    : {
        complianceType: 'NON_COMPLIANT',
        annotation: `The default security group has ${count} inbound or outbound permission(s).`,
      };
}

function evaluateOpenOnlyToAuthorizedPorts(
  group: SimSecurityGroup,
  params: Record<string, string>,
): Omit<RuleResult, 'resourceType' | 'resourceId'> {
  const open = worldOpenIngress(group);
  if (open.length === 0) return { complianceType: 'NOT_APPLICABLE' };
  const authorized: Record<PortProtocol, Array<[number, number]>> = {
    tcp: parsePortRanges(params.authorizedTcpPorts),
    udp: parsePortRanges(params.authorizedUdpPorts),
  };
  for (const permission of open) {
    for (const protocol of ['tcp', 'udp'] as const) {
      const range = portRangeFor(permission, protocol);
      if (!range) continue;
      const port = firstUnauthorizedPort(range, authorized[protocol]);
      if (port !== undefined) {
        return {
          complianceType: 'NON_COMPLIANT',
          annotation: `${describePermission(permission)} opens ${protocol} port ${port}, which is not an authorized port.`,
        };
      }
    }
  }
  return { complianceType: 'COMPLIANT' };
}

/**
 * Parses a managed-rule port list such as `"443,1020-1025"` or `"1-21,23-3388"` into inclusive ranges,
 * ignoring blanks and malformed items (AWS rejects those at deployment; the simulator just skips them).
 */
export function parsePortRanges(value: string | undefined): Array<[number, number]> {
  if (!value) return [];
  const ranges: Array<[number, number]> = [];
  for (const item of value.split(',').map((s) => s.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!match) continue;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from <= to) ranges.push([from, to]);
  }
  return ranges;
}

/** The lowest port of `range` that no authorized range covers, or undefined when all are covered. */
export function firstUnauthorizedPort(
  range: [number, number],
  authorized: Array<[number, number]>,
): number | undefined {
  let port = range[0];
  const sorted = [...authorized].sort((a, b) => a[0] - b[0]);
  for (const [from, to] of sorted) {
    if (from > port) break;
    if (to >= port) port = to + 1;
    if (port > range[1]) return undefined;
  }
  return port <= range[1] ? port : undefined;
}

/**
 * Reads an integer day limit from the rule's parameters. The Config API does not fill in managed-rule
 * defaults, but the rule itself falls back to its documented default when the parameter is absent.
 */
export function dayLimit(params: Record<string, string>, name: string, fallback = 90): number {
  const parsed = Number.parseInt(params[name] ?? '', 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

function evaluateAccessKeysRotated(
  user: SimIamUser,
  params: Record<string, string>,
  now: number,
): Omit<RuleResult, 'resourceType' | 'resourceId'> {
  const maxAge = dayLimit(params, 'maxAccessKeyAge');
  const old = user.accessKeys.filter((k) => k.status === 'Active' && now - k.createDate > maxAge * DAY_MS);
  return old.length === 0
    ? { complianceType: 'COMPLIANT' }
    : {
        complianceType: 'NON_COMPLIANT',
        annotation: `Active access key(s) older than ${maxAge} days: ${old.map((k) => k.id).join(', ')}.`,
      };
}

/** The credentials of a user that have gone unused for longer than `maxAgeDays` (active keys and the password). */
export function unusedCredentials(
  user: SimIamUser,
  maxAgeDays: number,
  now: number,
): { keyIds: string[]; password: boolean } {
  const limit = maxAgeDays * DAY_MS;
  const keyIds = user.accessKeys
    .filter((k) => k.status === 'Active' && now - (k.lastUsedDate ?? k.createDate) > limit)
    .map((k) => k.id);
  let password = false;
  if (user.passwordLastUsed !== undefined) {
    const lastUsed =
      user.passwordLastUsed === 'never' ? (user.passwordCreateDate ?? user.createDate) : user.passwordLastUsed;
    password = now - lastUsed > limit;
  }
  return { keyIds, password };
}

function evaluateUnusedCredentials(
  user: SimIamUser,
  params: Record<string, string>,
  now: number,
): Omit<RuleResult, 'resourceType' | 'resourceId'> {
  const maxAge = dayLimit(params, 'maxCredentialUsageAge');
  const unused = unusedCredentials(user, maxAge, now);
  if (unused.keyIds.length === 0 && !unused.password) return { complianceType: 'COMPLIANT' };
  const what = [...unused.keyIds, ...(unused.password ? ['password'] : [])].join(', ');
  return { complianceType: 'NON_COMPLIANT', annotation: `Credentials unused for more than ${maxAge} days: ${what}.` };
}
