/**
 * Stack set state (management account, one region). Owned by the CloudFormation service module
 * (src/sim/services/cloudformation*.ts) and its operation engine (src/sim/model/stackset-engine.ts).
 */
import type { SimStack } from './types.js';

export type StackSetOperationAction = 'CREATE' | 'UPDATE' | 'DELETE' | 'DETECT_DRIFT';
export type StackSetOperationStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'STOPPING' | 'STOPPED';
export type OperationResultStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type StackInstanceStatus = 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
export type StackInstanceDetailedStatus =
  'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'INOPERABLE' | 'SKIPPED_SUSPENDED_ACCOUNT';
export type InstanceDriftStatus = 'DRIFTED' | 'IN_SYNC' | 'UNKNOWN' | 'NOT_CHECKED';
export type ResourceDriftStatus = 'IN_SYNC' | 'MODIFIED' | 'DELETED' | 'NOT_CHECKED';

/** StackSetOperationPreferences with the defaults applied (counts and percentages stay as given). */
export interface OperationPreferences {
  regionConcurrencyType: 'SEQUENTIAL' | 'PARALLEL';
  regionOrder: string[];
  maxConcurrentCount?: number;
  maxConcurrentPercentage?: number;
  failureToleranceCount?: number;
  failureTolerancePercentage?: number;
  concurrencyMode: 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';
}

/** DeploymentTargets as the request gave them (echoed by DescribeStackSetOperation). */
export interface DeploymentTargets {
  organizationalUnitIds: string[];
  accounts: string[];
  accountFilterType?: 'NONE' | 'INTERSECTION' | 'DIFFERENCE' | 'UNION';
}

/** What one account × region of an operation does. */
export type UnitKind = 'deploy' | 'delete' | 'detect-drift' | 'skip-suspended';

/** One account × region of an operation: its planned work and its ListStackSetOperationResults row. */
export interface OperationUnit {
  accountId: string;
  region: string;
  organizationalUnitId?: string;
  kind: UnitKind;
  status: OperationResultStatus;
  statusReason?: string;
}

export interface PropertyDifference {
  propertyPath: string;
  expectedValue: string;
  actualValue: string;
  differenceType: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
}

/** One resource's drift as a detection found it (ListStackInstanceResourceDrifts). */
export interface ResourceDrift {
  stackId: string;
  logicalResourceId: string;
  physicalResourceId: string;
  resourceType: string;
  status: ResourceDriftStatus;
  propertyDifferences: PropertyDifference[];
  timestamp: number;
}

/** StackSetDriftDetectionDetails. */
export interface DriftDetectionDetails {
  driftStatus: 'DRIFTED' | 'IN_SYNC' | 'NOT_CHECKED';
  driftDetectionStatus: 'COMPLETED' | 'FAILED' | 'PARTIAL_SUCCESS' | 'IN_PROGRESS' | 'STOPPED';
  lastDriftCheckTimestamp?: number;
  total: number;
  drifted: number;
  inSync: number;
  inProgress: number;
  failed: number;
}

/** Engine bookkeeping that tests may read (never written from outside the engine). */
export interface OperationEngineState {
  /** Units RUNNING at this moment, across regions. */
  running: number;
  /** The most units that were RUNNING at once, across regions. */
  peakConcurrency: number;
  /** The most units RUNNING at once within each region. */
  peakConcurrencyByRegion: Record<string, number>;
  /** Regions where failure tolerance was exceeded. */
  regionsStopped: string[];
}

export interface SimStackSetOperation {
  operationId: string;
  action: StackSetOperationAction;
  status: StackSetOperationStatus;
  statusReason?: string;
  creationTimestamp: number;
  endTimestamp?: number;
  preferences: OperationPreferences;
  /** Auto-deployment runs one instance at a time and ignores preferences. */
  isAutoDeployment: boolean;
  retainStacks?: boolean;
  deploymentTargets?: DeploymentTargets;
  regions: string[];
  /** The template and parameters the operation deploys (captured when requested). */
  templateBody: string;
  parameters: Record<string, string>;
  /** Per account × region work and results, in planning order. */
  units: OperationUnit[];
  /** Drift detection: what each instance's detection found, by `account:region`. */
  resourceDrifts: Map<string, ResourceDrift[]>;
  driftDetails?: DriftDetectionDetails;
  engine: OperationEngineState;
}

export interface SimStackInstance {
  accountId: string;
  region: string;
  organizationalUnitId?: string;
  status: StackInstanceStatus;
  detailedStatus: StackInstanceDetailedStatus;
  statusReason?: string;
  /** The deployed stack, once an operation created it. */
  stack?: SimStack;
  stackId?: string;
  driftStatus: InstanceDriftStatus;
  lastDriftCheckTimestamp?: number;
  lastOperationId?: string;
  parameterOverrides: Record<string, string>;
}

export interface SimStackSet {
  stackSetName: string;
  stackSetId: string;
  arn: string;
  region: string;
  status: 'ACTIVE' | 'DELETED';
  description?: string;
  templateBody: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  capabilities: string[];
  permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
  autoDeployment?: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
  managedExecution: boolean;
  administrationRoleArn?: string;
  executionRoleName?: string;
  /** Every operation ever started, in request order. */
  operations: Map<string, SimStackSetOperation>;
  /** Operation ids waiting to run, in request order. */
  operationQueue: string[];
  /** Stack instances by `account:region`. */
  instances: Map<string, SimStackInstance>;
  /**
   * OU ids targeted by service-managed deployments, each with the regions it is targeted in: auto-deployment
   * deploys an account that joins the OU to those regions. AWS keeps the same pairs (its
   * ListStackSetAutoDeploymentTargets answers OrganizationalUnitId + Regions); DeleteStackInstances removes only
   * the regions it deleted, and the OU once none is left.
   */
  targetOus: Map<string, Set<string>>;
  /** Regions instances were deployed to (DescribeStackSet's Regions). */
  regions: Set<string>;
  /** The last completed drift detection. */
  driftDetection?: DriftDetectionDetails;
  /** Extra engine state the CloudFormation module keeps. */
  extra: Record<string, unknown>;
}

export const instanceKey = (accountId: string, region: string): string => `${accountId}:${region}`;
