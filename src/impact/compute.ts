/**
 * What each remediation would change in one account, decided from what was read: the same rules the deployed
 * remediations follow (stacksets/ and docs/controls.md), so the preview lists exactly what they then change.
 * Pure.
 */
import type { ControlId } from '../controls/catalog.js';
import type {
  GroupPermission,
  ImpactChange,
  NetworkInterfaceState,
  SecurityGroupState,
  UserCredentials,
} from '../model/impact.js';

const DAY_MS = 86_400_000;
const ADMIN_PORTS = [22, 3389] as const;
const WORLD = new Set(['0.0.0.0/0', '::/0']);
/** The user tag the access-key function writes when it deactivates a key: the start of the delete grace period. */
export const DEACTIVATED_TAG_PREFIX = 'cisfleet:deactivated:';

/** A change without the account columns, which the caller adds. */
export type LocalChange = Omit<ImpactChange, 'accountId' | 'accountName' | 'ouPath' | 'region'>;

export interface ImpactSettings {
  /** The controls previewed as AUTO. */
  readonly controls: ReadonlySet<ControlId>;
  readonly exemptTagKey: string;
  readonly maxAccessKeyAge: number;
  readonly keyAction: 'DEACTIVATE' | 'DELETE';
  readonly deleteGraceDays: number;
  readonly maxCredentialUsageAge: number;
  readonly now: Date;
  /** The accounts.yaml exemption of this account from a control, as its reason; undefined when none. */
  readonly accountExemption: (controlId: ControlId) => string | undefined;
}

function portsText(p: GroupPermission): string {
  if (p.protocol === '-1') return 'all';
  if (p.fromPort === undefined || p.toPort === undefined) return 'all';
  return p.fromPort === p.toPort ? String(p.fromPort) : `${p.fromPort}-${p.toPort}`;
}

const isAllTraffic = (p: GroupPermission) => p.protocol === '-1' || p.protocol === 'all';
const protocolName = (protocol: string) =>
  protocol === '6' ? 'tcp' : protocol === '17' ? 'udp' : protocol.toLowerCase();

/** True when the permission opens tcp `port` (exactly, in a range, or as all traffic). */
function coversTcpPort(p: GroupPermission, port: number): boolean {
  if (isAllTraffic(p)) return true;
  if (protocolName(p.protocol) !== 'tcp') return false;
  return (p.fromPort ?? 0) <= port && port <= (p.toPort ?? 65535);
}

/** Why a resource is left alone: its exemption tag, or the account's exemption in accounts.yaml. */
function skipReason(
  settings: ImpactSettings,
  controlId: ControlId,
  tags: Readonly<Record<string, string>>,
  what: string,
): string | undefined {
  if (Object.hasOwn(tags, settings.exemptTagKey))
    return `${what} carries the exemption tag ${settings.exemptTagKey}=${tags[settings.exemptTagKey]}`;
  const account = settings.accountExemption(controlId);
  return account === undefined ? undefined : `account exempt in accounts.yaml: ${account}`;
}

const groupFields = (g: SecurityGroupState) => ({
  resourceType: 'AWS::EC2::SecurityGroup' as const,
  resourceId: g.groupId,
  resourceName: g.groupName,
  vpcId: g.vpcId,
});

function revocations(
  controlId: ControlId,
  group: SecurityGroupState,
  direction: 'ingress' | 'egress',
  permission: GroupPermission,
  sources = permission.sources,
): LocalChange[] {
  return sources.map((source) => ({
    controlId,
    action: 'revoke',
    ...groupFields(group),
    direction,
    protocol: isAllTraffic(permission) ? 'all' : protocolName(permission.protocol),
    ports: portsText(permission),
    source,
  }));
}

/**
 * default-sg-closed: a default group with rules loses every permission, unless network interfaces still use
 * it (a person must move them first: emptying it would cut their traffic) or it is exempt.
 */
function defaultGroupChanges(
  settings: ImpactSettings,
  group: SecurityGroupState,
  interfaces: readonly NetworkInterfaceState[],
): LocalChange[] {
  const controlId: ControlId = 'default-sg-closed';
  if (group.groupName !== 'default' || group.ingress.length + group.egress.length === 0) return [];
  const reason = skipReason(settings, controlId, group.tags, 'the group');
  if (reason) return [{ controlId, action: 'skipped', ...groupFields(group), reason }];
  if (interfaces.length > 0) {
    return [
      {
        controlId,
        action: 'needs-person',
        ...groupFields(group),
        interfaces: interfaces.map(
          (i) => `${i.id}${i.attachedTo ? ` (${i.attachedTo})` : ''}${i.description ? ` ${i.description}` : ''}`,
        ),
        reason: `${interfaces.length} network interface${interfaces.length === 1 ? '' : 's'} still use this default group: move them to their own groups, then remove its rules`,
      },
    ];
  }
  return [
    ...group.ingress.flatMap((p) => revocations(controlId, group, 'ingress', p)),
    ...group.egress.flatMap((p) => revocations(controlId, group, 'egress', p)),
  ];
}

/** admin-ports-closed: the 0.0.0.0/0 and ::/0 sources of every ingress permission that opens tcp 22 or 3389. */
function adminPortChanges(settings: ImpactSettings, group: SecurityGroupState): LocalChange[] {
  const controlId: ControlId = 'admin-ports-closed';
  const exposing = group.ingress.filter(
    (p) => ADMIN_PORTS.some((port) => coversTcpPort(p, port)) && p.sources.some((s) => WORLD.has(s.value)),
  );
  if (exposing.length === 0) return [];
  const reason = skipReason(settings, controlId, group.tags, 'the group');
  if (reason) return [{ controlId, action: 'skipped', ...groupFields(group), reason }];
  return exposing.flatMap((p) =>
    revocations(
      controlId,
      group,
      'ingress',
      p,
      p.sources.filter((s) => WORLD.has(s.value)),
    ),
  );
}

/** Network control changes in one account and region. `interfacesByGroup`: the interfaces using each default group. */
export function securityGroupChanges(
  settings: ImpactSettings,
  groups: readonly SecurityGroupState[],
  interfacesByGroup: ReadonlyMap<string, readonly NetworkInterfaceState[]>,
): LocalChange[] {
  const out: LocalChange[] = [];
  for (const group of groups) {
    if (settings.controls.has('default-sg-closed'))
      out.push(...defaultGroupChanges(settings, group, interfacesByGroup.get(group.groupId) ?? []));
    if (settings.controls.has('admin-ports-closed')) out.push(...adminPortChanges(settings, group));
  }
  return out;
}

/** Default groups that default-sg-closed would empty if nothing used them: their interfaces must be read. */
export function defaultGroupsToCheck(settings: ImpactSettings, groups: readonly SecurityGroupState[]): string[] {
  if (!settings.controls.has('default-sg-closed')) return [];
  return groups
    .filter((g) => g.groupName === 'default' && g.ingress.length + g.egress.length > 0)
    .map((g) => g.groupId);
}

const ageDays = (from: Date, now: Date) => Math.floor((now.getTime() - from.getTime()) / DAY_MS);
const olderThan = (from: Date, days: number, now: Date) => now.getTime() - from.getTime() > days * DAY_MS;

function keyFields(user: UserCredentials, key: UserCredentials['keys'][number], now: Date) {
  return {
    resourceType: 'AWS::IAM::User' as const,
    resourceId: user.userName,
    accessKeyId: key.id,
    keyAgeDays: ageDays(key.created, now),
    lastUsed: key.lastUsed ? key.lastUsed.toISOString() : 'never',
    ...(key.lastUsedService && key.lastUsedService !== 'N/A' ? { lastUsedService: key.lastUsedService } : {}),
  };
}

/**
 * access-keys-rotated (the access-key function): an active key older than the limit is deactivated; with DELETE,
 * an inactive old key whose deactivation tag is DeleteGraceDays old is deleted.
 */
function rotationChanges(settings: ImpactSettings, user: UserCredentials): LocalChange[] {
  const controlId: ControlId = 'access-keys-rotated';
  const { now } = settings;
  const changes: LocalChange[] = [];
  for (const key of user.keys) {
    if (!olderThan(key.created, settings.maxAccessKeyAge, now)) continue;
    if (key.status === 'Active') changes.push({ controlId, action: 'deactivate-key', ...keyFields(user, key, now) });
    else if (settings.keyAction === 'DELETE') {
      const tagged = user.tags[`${DEACTIVATED_TAG_PREFIX}${key.id}`];
      const since = tagged ? new Date(tagged) : undefined;
      if (
        since &&
        !Number.isNaN(since.getTime()) &&
        now.getTime() - since.getTime() >= settings.deleteGraceDays * DAY_MS
      ) {
        changes.push({ controlId, action: 'delete-key', ...keyFields(user, key, now) });
      }
    }
  }
  return exemptOr(settings, controlId, user, changes);
}

/** unused-credentials (AWSConfigRemediation-RevokeUnusedIAMUserCredentials): unused active keys deactivated, an unused password deleted. */
function unusedChanges(settings: ImpactSettings, user: UserCredentials): LocalChange[] {
  const controlId: ControlId = 'unused-credentials';
  const { now } = settings;
  const limit = settings.maxCredentialUsageAge;
  const changes: LocalChange[] = user.keys
    .filter((k) => k.status === 'Active' && olderThan(k.lastUsed ?? k.created, limit, now))
    .map((k) => ({ controlId, action: 'deactivate-key', ...keyFields(user, k, now) }));
  const password = user.password;
  if (password && olderThan(password.lastUsed ?? password.created, limit, now)) {
    changes.push({
      controlId,
      action: 'delete-password',
      resourceType: 'AWS::IAM::User',
      resourceId: user.userName,
      lastUsed: password.lastUsed ? password.lastUsed.toISOString() : 'never',
    });
  }
  return exemptOr(settings, controlId, user, changes);
}

function exemptOr(
  settings: ImpactSettings,
  controlId: ControlId,
  user: UserCredentials,
  changes: LocalChange[],
): LocalChange[] {
  if (changes.length === 0) return [];
  const reason = skipReason(settings, controlId, user.tags, 'the user');
  return reason
    ? [{ controlId, action: 'skipped', resourceType: 'AWS::IAM::User', resourceId: user.userName, reason }]
    : changes;
}

/** Credential control changes for one user. */
export function credentialChanges(settings: ImpactSettings, user: UserCredentials): LocalChange[] {
  return [
    ...(settings.controls.has('access-keys-rotated') ? rotationChanges(settings, user) : []),
    ...(settings.controls.has('unused-credentials') ? unusedChanges(settings, user) : []),
  ];
}
