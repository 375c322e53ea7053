/**
 * What automatic remediation would change, as plain data: what `cisfleet impact` reads from the accounts
 * (security groups, the interfaces using default groups, IAM credentials) and what it concludes. No SDK types.
 */
import type { ControlId } from '../controls/catalog.js';

/** A security group permission's source: one CIDR, IPv6 range, prefix list or referenced group. */
export interface PermissionSource {
  readonly kind: 'cidr' | 'ipv6' | 'prefix-list' | 'group';
  readonly value: string;
}

export interface GroupPermission {
  /** `tcp`, `udp`, `icmp`, `-1` (all traffic) or a protocol number. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly sources: readonly PermissionSource[];
}

export interface SecurityGroupState {
  readonly groupId: string;
  readonly groupName: string;
  readonly vpcId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly ingress: readonly GroupPermission[];
  readonly egress: readonly GroupPermission[];
}

export interface NetworkInterfaceState {
  readonly id: string;
  readonly description: string;
  readonly groupIds: readonly string[];
  /** What it is attached to (an instance id), when attached. */
  readonly attachedTo?: string;
}

export interface AccessKeyState {
  readonly id: string;
  readonly status: 'Active' | 'Inactive';
  readonly created: Date;
  readonly lastUsed?: Date;
  readonly lastUsedService?: string;
}

export interface UserCredentials {
  readonly userName: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The console password, when the user has one: when it was set and last used (undefined: never). */
  readonly password?: { readonly created: Date; readonly lastUsed?: Date };
  readonly keys: readonly AccessKeyState[];
}

export type ImpactAction = 'revoke' | 'deactivate-key' | 'delete-key' | 'delete-password' | 'needs-person' | 'skipped';
export const IMPACT_ACTIONS: readonly ImpactAction[] = [
  'revoke',
  'deactivate-key',
  'delete-key',
  'delete-password',
  'needs-person',
  'skipped',
];

/** One change automatic remediation would make (or would not, and why), in one account and region. */
export interface ImpactChange {
  readonly accountId: string;
  readonly accountName: string;
  readonly ouPath: string;
  readonly region: string;
  readonly controlId: ControlId;
  readonly action: ImpactAction;
  readonly resourceType: 'AWS::EC2::SecurityGroup' | 'AWS::IAM::User';
  /** The group id, or the IAM user name. */
  readonly resourceId: string;
  /** The group name (security groups). */
  readonly resourceName?: string;
  readonly vpcId?: string;
  /** Security group permissions: which list, protocol, port range and the one source revoked. */
  readonly direction?: 'ingress' | 'egress';
  readonly protocol?: string;
  readonly ports?: string;
  readonly source?: PermissionSource;
  /** Access keys. */
  readonly accessKeyId?: string;
  readonly keyAgeDays?: number;
  readonly lastUsed?: string;
  readonly lastUsedService?: string;
  /** Default groups still in use: the interfaces using them. */
  readonly interfaces?: readonly string[];
  /** Why a resource is skipped or needs a person. */
  readonly reason?: string;
}

/** An account × region that could not be read: reported, never silently dropped. */
export interface ImpactFailure {
  readonly accountId: string;
  readonly accountName: string;
  readonly ouPath: string;
  readonly region: string;
  readonly kind: 'access-denied' | 'throttled' | 'error';
  readonly message: string;
}

export interface ImpactCounts {
  /** Changes remediation would make (revocations, keys, passwords). */
  changes: number;
  needsPerson: number;
  skipped: number;
}

export interface ImpactTotals {
  readonly total: ImpactCounts;
  readonly byAccount: Readonly<Record<string, ImpactCounts>>;
  readonly byOu: Readonly<Record<string, ImpactCounts>>;
  readonly byControl: Readonly<Record<string, ImpactCounts>>;
}

export interface ImpactReport {
  readonly generatedAt: string;
  readonly organizationId: string;
  /** The controls previewed as AUTO. */
  readonly controls: readonly ControlId[];
  readonly regions: readonly string[];
  readonly accounts: number;
  readonly changes: readonly ImpactChange[];
  readonly failures: readonly ImpactFailure[];
  readonly totals: ImpactTotals;
}
