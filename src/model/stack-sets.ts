/**
 * Plain cisfleet types for stack sets, their instances and their operations. The StackSets gateway speaks
 * these and only these, so no AWS SDK type leaves src/aws (docs/architecture.md, the layer map).
 */
import type { OperationVerdict, OutcomeCounts, ResultWithOutcome } from './operation-outcome.js';

/** Who cisfleet calls StackSets as: the management account itself, or a registered delegated administrator. */
export type CallAs = 'SELF' | 'DELEGATED_ADMIN';

export type PermissionModel = 'SELF_MANAGED' | 'SERVICE_MANAGED';

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | 'CAPABILITY_AUTO_EXPAND';

export interface AutoDeployment {
  readonly enabled: boolean;
  /** Keep the stack in an account that leaves the targeted OUs. */
  readonly retainStacksOnAccountRemoval: boolean;
}

/** What cisfleet wants a stack set to be: the input of create and update. */
export interface StackSetSpec {
  readonly name: string;
  readonly description?: string;
  readonly templateBody: string;
  /** Every parameter, by key: an update sends them all (none is left at its previous value). */
  readonly parameters: Readonly<Record<string, string>>;
  /** The whole tag set: an update replaces the stack set's tags with these. */
  readonly tags: Readonly<Record<string, string>>;
  readonly capabilities: readonly Capability[];
  readonly permissionModel: PermissionModel;
  /** SERVICE_MANAGED only. */
  readonly autoDeployment?: AutoDeployment;
  /** Queue conflicting operations instead of refusing them. */
  readonly managedExecution: boolean;
  /** SELF_MANAGED only. */
  readonly administrationRoleArn?: string;
  /** SELF_MANAGED only. */
  readonly executionRoleName?: string;
}

export type StackSetDriftStatus = 'DRIFTED' | 'IN_SYNC' | 'NOT_CHECKED';
export type DriftDetectionStatus = 'COMPLETED' | 'FAILED' | 'PARTIAL_SUCCESS' | 'IN_PROGRESS' | 'STOPPED';

/** The stack set's view of its last completed drift detection. */
export interface DriftDetectionSummary {
  readonly driftStatus: StackSetDriftStatus;
  readonly detectionStatus?: DriftDetectionStatus;
  readonly lastCheckedAt?: Date;
  readonly total: number;
  readonly drifted: number;
  readonly inSync: number;
  readonly inProgress: number;
  readonly failed: number;
}

/** A stack set as it is now (DescribeStackSet). */
export interface StackSetState extends StackSetSpec {
  readonly stackSetId: string;
  readonly arn?: string;
  readonly status: 'ACTIVE' | 'DELETED';
  /** OUs the stack set has been deployed to (service-managed). */
  readonly organizationalUnitIds: readonly string[];
  readonly regions: readonly string[];
  readonly drift: DriftDetectionSummary;
}

/**
 * How an operation rolls out (StackSetOperationPreferences). Fields are optional so both a full set from
 * accounts.yaml and a one-off (drift detection) fit; AWS applies its defaults to what is missing.
 */
export interface OperationPreferences {
  readonly regionConcurrencyType?: 'SEQUENTIAL' | 'PARALLEL';
  readonly regionOrder?: readonly string[];
  /** Give a count or a percentage, not both (the same for failure tolerance). */
  readonly maxConcurrentCount?: number;
  readonly maxConcurrentPercentage?: number;
  readonly failureToleranceCount?: number;
  readonly failureTolerancePercentage?: number;
  readonly concurrencyMode?: 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';
}

export type AccountFilterType = 'NONE' | 'INTERSECTION' | 'DIFFERENCE' | 'UNION';

/** Where instance operations go: OUs (service-managed) and/or accounts (self-managed, or filtering OUs). */
export interface DeploymentTargets {
  readonly organizationalUnitIds?: readonly string[];
  readonly accounts?: readonly string[];
  readonly accountFilterType?: AccountFilterType;
}

/** Limits an update of the stack set to some of its instances. */
export interface InstanceScope {
  readonly targets: DeploymentTargets;
  readonly regions: readonly string[];
}

export type StackInstanceStatus = 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
export type StackInstanceDetailedStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED'
  | 'INOPERABLE'
  | 'SKIPPED_SUSPENDED_ACCOUNT'
  | 'FAILED_IMPORT';
export type StackInstanceDriftStatus = 'DRIFTED' | 'IN_SYNC' | 'UNKNOWN' | 'NOT_CHECKED';

/** One stack instance (account × region) of a stack set. */
export interface StackInstance {
  /** Missing only if AWS leaves Account out of a service-managed summary (documented as self-managed). */
  readonly account?: string;
  readonly region: string;
  readonly ouId?: string;
  readonly stackId?: string;
  readonly status: StackInstanceStatus;
  readonly detailedStatus?: StackInstanceDetailedStatus;
  readonly statusReason?: string;
  readonly driftStatus: StackInstanceDriftStatus;
  readonly lastDriftCheckAt?: Date;
  readonly lastOperationId?: string;
  /** Only when asked for (ListStackInstances does not return them: one DescribeStackInstance each). */
  readonly parameterOverrides?: Readonly<Record<string, string>>;
}

export type OperationStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'STOPPING' | 'STOPPED' | 'QUEUED';
export type TerminalOperationStatus = 'SUCCEEDED' | 'FAILED' | 'STOPPED';
export type OperationAction = 'CREATE' | 'UPDATE' | 'DELETE' | 'DETECT_DRIFT';

/** A stack set operation (DescribeStackSetOperation, or a ListStackSetOperations summary). */
export interface StackSetOperation {
  readonly operationId: string;
  readonly action?: OperationAction;
  readonly status: OperationStatus;
  readonly statusReason?: string;
  readonly createdAt?: Date;
  readonly endedAt?: Date;
  readonly failedInstanceCount?: number;
}

export type OperationResultStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** What an operation did in one account and region. */
export interface OperationResult {
  /** Documented as a self-managed field; service-managed results may carry only the OU. */
  readonly account?: string;
  readonly region: string;
  readonly ouId?: string;
  readonly status: OperationResultStatus;
  readonly reason?: string;
}

export type ResultCounts = Readonly<Record<OperationResultStatus, number>>;

/** Where a running operation stands, region by region. */
export interface OperationProgress {
  readonly operationId: string;
  readonly status: OperationStatus;
  /** Per region, in the order AWS lists the results. Counts are as of the last results listing. */
  readonly regions: ReadonlyArray<{ readonly region: string; readonly counts: ResultCounts }>;
  readonly total: ResultCounts;
}

/** How an operation ended, with every account × region result. */
export interface OperationOutcome {
  readonly operationId: string;
  readonly status: TerminalOperationStatus;
  readonly statusReason?: string;
  /** Every result with its outcome (model/operation-outcome.ts): succeeded, failed, cancelled or skipped. */
  readonly results: readonly ResultWithOutcome[];
  /** The FAILED results, each with its StatusReason. */
  readonly failed: readonly OperationResult[];
  readonly counts: OutcomeCounts;
  readonly verdict: OperationVerdict;
}

/**
 * CreateStackInstances (and its Update/Delete siblings) take at most this many OUs per call:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackInstances.html
 */
export const MAX_OUS_PER_CALL = 50;

/** Instance operations are split into calls of at most MAX_OUS_PER_CALL OUs; each call is its own operation. */
export interface BatchedOperations {
  /** In the order they were started. */
  readonly operationIds: readonly string[];
  /** CreateStackInstances (or Update/Delete) calls that started an operation. */
  readonly calls: number;
}

export type ResourceDriftStatus = 'IN_SYNC' | 'MODIFIED' | 'DELETED' | 'NOT_CHECKED' | 'UNKNOWN' | 'UNSUPPORTED';

/** One resource of a stack instance, as a drift detection operation found it. */
export interface ResourceDrift {
  readonly logicalResourceId: string;
  readonly physicalResourceId?: string;
  readonly resourceType: string;
  readonly status: ResourceDriftStatus;
  readonly checkedAt?: Date;
  readonly propertyDifferences: ReadonlyArray<{
    readonly path: string;
    readonly expected: string;
    readonly actual: string;
    readonly difference: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
  }>;
}

/** A plain stack cisfleet deploys (the management account's copy of the template; rollout builds it from the plan). */
export interface PlainStackSpec {
  readonly name: string;
  readonly templateBody: string;
  readonly templateSha256: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly capabilities: readonly Capability[];
}

/**
 * A plain stack in one region as DescribeStacks shows it: the management account's copy of the template, which
 * rollout compares and the report shows (StacksGateway.describeStack). A missing stack is `{ exists: false }`.
 */
export interface PlainStackState {
  readonly exists: boolean;
  readonly status?: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Its `cisfleet:template-sha256` tag: the template rollout last deployed there. */
  readonly templateSha256?: string;
}
