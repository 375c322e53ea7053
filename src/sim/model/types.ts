/**
 * The simulated organization's state: plain data, owned by the World. Times are simulated epoch ms.
 * Service handlers (src/sim/services/*) read and change it; model modules (src/sim/model/*) hold the
 * behaviour shared by several services (applying a template, evaluating Config rules, remediation).
 */

export type AccountState = 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';

export interface SimAccount {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  /** Root id (`r-…`) or OU id (`ou-…`). */
  parentId: string;
  joinedMethod: 'INVITED' | 'CREATED';
  joinedTimestamp: number;
}

export interface SimOu {
  id: string;
  name: string;
  parentId: string;
}

export interface SimCreateAccountRequest {
  id: string; // car-…
  accountName: string;
  email: string;
  roleName: string;
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  requestedTimestamp: number;
  completedTimestamp?: number;
  accountId?: string;
  failureReason?: string;
}

export interface SimOrganization {
  id: string; // o-…
  managementAccountId: string;
  rootId: string; // r-…
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  ous: Map<string, SimOu>;
  accounts: Map<string, SimAccount>;
  createAccountRequests: Map<string, SimCreateAccountRequest>;
  /** Service principals with trusted access (e.g. member.org.stacksets.cloudformation.amazonaws.com). */
  trustedServices: Set<string>;
  /** Service principal → account ids registered as delegated administrators. */
  delegatedAdmins: Map<string, Set<string>>;
}

export interface SimRole {
  name: string;
  /** Accounts whose principals may assume the role. */
  trustedAccountIds: string[];
  /** When set, AssumeRole must pass exactly this ExternalId. */
  externalId?: string;
  /** Simulated time before which the role is not yet assumable (new accounts, IAM propagation). */
  assumableAt?: number;
  maxSessionDurationSeconds?: number;
  /** When a stack created it; scenario roles date from their account's joining. */
  createDate?: number;
}

export interface SimAccessKey {
  id: string; // AKIA…
  status: 'Active' | 'Inactive';
  createDate: number;
  /** Undefined: never used. */
  lastUsedDate?: number;
  /** The service of the last use (GetAccessKeyLastUsed ServiceName); `s3` when a used key does not say. */
  lastUsedService?: string;
  /** When the key became Inactive (for delete-after-grace logic). */
  deactivatedDate?: number;
}

export interface SimIamUser {
  userId: string; // AIDA… (the Config resource id)
  userName: string;
  arn: string;
  createDate: number;
  tags: Record<string, string>;
  accessKeys: SimAccessKey[];
  /** Console password: undefined when the user has none. */
  passwordLastUsed?: number | 'never';
  passwordCreateDate?: number;
}

export interface SimAccountIam {
  roles: Map<string, SimRole>;
  users: Map<string, SimIamUser>; // by user name
  /** The last GenerateCredentialReport: a CSV snapshot, served by GetCredentialReport until it is 4 hours old. */
  credentialReport?: { generatedAt: number; csv: string };
}

export interface SimPermission {
  ipProtocol: string; // 'tcp' | 'udp' | 'icmp' | '-1'
  fromPort?: number;
  toPort?: number;
  ipv4Ranges: string[];
  ipv6Ranges: string[];
  /** Referenced security group ids (never "open to the world"). */
  userIdGroupPairs: string[];
  /** Managed prefix list ids (pl-…). */
  prefixListIds?: string[];
}

export interface SimSecurityGroup {
  groupId: string; // sg-…
  groupName: string;
  vpcId: string;
  isDefault: boolean;
  description: string;
  ingress: SimPermission[];
  egress: SimPermission[];
  tags: Record<string, string>;
}

export interface SimRecorder {
  name: string;
  roleArn: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  recording: boolean;
  /** When recording last started and stopped (DescribeConfigurationRecorderStatus). */
  lastStartTime?: number;
  lastStopTime?: number;
  /** Stack that created it, or undefined when it came with the scenario (Control Tower, LZA, by hand). */
  ownerStackId?: string;
}

export interface SimDeliveryChannel {
  name: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  ownerStackId?: string;
}

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

export interface SimConfigRule {
  name: string;
  arn: string;
  id: string; // config-rule-…
  sourceIdentifier: string; // e.g. VPC_DEFAULT_SECURITY_GROUP_CLOSED
  inputParameters: Record<string, string>;
  maximumExecutionFrequency?: string;
  createdAt: number;
  ownerStackId?: string;
}

export interface SimRemediationParameter {
  ResourceValue?: { Value: 'RESOURCE_ID' };
  StaticValue?: { Values: string[] };
}

export interface SimRemediationConfiguration {
  configRuleName: string;
  targetType: 'SSM_DOCUMENT';
  targetId: string;
  targetVersion?: string;
  automatic: boolean;
  maximumAutomaticAttempts: number;
  retryAttemptSeconds: number;
  resourceType?: string;
  parameters: Record<string, SimRemediationParameter>;
  ownerStackId?: string;
}

export interface SimEvaluation {
  configRuleName: string;
  resourceType: string;
  resourceId: string;
  complianceType: ComplianceType;
  annotation?: string;
  resultRecordedTime: number;
  configRuleInvokedTime: number;
}

export type RemediationState = 'QUEUED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface SimRemediationExecution {
  configRuleName: string;
  resourceType: string;
  resourceId: string;
  state: RemediationState;
  attempts: number;
  lastUpdated: number;
  /** Why the last attempt left the resource non-compliant (e.g. the runbook cannot revoke a port range). */
  failureMessage?: string;
  /** Set when the runbook skipped an exempt resource (its exemption-check step ended the run). */
  skipped?: string;
  /** When the execution was started (InvocationTime). */
  invokedAt?: number;
  /** Started by Config's automatic remediation (retries) rather than StartRemediationExecution (one attempt). */
  automatic?: boolean;
  /**
   * Set when the resource changed (other than by remediation) after the execution FAILED: only then may
   * automatic remediation try that resource again, so a runbook that cannot fix it never loops.
   */
  resourceChangedSinceFailure?: boolean;
}

/**
 * One SSM Automation execution of a runbook: Config's remediation starts one per attempt (model/remediation.ts),
 * and SSM keeps it, with the runbook's outputs, for DescribeAutomationExecutions and GetAutomationExecution.
 */
export interface SimAutomationExecution {
  /** A UUID (AutomationExecutionId is 36 characters in SSM's model). */
  id: string;
  documentName: string;
  documentVersion: string;
  status: 'Success' | 'Failed';
  startedAt: number;
  endedAt: number;
  /** The document's parameters as the execution received them. */
  parameters: Record<string, string[]>;
  /** The document's `outputs`, each `Step.Output` with its values. */
  outputs: Record<string, string[]>;
  /** The runbook's first step (cisfleet's documents have one); unknown for AWS-owned documents (not loaded). */
  step?: { name: string; action: string };
  failureMessage?: string;
}

/** An SSM Automation document the stack created (custom runbooks); AWS-owned ones are built into the sim. */
export interface SimSsmDocument {
  name: string;
  content: unknown;
  ownerStackId?: string;
  documentType?: string;
  tags?: Record<string, string>;
}

/** EventBridge rule + Lambda target, as the template declares them (the access-key remediation path). */
export interface SimEventRule {
  name: string;
  /** Undefined for a scheduled rule. */
  eventPattern: unknown;
  /** `rate(N unit)`: the rule fires on this schedule instead of matching events. */
  scheduleExpression?: string;
  enabled: boolean;
  targetFunctionName?: string;
  ownerStackId?: string;
}

export interface SimLambdaFunction {
  name: string;
  runtime: string;
  handler: string;
  code: string; // inline ZipFile source
  environment: Record<string, string>;
  /** Where the function's output goes: `LoggingConfig.LogGroup`, else Lambda's `/aws/lambda/<name>`. */
  logGroup?: string;
  ownerStackId?: string;
}

/** One CloudWatch Logs event, as FilterLogEvents returns it. */
export interface SimLogEvent {
  logStreamName: string;
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

/** A CloudWatch Logs log group and everything written to it (kept as long as the group is). */
export interface SimLogGroup {
  name: string;
  createdAt: number;
  retentionInDays?: number;
  events: SimLogEvent[];
}

export interface SimConfigAggregator {
  name: string;
  arn: string;
  allRegions: boolean;
  regions: string[];
  /** OrganizationAggregationSource.RoleArn. */
  roleArn?: string;
  createdAt?: number;
  lastUpdatedAt?: number;
}

/** An elastic network interface: what keeps a security group in use (its traffic stops when the group is emptied). */
export interface SimNetworkInterface {
  id: string; // eni-…
  description: string;
  vpcId: string;
  subnetId: string;
  /** Security group ids attached to the interface. */
  groupIds: string[];
  /** `in-use` when attached (to an instance, a load balancer, a Lambda function), else `available`. */
  status: 'in-use' | 'available';
  /** What it is attached to, e.g. an instance id. */
  attachedTo?: string;
}

/** Everything that lives in one account and one region. */
export interface SimRegionState {
  accountId: string;
  region: string;
  securityGroups: Map<string, SimSecurityGroup>;
  networkInterfaces: Map<string, SimNetworkInterface>;
  recorder?: SimRecorder;
  deliveryChannel?: SimDeliveryChannel;
  configRules: Map<string, SimConfigRule>;
  remediations: Map<string, SimRemediationConfiguration>; // by rule name
  /** rule name → resource key (`type|id`) → evaluation */
  evaluations: Map<string, Map<string, SimEvaluation>>;
  remediationExecutions: Map<string, SimRemediationExecution>; // key `rule|type|id`
  ssmDocuments: Map<string, SimSsmDocument>;
  /** SSM Automation executions, in the order they started. */
  automationExecutions: SimAutomationExecution[];
  eventRules: Map<string, SimEventRule>;
  lambdaFunctions: Map<string, SimLambdaFunction>;
  aggregators: Map<string, SimConfigAggregator>;
  /** Plain stacks (outside any stack set), by stack name. */
  stacks: Map<string, SimStack>;
}

export type StackStatus =
  'CREATE_COMPLETE' | 'CREATE_FAILED' | 'UPDATE_COMPLETE' | 'UPDATE_FAILED' | 'ROLLBACK_COMPLETE' | 'DELETE_COMPLETE';

/** A deployed stack: a stack set's instance stack, or a plain stack. Records what it created so it can be removed. */
export interface SimStack {
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  status: StackStatus;
  statusReason?: string;
  templateBody: string;
  parameters: Record<string, string>;
  outputs: Record<string, string>;
  /** Logical id → { type, physical id } of the resources it made. */
  resources: Map<
    string,
    {
      type: string;
      physicalId: string;
      properties: Record<string, unknown>;
      attributes?: Record<string, string>;
      /** The declaration's DeletionPolicy and UpdateReplacePolicy (absent: Delete). */
      deletionPolicy?: string;
      updateReplacePolicy?: string;
    }
  >;
  /** Logical ids whose live state was changed outside CloudFormation (set by scenario or test drift). */
  driftedLogicalIds: Set<string>;
  creationTime?: number;
  lastUpdatedTime?: number;
  /** Plain stacks: what CreateStack/UpdateStack were given. */
  capabilities?: string[];
  tags?: Record<string, string>;
}

/** An STS session or a long-term key known to the simulator. */
export interface SimSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  /** arn:aws:iam::<acct>:user/<name> or arn:aws:sts::<acct>:assumed-role/<role>/<session> */
  arn: string;
  userId: string;
  /** Set for assumed-role sessions. */
  roleName?: string;
  expiration?: number;
}
