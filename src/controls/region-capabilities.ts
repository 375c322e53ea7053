/*
 * What each region cisfleet accepts can run of the remediation template, from AWS's documentation (checked
 * 2026-12). docs/controls.md prints this table; `cisfleet validate` refuses a region (or home region) the
 * template cannot deploy to, and the template leaves out what a region lacks.
 *
 * Sources:
 * - AWS Config Developer Guide, iam-user-unused-credentials-check and iam-root-access-key-check: "AWS
 *   Region: All supported AWS regions except Asia Pacific (Thailand), Middle East (UAE), Asia Pacific
 *   (Hyderabad), Asia Pacific (Malaysia), Asia Pacific (Melbourne), Mexico (Central), Israel (Tel Aviv),
 *   Asia Pacific (Taipei), Canada West (Calgary), Europe (Spain) and Europe (Zurich)".
 * - The same pages: the global IAM resource types "can only be recorded by AWS Config in AWS Regions where
 *   AWS Config was available before February 2022", which is why the IAM rules are missing there
 *   (access-keys-rotated carries the same note). Asia Pacific (New Zealand) opened in 2025: same class.
 * - vpc-sg-open-only-to-authorized-ports: "All supported AWS regions except Asia Pacific (Melbourne)".
 * - vpc-default-security-group-closed: all supported regions.
 */
import type { RegionName } from './regions.js';
import type { ControlId } from './catalog.js';

/** Regions without the IAM managed rules and without recording of AWS::IAM::User: no home region there. */
export const REGIONS_WITHOUT_IAM_RULES: readonly RegionName[] = [
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'mx-central-1',
];

/** Regions without VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS: the admin-ports control is left out there. */
export const REGIONS_WITHOUT_ADMIN_PORTS_RULE: readonly RegionName[] = ['ap-southeast-4'];

export interface RegionCapabilities {
  /** The home region can be here: IAM is recorded and both IAM rules are offered. */
  readonly iamRules: boolean;
  /** VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS is offered. */
  readonly adminPortsRule: boolean;
}

export function regionCapabilities(region: string): RegionCapabilities {
  return {
    iamRules: !(REGIONS_WITHOUT_IAM_RULES as readonly string[]).includes(region),
    adminPortsRule: !(REGIONS_WITHOUT_ADMIN_PORTS_RULE as readonly string[]).includes(region),
  };
}

/**
 * Whether the template deploys a control in a region (the home-region-only IAM controls aside): the
 * template's AdminPortsRuleOffered condition leaves admin-ports-closed out where its rule is missing.
 */
export function controlOffered(controlId: ControlId, region: string): boolean {
  return controlId !== 'admin-ports-closed' || regionCapabilities(region).adminPortsRule;
}
