/** Who cisfleet runs as, and in which organization (GetCallerIdentity + DescribeOrganization). */
export interface CallerIdentity {
  readonly accountId: string;
  /** The caller's ARN (a user, role or assumed-role session: no secret). */
  readonly arn: string;
  /** Absent when the account belongs to no organization. */
  readonly organizationId?: string;
  readonly managementAccountId?: string;
  /** Whether the account is a CloudFormation StackSets delegated administrator; read only with runsFrom: delegatedAdmin. */
  readonly stackSetsDelegatedAdmin?: boolean;
}
