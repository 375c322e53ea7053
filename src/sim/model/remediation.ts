/**
 * What happens after a Config evaluation: the "Config Rules Compliance Change" events EventBridge rules
 * match (invoking the access-key Lambda), and automatic remediation through SSM Automation runbooks, which
 * the simulator performs natively on its own resource model.
 *
 * Remediation never loops: an automatic execution makes at most MaximumAutomaticAttempts attempts (spread
 * over RetryAttemptSeconds); after the last failure it stays FAILED and that resource is not tried again
 * until it changes by other means than remediation.
 */
import type { World } from './world.js';
import type {
  SimConfigRule,
  SimEvaluation,
  SimIamUser,
  SimLambdaFunction,
  SimPermission,
  SimRegionState,
  SimRemediationConfiguration,
  SimRemediationExecution,
  SimSecurityGroup,
} from './types.js';
import { IAM_USER_TYPE, dayLimit, evaluateRule, unusedCredentials } from './rule-evaluator.js';
import { functionLog, type AccessKeyFunctionLog, type AccessKeyUserResult } from './access-key-log.js';
import { startInvocationLog } from './log-groups.js';
import { recordAutomationExecution } from './automation-executions.js';
import {
  coversPort,
  describePermission,
  isExactTcpPort,
  isWorldOpen,
  revokeAll,
  revokeWorldOpenIngress,
  worldOpenPart,
} from './security-groups.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ADMIN_PORTS = [22, 3389] as const;
/** The tag on a stack-created SSM document that says which built-in behaviour it performs. */
export const REMEDIATION_KIND_TAG = 'cisfleet:remediation';

/** One resource's result in an evaluation run: the previous result (absent on a first evaluation) and the new one. */
export interface EvaluationChange {
  previous?: SimEvaluation;
  next: SimEvaluation;
}

/** Called by the evaluation engine after every run of a rule in one account and region. */
export function afterEvaluation(
  world: World,
  state: SimRegionState,
  rule: SimConfigRule,
  changes: EvaluationChange[],
): void {
  for (const change of changes) {
    if (change.previous?.complianceType !== change.next.complianceType)
      publishComplianceChange(world, state, rule, change);
  }
  const remediation = state.remediations.get(rule.name);
  if (!remediation?.automatic) return;
  for (const { next } of changes) {
    if (next.complianceType !== 'NON_COMPLIANT') continue;
    const existing = state.remediationExecutions.get(executionKey(rule.name, next.resourceType, next.resourceId));
    if (existing && (existing.state === 'QUEUED' || existing.state === 'IN_PROGRESS')) continue;
    if (existing?.state === 'FAILED' && existing.automatic && !existing.resourceChangedSinceFailure) continue;
    startExecution(world, state, remediation, next.resourceType, next.resourceId, true);
  }
}

/**
 * Automatic remediation switched on for a rule: AWS starts it for every resource the rule already holds
 * NON_COMPLIANT, without waiting for a new evaluation (PutRemediationConfigurations, API reference: "it initiates
 * the remediation process for all non-compliant resources for that rule").
 */
export function afterAutomaticRemediationEnabled(
  world: World,
  state: SimRegionState,
  remediation: SimRemediationConfiguration,
): void {
  const results = state.evaluations.get(remediation.configRuleName);
  if (!results) return;
  for (const result of results.values()) {
    if (result.complianceType !== 'NON_COMPLIANT') continue;
    const existing = state.remediationExecutions.get(
      executionKey(remediation.configRuleName, result.resourceType, result.resourceId),
    );
    if (existing && (existing.state === 'QUEUED' || existing.state === 'IN_PROGRESS')) continue;
    startExecution(world, state, remediation, result.resourceType, result.resourceId, true);
  }
}

/** Re-arms automatic remediation of a resource whose executions had given up (it changed, so it may be fixable now). */
export function markResourceChanged(state: SimRegionState, resourceType: string, resourceId: string): void {
  for (const execution of state.remediationExecutions.values()) {
    if (
      execution.state === 'FAILED' &&
      execution.resourceType === resourceType &&
      execution.resourceId === resourceId
    ) {
      execution.resourceChangedSinceFailure = true;
    }
  }
}

const executionKey = (ruleName: string, resourceType: string, resourceId: string): string =>
  `${ruleName}|${resourceType}|${resourceId}`;

/**
 * StartRemediationExecution: one attempt per resource, whatever `Automatic` says. Returns the keys that could
 * not be started (one already queued or running).
 */
export function startManualRemediation(
  world: World,
  state: SimRegionState,
  remediation: SimRemediationConfiguration,
  resources: Array<{ resourceType: string; resourceId: string }>,
): Array<{ resourceType: string; resourceId: string }> {
  const failed: Array<{ resourceType: string; resourceId: string }> = [];
  for (const { resourceType, resourceId } of resources) {
    const existing = state.remediationExecutions.get(
      executionKey(remediation.configRuleName, resourceType, resourceId),
    );
    if (existing && (existing.state === 'QUEUED' || existing.state === 'IN_PROGRESS'))
      failed.push({ resourceType, resourceId });
    else startExecution(world, state, remediation, resourceType, resourceId, false);
  }
  return failed;
}

function startExecution(
  world: World,
  state: SimRegionState,
  remediation: SimRemediationConfiguration,
  resourceType: string,
  resourceId: string,
  automatic: boolean,
): void {
  const key = executionKey(remediation.configRuleName, resourceType, resourceId);
  const execution: SimRemediationExecution = {
    configRuleName: remediation.configRuleName,
    resourceType,
    resourceId,
    state: 'QUEUED',
    attempts: 0,
    lastUpdated: world.now(),
    invokedAt: world.now(),
    automatic,
  };
  state.remediationExecutions.set(key, execution);
  scheduleAttempt(world, state, execution, world.timing.remediationMs);
}

function scheduleAttempt(
  world: World,
  state: SimRegionState,
  execution: SimRemediationExecution,
  delayMs: number,
): void {
  const key = executionKey(execution.configRuleName, execution.resourceType, execution.resourceId);
  world.schedule(delayMs, `config:remediate ${state.accountId}:${state.region}:${key}`, () => {
    // The rule or its remediation was deleted, or a newer execution replaced this one.
    if (state.remediationExecutions.get(key) !== execution) return;
    runAttempt(world, state, execution);
  });
}

function runAttempt(world: World, state: SimRegionState, execution: SimRemediationExecution): void {
  const remediation = state.remediations.get(execution.configRuleName);
  const rule = state.configRules.get(execution.configRuleName);
  execution.attempts++;
  execution.lastUpdated = world.now();
  if (!remediation || !rule) {
    finish(execution, 'FAILED', 'The remediation configuration no longer exists.');
    return;
  }
  execution.state = 'IN_PROGRESS';
  // Config remediates from a snapshot that may be stale: a resource already fixed is a no-op success.
  const current = evaluateRule(world, state, rule, world.now(), execution.resourceId)[0];
  const parameters = resolvedParameters(remediation, execution.resourceId);
  if (current?.complianceType !== 'NON_COMPLIANT') {
    recordRun(world, state, remediation, parameters, { changed: false, payload: nothingToChange(parameters) });
    finish(execution, 'SUCCEEDED');
    return;
  }
  const outcome = runRunbook(world, state, remediation, parameters);
  recordRun(world, state, remediation, parameters, outcome);
  if (outcome.changed) {
    world.emit('resource-changed', {
      accountId: state.accountId,
      region: state.region,
      resourceType: execution.resourceType,
      resourceId: execution.resourceId,
      source: 'remediation',
    });
  }
  if (outcome.error === undefined) {
    finish(execution, 'SUCCEEDED');
    if (outcome.skipped) execution.skipped = outcome.skipped;
    return;
  }
  const maxAttempts = remediation.maximumAutomaticAttempts || 5;
  if (execution.automatic && execution.attempts < maxAttempts) {
    execution.failureMessage = outcome.error;
    // Config makes its attempts within RetryAttemptSeconds, so they are spread evenly over that window.
    const retrySeconds = remediation.retryAttemptSeconds || 60;
    scheduleAttempt(world, state, execution, Math.max(world.timing.remediationMs, (retrySeconds * 1000) / maxAttempts));
    return;
  }
  finish(execution, 'FAILED', outcome.error);
}

function finish(execution: SimRemediationExecution, result: 'SUCCEEDED' | 'FAILED', message?: string): void {
  execution.state = result;
  execution.failureMessage = message;
  execution.skipped = undefined;
  execution.resourceChangedSinceFailure = undefined;
}

/** What one runbook run did: whether it changed the resource, and why it failed if it did. */
interface RunbookOutcome {
  changed: boolean;
  error?: string;
  /** Why the runbook left an exempt resource alone (it succeeds, recording this). */
  skipped?: string;
  /** What a stack-created document's script returns (stacksets/functions/*.py), from which SSM takes its outputs. */
  payload?: Record<string, unknown>;
}

/** SSM keeps every run as an automation execution, with the document's outputs (model/automation-executions.ts). */
function recordRun(
  world: World,
  state: SimRegionState,
  remediation: SimRemediationConfiguration,
  parameters: Record<string, string>,
  outcome: RunbookOutcome,
): void {
  recordAutomationExecution(state, {
    documentName: remediation.targetId,
    parameters,
    startedAt: world.now(),
    endedAt: world.now(),
    ...(outcome.payload ? { payload: outcome.payload } : {}),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  });
}

/**
 * A run that found the resource already compliant: the members the template's scripts return when they have
 * nothing to change (each document's outputs select the ones it names).
 */
function nothingToChange(parameters: Record<string, string>): Record<string, unknown> {
  const groupId = parameters.GroupId ?? parameters.SecurityGroupId;
  return {
    ...(groupId !== undefined ? { GroupId: groupId, Revoked: [] } : {}),
    ...(parameters.IAMResourceId !== undefined
      ? { IAMResourceId: parameters.IAMResourceId, Deactivated: [], PasswordDeleted: false }
      : {}),
    Skipped: NOT_SKIPPED,
  };
}

/** The scripts' `Skipped` output when nothing was skipped (an output value cannot be empty). */
const NOT_SKIPPED = 'no';

/** The script's return value for a group: its id, what it skipped, and any members of its own (a failure has none). */
function groupPayload(
  group: SimSecurityGroup,
  outcome: RunbookOutcome,
  extra: Record<string, unknown> = {},
): RunbookOutcome {
  if (outcome.error !== undefined) return outcome;
  return { ...outcome, payload: { GroupId: group.groupId, ...extra, Skipped: outcome.skipped ?? NOT_SKIPPED } };
}

interface RunbookContext {
  world: World;
  state: SimRegionState;
  /** Resolved document parameters (first value of each). */
  params: Record<string, string>;
  documentName: string;
}

type Runbook = (ctx: RunbookContext) => RunbookOutcome;

/** The AWS-owned documents the simulator performs, by name. */
const AWS_RUNBOOKS: Record<string, Runbook> = {
  'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules': removeDefaultGroupRules,
  'AWS-DisablePublicAccessForSecurityGroup': disablePublicAdminAccess,
  'AWS-CloseSecurityGroup': (ctx) =>
    withGroup(ctx, ['SecurityGroupId'], (group) => ({ changed: revokeAll(group) > 0 })),
  'AWSConfigRemediation-RevokeUnusedIAMUserCredentials': revokeUnusedCredentials,
};

/**
 * Stack-created documents, by the value of their `cisfleet:remediation` tag. Each checks the exemption tag
 * (parameter `ExemptTagKey`) first and skips an exempt resource, as the template's scripts do.
 */
const CUSTOM_RUNBOOKS: Record<string, Runbook> = {
  'revoke-world-open-admin-ports': (ctx) =>
    withGroup(ctx, ['GroupId', 'SecurityGroupId'], (group) => {
      const exempt = exemptGroup(ctx, group);
      if (exempt) return groupPayload(group, exempt, { Revoked: [] });
      const revoked = group.ingress.filter(opensAdminPort).flatMap((p) => worldOpenPart(p) ?? []);
      return groupPayload(group, revokeWorldOpenAdminPorts(ctx), { Revoked: revoked.map(scriptPermission) });
    }),
  'remove-default-sg-rules': (ctx) =>
    withGroup(ctx, ['GroupId', 'SecurityGroupId'], (group) =>
      groupPayload(group, exemptGroup(ctx, group) ?? unusedDefaultGroup(ctx, group) ?? removeDefaultGroupRules(ctx)),
    ),
  'revoke-unused-credentials': (ctx) => exemptUser(ctx) ?? revokeUnusedCredentials(ctx),
};

/** A revoked permission as the admin-ports script returns it (EC2's IpPermission members). */
function scriptPermission(p: SimPermission): Record<string, unknown> {
  return {
    IpProtocol: p.ipProtocol,
    IpRanges: p.ipv4Ranges.map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: p.ipv6Ranges.map((CidrIpv6) => ({ CidrIpv6 })),
    ...(p.fromPort !== undefined ? { FromPort: p.fromPort } : {}),
    ...(p.toPort !== undefined ? { ToPort: p.toPort } : {}),
  };
}

/** The skip of a group carrying the exemption tag. */
function exemptGroup(ctx: RunbookContext, group: SimSecurityGroup): RunbookOutcome | undefined {
  const key = ctx.params.ExemptTagKey;
  if (!key || !Object.hasOwn(group.tags, key)) return undefined;
  return { changed: false, skipped: `${group.groupId} carries the exemption tag ${key}` };
}

/** A default group that network interfaces still use is never emptied: the execution fails, naming them. */
function unusedDefaultGroup(ctx: RunbookContext, group: SimSecurityGroup): RunbookOutcome | undefined {
  const users = [...ctx.state.networkInterfaces.values()]
    .filter((e) => e.groupIds.includes(group.groupId))
    .map((e) => e.id);
  if (users.length === 0) return undefined;
  return {
    changed: false,
    error: `NeedsPerson: default security group ${group.groupId} is used by ${users.join(', ')}; move them to their own groups, then remove its rules.`,
  };
}

function exemptUser(ctx: RunbookContext): RunbookOutcome | undefined {
  const key = ctx.params.ExemptTagKey;
  const user = ctx.params.IAMResourceId
    ? findUserById(ctx.world, ctx.state.accountId, ctx.params.IAMResourceId)
    : undefined;
  if (!key || !user || !Object.hasOwn(user.tags, key)) return undefined;
  const skipped = `${user.userName} carries the exemption tag ${key}`;
  return { changed: false, skipped, payload: userPayload(user, ctx.params.IAMResourceId ?? '', [], false, skipped) };
}

/** The unused-credentials script's return value. */
function userPayload(
  user: SimIamUser,
  userId: string,
  deactivated: string[],
  passwordDeleted: boolean,
  skipped: string,
): Record<string, unknown> {
  return {
    IAMResourceId: userId,
    UserName: user.userName,
    Deactivated: deactivated,
    PasswordDeleted: passwordDeleted,
    Skipped: skipped,
  };
}

/** The document's parameters for one resource (the first value of each static list). */
function resolvedParameters(remediation: SimRemediationConfiguration, resourceId: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(remediation.parameters)) {
    const resolved = value.ResourceValue ? resourceId : value.StaticValue?.Values[0];
    if (resolved !== undefined) params[name] = resolved;
  }
  return params;
}

function runRunbook(
  world: World,
  state: SimRegionState,
  remediation: SimRemediationConfiguration,
  params: Record<string, string>,
): RunbookOutcome {
  const documentName = remediation.targetId;
  const kind = state.ssmDocuments.get(documentName)?.tags?.[REMEDIATION_KIND_TAG];
  const runbook = kind !== undefined ? CUSTOM_RUNBOOKS[kind] : AWS_RUNBOOKS[documentName];
  if (!runbook) {
    const why =
      kind !== undefined
        ? `has an unknown ${REMEDIATION_KIND_TAG} kind '${kind}'`
        : 'does not exist or is not simulated';
    return { changed: false, error: `InvalidDocument: document '${documentName}' ${why}.` };
  }
  return runbook({ world, state, params, documentName });
}

function withGroup(
  ctx: RunbookContext,
  parameterNames: string[],
  act: (group: NonNullable<ReturnType<SimRegionState['securityGroups']['get']>>) => RunbookOutcome,
): RunbookOutcome {
  const groupId = parameterNames.map((n) => ctx.params[n]).find((value) => value !== undefined);
  if (groupId === undefined)
    return { changed: false, error: `${ctx.documentName}: missing required parameter ${parameterNames[0]}.` };
  const group = ctx.state.securityGroups.get(groupId);
  if (!group)
    return { changed: false, error: `InvalidGroup.NotFound: the security group '${groupId}' does not exist.` };
  return act(group);
}

function removeDefaultGroupRules(ctx: RunbookContext): RunbookOutcome {
  return withGroup(ctx, ['GroupId', 'SecurityGroupId'], (group) => {
    if (group.groupName !== 'default') {
      return {
        changed: false,
        error: `${ctx.documentName}: security group ${group.groupId} is not named 'default' (it is '${group.groupName}').`,
      };
    }
    return { changed: revokeAll(group) > 0 };
  });
}

const opensAdminPort = (permission: Parameters<typeof isWorldOpen>[0]): boolean =>
  ADMIN_PORTS.some((port) => coversPort(permission, 'tcp', port));

/**
 * AWS-DisablePublicAccessForSecurityGroup revokes only tcp 22 and 3389 rules for exactly that port from
 * 0.0.0.0/0 or ::/0. All-traffic rules and port ranges that contain 22 or 3389 are beyond it.
 */
function disablePublicAdminAccess(ctx: RunbookContext): RunbookOutcome {
  return withGroup(ctx, ['GroupId'], (group) => {
    const revoked = revokeWorldOpenIngress(group, (p) => ADMIN_PORTS.some((port) => isExactTcpPort(p, port)));
    const remaining = group.ingress.find((p) => isWorldOpen(p) && opensAdminPort(p));
    if (remaining) {
      return {
        changed: revoked > 0,
        error: `${ctx.documentName} cannot revoke the permission '${describePermission(remaining)}': it only revokes rules for exactly tcp port 22 or 3389.`,
      };
    }
    if (revoked === 0) {
      return {
        changed: false,
        error: `InvalidPermission.NotFound: the specified rule does not exist in security group ${group.groupId} (no exact tcp 22 or 3389 rule open to 0.0.0.0/0 or ::/0).`,
      };
    }
    return { changed: true };
  });
}

/** The cisfleet runbook: revokes the world-open sources of every rule exposing 22 or 3389, ranges and all traffic included. */
function revokeWorldOpenAdminPorts(ctx: RunbookContext): RunbookOutcome {
  return withGroup(ctx, ['GroupId', 'SecurityGroupId'], (group) => ({
    changed: revokeWorldOpenIngress(group, opensAdminPort) > 0,
  }));
}

function revokeUnusedCredentials(ctx: RunbookContext): RunbookOutcome {
  const userId = ctx.params.IAMResourceId;
  if (!userId) return { changed: false, error: `${ctx.documentName}: missing required parameter IAMResourceId.` };
  const user = findUserById(ctx.world, ctx.state.accountId, userId);
  if (!user) return { changed: false, error: `NoSuchEntity: no IAM user with id ${userId}.` };
  const now = ctx.world.now();
  const unused = unusedCredentials(user, dayLimit(ctx.params, 'MaxCredentialUsageAge'), now);
  for (const key of user.accessKeys) {
    if (unused.keyIds.includes(key.id)) deactivateKey(key, now);
  }
  if (unused.password) {
    user.passwordLastUsed = undefined;
    user.passwordCreateDate = undefined;
  }
  return {
    changed: unused.keyIds.length > 0 || unused.password,
    payload: userPayload(user, userId, unused.keyIds, unused.password, NOT_SKIPPED),
  };
}

function deactivateKey(key: SimIamUser['accessKeys'][number], now: number): void {
  key.status = 'Inactive';
  key.deactivatedDate = now;
}

/** The IAM user with a user id (AIDA…), the Config resource id of AWS::IAM::User. */
export function findUserById(world: World, accountId: string, userId: string): SimIamUser | undefined {
  return [...world.accountIam(accountId).users.values()].find((u) => u.userId === userId);
}

/** The "Config Rules Compliance Change" event AWS Config sends to EventBridge. */
export function complianceChangeEvent(
  state: SimRegionState,
  rule: SimConfigRule,
  change: EvaluationChange,
  now: number,
): Record<string, unknown> {
  const time = new Date(now).toISOString();
  const result = (e: SimEvaluation) => ({
    evaluationResultIdentifier: {
      evaluationResultQualifier: {
        configRuleName: rule.name,
        resourceType: e.resourceType,
        resourceId: e.resourceId,
        evaluationMode: 'DETECTIVE',
      },
      orderingTimestamp: new Date(e.configRuleInvokedTime).toISOString(),
    },
    complianceType: e.complianceType,
    resultRecordedTime: new Date(e.resultRecordedTime).toISOString(),
    configRuleInvokedTime: new Date(e.configRuleInvokedTime).toISOString(),
    ...(e.annotation !== undefined ? { annotation: e.annotation } : {}),
  });
  return {
    version: '0',
    id: `${rule.id}-${change.next.resourceId}-${now}`,
    'detail-type': 'Config Rules Compliance Change',
    source: 'aws.config',
    account: state.accountId,
    time,
    region: state.region,
    resources: [rule.arn],
    detail: {
      resourceId: change.next.resourceId,
      awsRegion: state.region,
      awsAccountId: state.accountId,
      configRuleName: rule.name,
      recordVersion: '1.0',
      configRuleARN: rule.arn,
      messageType: 'ComplianceChangeNotification',
      notificationCreationTime: time,
      resourceType: change.next.resourceType,
      newEvaluationResult: result(change.next),
      ...(change.previous ? { oldEvaluationResult: result(change.previous) } : {}),
    },
  };
}

function publishComplianceChange(
  world: World,
  state: SimRegionState,
  rule: SimConfigRule,
  change: EvaluationChange,
): void {
  const event = complianceChangeEvent(state, rule, change, world.now());
  for (const eventRule of state.eventRules.values()) {
    if (
      !eventRule.enabled ||
      !eventRule.targetFunctionName ||
      eventRule.eventPattern === undefined ||
      !matchesEventPattern(eventRule.eventPattern, event)
    )
      continue;
    const fn = state.lambdaFunctions.get(eventRule.targetFunctionName);
    if (!fn) continue;
    world.schedule(world.timing.remediationMs, `lambda:invoke ${state.accountId}:${state.region}:${fn.name}`, () =>
      runAccessKeyLambda(world, state, fn, event),
    );
  }
}

/**
 * The access-key Lambda (stacksets/functions/access-key-remediation.js), performed natively from its
 * Environment, which the real function reads too: RULE_NAME (events of other rules are ignored),
 * MAX_KEY_AGE_DAYS (90), KEY_ACTION (DEACTIVATE | DELETE), DELETE_GRACE_DAYS (30), EXEMPT_TAG_KEY.
 * It acts on NON_COMPLIANT results for the AWS::IAM::User named by the event, and on every user of the
 * account for a Scheduled Event (the daily sweep). It writes the lines the real function writes to its log
 * group (see access-key-log.ts), so what cisfleet reads back is what it did.
 */
export function runAccessKeyLambda(
  world: World,
  state: SimRegionState,
  fn: SimLambdaFunction,
  event: Record<string, unknown>,
): void {
  const log = functionLog(startInvocationLog(world, state, fn));
  try {
    if (event.source === 'aws.events' && event['detail-type'] === 'Scheduled Event') {
      const results = [...world.accountIam(state.accountId).users.values()].map((user) =>
        log.result(remediateUser(world, state, fn.environment, user, log)),
      );
      log.summary(fn.name, 'sweep', results, {
        hop: 0,
        sweepChecked: results.length,
        sweepFailed: results.filter((r) => r.status === 'failed').length,
      });
      return;
    }
    const detail = (event.detail ?? {}) as {
      resourceType?: string;
      resourceId?: string;
      configRuleName?: string;
      newEvaluationResult?: { complianceType?: string };
    };
    const env = fn.environment;
    if (
      (env.RULE_NAME !== undefined && detail.configRuleName !== env.RULE_NAME) ||
      detail.newEvaluationResult?.complianceType !== 'NON_COMPLIANT' ||
      detail.resourceType !== IAM_USER_TYPE ||
      !detail.resourceId
    ) {
      log.info('event ignored', { rule: detail.configRuleName, expected: env.RULE_NAME });
      return;
    }
    const user = findUserById(world, state.accountId, detail.resourceId);
    if (!user) {
      log.info('user not found', { userId: detail.resourceId });
      return;
    }
    log.summary(fn.name, 'event', [log.result(remediateUser(world, state, env, user, log))], {});
  } finally {
    log.end();
  }
}

/**
 * What the function does for one user, in the real function's order: only a user with an old key (active,
 * or under DELETE inactive) is looked at further; an exempt one is left alone; old active keys are
 * deactivated (their grace starts), inactive ones deleted once the grace is over.
 */
function remediateUser(
  world: World,
  state: SimRegionState,
  env: Record<string, string>,
  user: SimIamUser,
  log: AccessKeyFunctionLog,
): AccessKeyUserResult {
  const now = world.now();
  const maxAgeMs = dayLimit(env, 'MAX_KEY_AGE_DAYS') * DAY_MS;
  const graceMs = dayLimit(env, 'DELETE_GRACE_DAYS', 30) * DAY_MS;
  const deleting = env.KEY_ACTION === 'DELETE';
  const pending = user.accessKeys.filter((k) => now - k.createDate > maxAgeMs && (k.status === 'Active' || deleting));
  if (pending.length === 0) return { status: 'compliant', user: user.userName, keys: [] };
  if (env.EXEMPT_TAG_KEY && Object.hasOwn(user.tags, env.EXEMPT_TAG_KEY)) {
    log.info('user exempt', { user: user.userName, tag: env.EXEMPT_TAG_KEY });
    return { status: 'exempt', user: user.userName, keys: [] };
  }
  const done: AccessKeyUserResult['keys'] = [];
  for (const key of pending) {
    if (key.status === 'Active') {
      // Active old keys are only deactivated, never deleted in the same run.
      deactivateKey(key, now);
      done.push({ key: key.id, action: 'deactivated' });
    } else if (key.deactivatedDate === undefined) {
      // IAM keeps no deactivation date (the real function tags one): an unknown one starts the grace now.
      key.deactivatedDate = now;
      done.push({ key: key.id, action: 'grace-started' });
    } else if (now - key.deactivatedDate >= graceMs) done.push({ key: key.id, action: 'deleted' });
    else done.push({ key: key.id, action: 'in-grace' });
  }
  const deleted = new Set(done.filter((d) => d.action === 'deleted').map((d) => d.key));
  user.accessKeys = user.accessKeys.filter((k) => !deleted.has(k.id));
  for (const d of done) log.info(`key ${d.action}`, { user: user.userName, ...d });
  if (done.some((d) => d.action === 'deactivated' || d.action === 'deleted')) {
    world.emit('resource-changed', {
      accountId: state.accountId,
      region: state.region,
      resourceType: IAM_USER_TYPE,
      resourceId: user.userId,
      source: 'remediation',
    });
  }
  return { status: 'remediated', user: user.userName, keys: done };
}

/**
 * Changes an IAM user by hand (a test or the demo adding an old key) and tells Config about it, as an IAM
 * API call would: IAM rules re-evaluate in every region where they are deployed.
 */
export function changeIamUser(
  world: World,
  accountId: string,
  userName: string,
  change: (user: SimIamUser) => void,
): void {
  const user = world.accountIam(accountId).users.get(userName);
  if (!user) throw new Error(`No IAM user ${userName} in ${accountId}`);
  change(user);
  world.emit('resource-changed', {
    accountId,
    region: 'global',
    resourceType: IAM_USER_TYPE,
    resourceId: user.userId,
    source: 'hand',
  });
}

/** Adds an access key to a user by hand (see changeIamUser). */
export function addAccessKey(
  world: World,
  accountId: string,
  userName: string,
  key: SimIamUser['accessKeys'][number],
): void {
  changeIamUser(world, accountId, userName, (user) => user.accessKeys.push(key));
}

/**
 * EventBridge pattern matching for the operators templates use: exact values, `prefix`, `suffix`,
 * `equals-ignore-case`, `anything-but` (value, list or prefix), `exists`, `numeric`, and nested objects
 * (`detail.newEvaluationResult.complianceType`). A pattern may be given as an object or a JSON string.
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  const parsed: unknown = typeof pattern === 'string' ? JSON.parse(pattern) : pattern;
  return isRecord(parsed) && matchesObject(parsed, event);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function matchesObject(pattern: Record<string, unknown>, value: unknown): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = isRecord(value) ? value[field] : undefined;
    if (Array.isArray(expected)) return expected.some((condition) => matchesCondition(condition, actual));
    return isRecord(expected) && matchesObject(expected, actual);
  });
}

function matchesCondition(condition: unknown, actual: unknown): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  if (!isRecord(condition)) return actual !== undefined && values.some((v) => v === condition);
  if ('exists' in condition) return condition.exists === (actual !== undefined);
  if (actual === undefined) return false;
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (typeof condition.prefix === 'string') return strings.some((v) => v.startsWith(condition.prefix as string));
  if (typeof condition.suffix === 'string') return strings.some((v) => v.endsWith(condition.suffix as string));
  if (typeof condition['equals-ignore-case'] === 'string') {
    const wanted = condition['equals-ignore-case'].toLowerCase();
    return strings.some((v) => v.toLowerCase() === wanted);
  }
  if ('anything-but' in condition) {
    const excluded = condition['anything-but'];
    if (isRecord(excluded) && typeof excluded.prefix === 'string')
      return strings.every((v) => !v.startsWith(excluded.prefix as string));
    const list = Array.isArray(excluded) ? excluded : [excluded];
    return values.every((v) => !list.includes(v));
  }
  if (Array.isArray(condition.numeric))
    return values.some((v) => typeof v === 'number' && matchesNumeric(condition.numeric as unknown[], v));
  return false;
}

function matchesNumeric(terms: unknown[], value: number): boolean {
  for (let i = 0; i + 1 < terms.length; i += 2) {
    const bound = Number(terms[i + 1]);
    const ok = {
      '<': value < bound,
      '<=': value <= bound,
      '=': value === bound,
      '>': value > bound,
      '>=': value >= bound,
    }[String(terms[i])];
    if (!ok) return false;
  }
  return true;
}
