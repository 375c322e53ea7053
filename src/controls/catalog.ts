/**
 * The controls cisfleet keeps, in one place: the config file, the template parameters, the simulator's
 * expectations and the report all read their ids, rule names and parameter names from here.
 */

export type ControlId = 'default-sg-closed' | 'admin-ports-closed' | 'access-keys-rotated' | 'unused-credentials';

/** AUTO remediates automatically, MANUAL configures remediation to run on demand, DETECT deploys the rule only. */
export type ControlMode = 'AUTO' | 'MANUAL' | 'DETECT';
export const CONTROL_MODES: readonly ControlMode[] = ['AUTO', 'MANUAL', 'DETECT'];

export interface ControlDefinition {
  id: ControlId;
  title: string;
  /** The AWS Config managed rule behind the control. */
  sourceIdentifier: string;
  /** The deployed rule is named `<ResourcePrefix>-<ruleNameSuffix>`. */
  ruleNameSuffix: string;
  /** IAM is global: these rules exist in the home region only. */
  homeRegionOnly: boolean;
  /** Template parameter that carries the control's mode. */
  modeParameter: string;
  /**
   * The template's SSM Automation document that remediates the control, named `<ResourcePrefix>-<runbookDocument>`;
   * none for access-keys-rotated (its remediation is the access-key function).
   */
  runbookDocument?: string;
  /**
   * The mode when accounts.yaml says nothing: DETECT for every control, so a first rollout changes nothing in
   * the accounts; a control is opted into AUTO in accounts.yaml after `cisfleet impact` has shown what it will do.
   */
  defaultMode: ControlMode;
  /** CIS AWS Foundations Benchmark item per version, and the Security Hub control ids. */
  cis: { 'v1.2': string; 'v1.4': string; 'v3.0': string; 'v5.0': string };
  securityHub: string[];
}

export const CONTROLS: readonly ControlDefinition[] = [
  {
    id: 'default-sg-closed',
    title: 'Default security group restricts all traffic',
    sourceIdentifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
    ruleNameSuffix: 'vpc-default-security-group-closed',
    homeRegionOnly: false,
    modeParameter: 'DefaultSecurityGroupMode',
    runbookDocument: 'RemoveDefaultSecurityGroupRules',
    defaultMode: 'DETECT',
    cis: { 'v1.2': '4.3', 'v1.4': '5.3', 'v3.0': '5.4', 'v5.0': '5.5' },
    securityHub: ['EC2.2'],
  },
  {
    id: 'admin-ports-closed',
    title: 'No security group allows SSH (22) or RDP (3389) from the internet',
    sourceIdentifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
    ruleNameSuffix: 'vpc-sg-open-only-to-authorized-ports',
    homeRegionOnly: false,
    modeParameter: 'AdminPortsMode',
    runbookDocument: 'RevokeWorldOpenAdminPorts',
    defaultMode: 'DETECT',
    cis: { 'v1.2': '4.1, 4.2', 'v1.4': '5.2', 'v3.0': '5.2, 5.3', 'v5.0': '5.3, 5.4' },
    securityHub: ['EC2.13', 'EC2.14', 'EC2.53', 'EC2.54'],
  },
  {
    id: 'access-keys-rotated',
    title: 'Access keys are rotated within the maximum age',
    sourceIdentifier: 'ACCESS_KEYS_ROTATED',
    ruleNameSuffix: 'access-keys-rotated',
    homeRegionOnly: true,
    modeParameter: 'AccessKeysMode',
    defaultMode: 'DETECT',
    cis: { 'v1.2': '1.4', 'v1.4': '1.14', 'v3.0': '1.14', 'v5.0': '1.13' },
    securityHub: ['IAM.3'],
  },
  {
    id: 'unused-credentials',
    title: 'Credentials unused for the maximum age are disabled',
    sourceIdentifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK',
    ruleNameSuffix: 'iam-user-unused-credentials-check',
    homeRegionOnly: true,
    modeParameter: 'UnusedCredentialsMode',
    runbookDocument: 'RevokeUnusedCredentials',
    defaultMode: 'DETECT',
    cis: { 'v1.2': '1.3', 'v1.4': '1.12', 'v3.0': '1.12', 'v5.0': '1.11' },
    securityHub: ['IAM.8', 'IAM.22'],
  },
];

export const CONTROL_IDS: readonly ControlId[] = CONTROLS.map((c) => c.id);

export function controlById(id: ControlId): ControlDefinition {
  const control = CONTROLS.find((c) => c.id === id);
  if (!control) throw new Error(`unknown control ${id}`);
  return control;
}

/** The deployed Config rule name of a control for a resource prefix. */
export function ruleNameFor(control: ControlDefinition, resourcePrefix: string): string {
  return `${resourcePrefix}-${control.ruleNameSuffix}`;
}

/** The deployed name of a control's runbook document, or undefined when the control has none. */
export function runbookDocumentNameFor(control: ControlDefinition, resourcePrefix: string): string | undefined {
  return control.runbookDocument && `${resourcePrefix}-${control.runbookDocument}`;
}

/**
 * The remediation template's parameters that cisfleet sets. The template (stacksets/) declares each of them;
 * a test checks the two agree.
 */
export const TEMPLATE_PARAMETERS = {
  resourcePrefix: 'ResourcePrefix',
  homeRegion: 'HomeRegion',
  createConfigRecorder: 'CreateConfigRecorder',
  deliveryBucketName: 'DeliveryBucketName',
  deliveryKeyPrefix: 'DeliveryKeyPrefix',
  maxAccessKeyAge: 'MaxAccessKeyAge',
  keyAction: 'AccessKeyAction',
  deleteGraceDays: 'DeleteGraceDays',
  exemptTagKey: 'ExemptTagKey',
  maxCredentialUsageAge: 'MaxCredentialUsageAge',
  remediationMaxAttempts: 'RemediationMaxAttempts',
  remediationRetrySeconds: 'RemediationRetrySeconds',
  tagKey: 'TagKey',
  tagValue: 'TagValue',
} as const;

export const DEFAULT_RESOURCE_PREFIX = 'cisfleet';
