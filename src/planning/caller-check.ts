/**
 * Pure: are the credentials those of the organization and account accounts.yaml describes? A mismatch is a
 * config problem found before anything changes (docs/accounts-yaml.md#organization).
 */
import type { ConfigProblem } from '../errors.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { CallerIdentity } from '../model/caller.js';
import { terminalView } from '../safe-text.js';

const REGISTER = (account: string) =>
  `aws organizations register-delegated-administrator --service-principal member.org.stacksets.cloudformation.amazonaws.com --account-id ${account}`;

/** Every way the caller differs from accounts.yaml's organization section; empty when it matches. */
export function callerProblems(config: CisfleetConfig, file: string, fromAws: CallerIdentity): ConfigProblem[] {
  // The ARN and ids come from AWS: shown escaped, like any text from AWS.
  const caller = terminalView(fromAws);
  const { managementAccountId: expected, callAs, delegatedAdminAccountId } = config.organization;
  const problem = (path: string, message: string): ConfigProblem => ({
    file,
    line: 0,
    col: 0,
    path,
    message,
    severity: 'error',
  });
  const who = `the credentials (${caller.arn || `account ${caller.accountId}`})`;
  if (!caller.managementAccountId) {
    return [
      problem(
        'organization.managementAccountId',
        `expected the organization of management account ${expected}, but ${who} belong to account ${caller.accountId}, which is in no organization: use credentials from that organization (--profile)`,
      ),
    ];
  }
  if (caller.managementAccountId !== expected) {
    return [
      problem(
        'organization.managementAccountId',
        `expected the organization of management account ${expected}, but ${who} belong to organization ${caller.organizationId ?? '?'}, ` +
          `whose management account is ${caller.managementAccountId}: use credentials of the organization accounts.yaml describes (--profile), or correct managementAccountId`,
      ),
    ];
  }
  if (callAs === 'SELF') {
    if (caller.accountId === expected) return [];
    return [
      problem(
        'organization.runsFrom',
        `runsFrom: management expects the management account ${expected}, but ${who} are of account ${caller.accountId}: ` +
          `use the management account's credentials (--profile), or set runsFrom: delegatedAdmin if ${caller.accountId} is the StackSets delegated administrator`,
      ),
    ];
  }
  if (caller.accountId === expected) {
    return [
      problem(
        'organization.runsFrom',
        `runsFrom: delegatedAdmin expects a delegated administrator account, but ${who} are of the management account ${expected}: set runsFrom: management, or use the delegated administrator's credentials`,
      ),
    ];
  }
  if (delegatedAdminAccountId && caller.accountId !== delegatedAdminAccountId) {
    return [
      problem(
        'organization.delegatedAdminAccountId',
        `expected the delegated administrator account ${delegatedAdminAccountId}, but ${who} are of account ${caller.accountId}: use that account's credentials (--profile), or correct delegatedAdminAccountId`,
      ),
    ];
  }
  if (caller.stackSetsDelegatedAdmin === false) {
    return [
      problem(
        'organization.runsFrom',
        `runsFrom: delegatedAdmin, but account ${caller.accountId} (${who}) is not registered as delegated administrator for CloudFormation StackSets in organization ${caller.organizationId}: ` +
          `register it from the management account ${expected} with \`${REGISTER(caller.accountId)}\`, or run from the management account (runsFrom: management)`,
      ),
    ];
  }
  return [];
}

/** One line for the plan and `org`: `account 111111111111 (management account) of organization o-abc`. */
export function describeCaller(config: CisfleetConfig, fromAws: CallerIdentity): string {
  const caller = terminalView(fromAws);
  const role =
    caller.accountId === config.organization.managementAccountId
      ? 'management account'
      : 'StackSets delegated administrator';
  return `Credentials: account ${caller.accountId} (${role}) of organization ${caller.organizationId ?? '?'}, as ${caller.arn}`;
}
