/**
 * Translation between CloudFormation's StackSet shapes (AWS SDK v3) and cisfleet's plain types
 * (src/model/stack-sets.ts). Pure functions; the gateway is the only caller.
 */
import type {
  DeploymentTargets as SdkDeploymentTargets,
  Parameter,
  StackInstanceResourceDriftsSummary,
  StackInstanceSummary,
  StackSet,
  StackSetDriftDetectionDetails,
  StackSetOperation as SdkOperation,
  StackSetOperationPreferences,
  StackSetOperationResultSummary,
  StackSetOperationSummary,
  Tag,
} from '@aws-sdk/client-cloudformation';
import type {
  DeploymentTargets,
  DriftDetectionSummary,
  OperationPreferences,
  OperationResult,
  ResourceDrift,
  StackInstance,
  StackSetOperation,
  StackSetState,
} from '../model/stack-sets.js';

export const parametersIn = (values: Readonly<Record<string, string>>): Parameter[] =>
  Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

export const parametersOut = (parameters: readonly Parameter[] | undefined): Record<string, string> =>
  Object.fromEntries((parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));

export const tagsIn = (tags: Readonly<Record<string, string>>): Tag[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

const tagsOut = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

export function preferencesIn(p: OperationPreferences): StackSetOperationPreferences {
  return {
    RegionConcurrencyType: p.regionConcurrencyType,
    RegionOrder: p.regionOrder && p.regionOrder.length > 0 ? [...p.regionOrder] : undefined,
    MaxConcurrentCount: p.maxConcurrentCount,
    MaxConcurrentPercentage: p.maxConcurrentPercentage,
    FailureToleranceCount: p.failureToleranceCount,
    FailureTolerancePercentage: p.failureTolerancePercentage,
    ConcurrencyMode: p.concurrencyMode,
  };
}

export function targetsIn(t: DeploymentTargets): SdkDeploymentTargets {
  return {
    OrganizationalUnitIds:
      t.organizationalUnitIds && t.organizationalUnitIds.length > 0 ? [...t.organizationalUnitIds] : undefined,
    Accounts: t.accounts && t.accounts.length > 0 ? [...t.accounts] : undefined,
    AccountFilterType: t.accountFilterType,
  };
}

function driftSummaryOut(d: StackSetDriftDetectionDetails | undefined): DriftDetectionSummary {
  return {
    driftStatus: d?.DriftStatus ?? 'NOT_CHECKED',
    detectionStatus: d?.DriftDetectionStatus,
    lastCheckedAt: d?.LastDriftCheckTimestamp,
    total: d?.TotalStackInstancesCount ?? 0,
    drifted: d?.DriftedStackInstancesCount ?? 0,
    inSync: d?.InSyncStackInstancesCount ?? 0,
    inProgress: d?.InProgressStackInstancesCount ?? 0,
    failed: d?.FailedStackInstancesCount ?? 0,
  };
}

export function stackSetOut(s: StackSet): StackSetState {
  return {
    name: s.StackSetName ?? '',
    stackSetId: s.StackSetId ?? '',
    arn: s.StackSetARN,
    status: s.Status ?? 'ACTIVE',
    description: s.Description,
    templateBody: s.TemplateBody ?? '',
    parameters: parametersOut(s.Parameters),
    tags: tagsOut(s.Tags),
    capabilities: s.Capabilities ?? [],
    permissionModel: s.PermissionModel ?? 'SELF_MANAGED',
    autoDeployment: s.AutoDeployment
      ? {
          enabled: s.AutoDeployment.Enabled ?? false,
          retainStacksOnAccountRemoval: s.AutoDeployment.RetainStacksOnAccountRemoval ?? false,
        }
      : undefined,
    managedExecution: s.ManagedExecution?.Active ?? false,
    administrationRoleArn: s.AdministrationRoleARN,
    executionRoleName: s.ExecutionRoleName,
    organizationalUnitIds: s.OrganizationalUnitIds ?? [],
    regions: s.Regions ?? [],
    drift: driftSummaryOut(s.StackSetDriftDetectionDetails),
  };
}

export function instanceOut(i: StackInstanceSummary, parameterOverrides?: readonly Parameter[]): StackInstance {
  return {
    account: i.Account,
    region: i.Region ?? '',
    ouId: i.OrganizationalUnitId,
    stackId: i.StackId,
    status: i.Status ?? 'OUTDATED',
    detailedStatus: i.StackInstanceStatus?.DetailedStatus,
    statusReason: i.StatusReason,
    driftStatus: i.DriftStatus ?? 'NOT_CHECKED',
    lastDriftCheckAt: i.LastDriftCheckTimestamp,
    lastOperationId: i.LastOperationId,
    ...(parameterOverrides ? { parameterOverrides: parametersOut(parameterOverrides) } : {}),
  };
}

export function operationOut(op: SdkOperation | StackSetOperationSummary, fallbackId: string): StackSetOperation {
  return {
    operationId: op.OperationId ?? fallbackId,
    action: op.Action,
    // A missing status cannot end a wait: treat it as still running.
    status: op.Status ?? 'RUNNING',
    statusReason: op.StatusReason,
    createdAt: op.CreationTimestamp,
    endedAt: op.EndTimestamp,
    failedInstanceCount: op.StatusDetails?.FailedStackInstancesCount,
  };
}

export function resultOut(r: StackSetOperationResultSummary): OperationResult {
  return {
    account: r.Account,
    region: r.Region ?? '',
    ouId: r.OrganizationalUnitId,
    status: r.Status ?? 'PENDING',
    reason: r.StatusReason,
  };
}

export function resourceDriftOut(d: StackInstanceResourceDriftsSummary): ResourceDrift {
  return {
    logicalResourceId: d.LogicalResourceId ?? '',
    physicalResourceId: d.PhysicalResourceId,
    resourceType: d.ResourceType ?? '',
    status: d.StackResourceDriftStatus ?? 'NOT_CHECKED',
    checkedAt: d.Timestamp,
    propertyDifferences: (d.PropertyDifferences ?? []).map((p) => ({
      path: p.PropertyPath ?? '',
      expected: p.ExpectedValue ?? '',
      actual: p.ActualValue ?? '',
      difference: p.DifferenceType ?? 'NOT_EQUAL',
    })),
  };
}
