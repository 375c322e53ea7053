/**
 * Stack set state (management account, one region). Owned by the CloudFormation service module
 * (src/sim/services/cloudformation*.ts) and its operation engine (src/sim/model/stackset-engine.ts).
 */
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
  operations: Map<string, unknown>;
  /** Stack instances by `account:region`. */
  instances: Map<string, unknown>;
  /** OU ids targeted by service-managed deployments (drives auto-deployment). */
  targetOuIds: Set<string>;
  /** Extra engine state the CloudFormation module keeps. */
  extra: Record<string, unknown>;
}
