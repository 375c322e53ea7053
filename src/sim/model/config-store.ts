/**
 * The Config side of an account and region as the template engine and the Config API change it.
 * The template engine (stack instances) and the Config service handlers both go through these functions,
 * so the rules AWS enforces (one recorder and one delivery channel per account and region, the start-up
 * order) hold whichever way a change arrives.
 *
 * It also drives evaluation: a new or changed rule, a started recorder, a changed resource
 * (`resource-changed`) or StartConfigRulesEvaluation schedules an evaluation `timing.configEvaluationMs`
 * later; results go to remediation.ts (compliance-change events, automatic remediation).
 *
 * Owned by the Config simulator; the stack set engine only calls it.
 */
import { SimServiceError } from '../core/errors.js';
import type { World } from './world.js';
import type {
  SimConfigAggregator,
  SimConfigRule,
  SimDeliveryChannel,
  SimEvaluation,
  SimEventRule,
  SimLambdaFunction,
  SimRecorder,
  SimRegionState,
  SimRemediationConfiguration,
  SimRemediationParameter,
  SimSsmDocument,
} from './types.js';
import { fieldsOf, isFields, textsOf } from '../core/input-values.js';
import { evaluateRule, ruleResourceType } from './rule-evaluator.js';
import {
  afterAutomaticRemediationEnabled,
  afterEvaluation,
  markResourceChanged,
  runAccessKeyLambda,
  type EvaluationChange,
} from './remediation.js';

export interface RegionRef {
  accountId: string;
  region: string;
}

/** StartConfigRulesEvaluation may not be called again for a rule within this much simulated time. */
export const MANUAL_EVALUATION_INTERVAL_MS = 60_000;
/** StartConfigRulesEvaluation takes at most this many rules. */
export const MAX_RULES_PER_EVALUATION = 25;

/** An evaluation waiting to run: either the whole rule or some of its resources. */
interface PendingEvaluation {
  allResources: boolean;
  resourceIds: Set<string>;
  invokedAt: number;
}

/** Engine bookkeeping that is not Config state as the API shows it. */
interface ConfigRuntime {
  /** `account:region:rule` → the evaluation already scheduled for it (changes within the delay coalesce). */
  pending: Map<string, PendingEvaluation>;
  /** `account:region:rule` → when StartConfigRulesEvaluation last ran for it. */
  lastManualEvaluation: Map<string, number>;
  /** `account:region:rule` of periodic rules whose next run is scheduled (one chain per rule). */
  periodic: Set<string>;
  /** `account:region:rule` → its last successful run (DescribeConfigRuleEvaluationStatus); gone with the rule. */
  evaluated: Map<string, RuleEvaluationStatus>;
}

/**
 * When a rule last ran to the end. AWS sets LastSuccessfulEvaluationTime (and FirstEvaluationStarted) whether or
 * not anything was in scope: a rule with no resources to evaluate has this and no results, so
 * DescribeComplianceByConfigRule says INSUFFICIENT_DATA for it (API reference, DescribeComplianceByConfigRule).
 */
export interface RuleEvaluationStatus {
  readonly lastSuccessfulInvocationAt: number;
  readonly lastSuccessfulEvaluationAt: number;
}

const HOUR_MS = 3_600_000;
/** MaximumExecutionFrequency values, in simulated time. */
const FREQUENCY_MS: Readonly<Record<string, number>> = {
  One_Hour: HOUR_MS,
  Three_Hours: 3 * HOUR_MS,
  Six_Hours: 6 * HOUR_MS,
  Twelve_Hours: 12 * HOUR_MS,
  TwentyFour_Hours: 24 * HOUR_MS,
};
/**
 * Managed rules AWS runs on a schedule only (their trigger type is Periodic): an access key crossing the age limit
 * changes nothing Config records, so only the next periodic run finds it.
 */
const PERIODIC_RULES = new Set(['ACCESS_KEYS_ROTATED', 'IAM_USER_UNUSED_CREDENTIALS_CHECK']);

/** How often a rule runs on its own: its MaximumExecutionFrequency, else 24 hours for a periodic rule. */
function periodOf(rule: SimConfigRule): number | undefined {
  const frequency = rule.maximumExecutionFrequency ? FREQUENCY_MS[rule.maximumExecutionFrequency] : undefined;
  return frequency ?? (PERIODIC_RULES.has(rule.sourceIdentifier) ? FREQUENCY_MS.TwentyFour_Hours : undefined);
}

const runtimes = new WeakMap<World, ConfigRuntime>();

/**
 * The Config engine of a world, attached on first use: it listens for `resource-changed` so rules in scope
 * re-evaluate. Every function here attaches it; call it directly when resources may change before any
 * Config call (a scenario that deploys rules by writing state).
 */
export function attachConfigEngine(world: World): void {
  configRuntime(world);
}

function configRuntime(world: World): ConfigRuntime {
  let runtime = runtimes.get(world);
  if (!runtime) {
    runtime = { pending: new Map(), lastManualEvaluation: new Map(), periodic: new Set(), evaluated: new Map() };
    runtimes.set(world, runtime);
    world.on('resource-changed', (change) => onResourceChanged(world, change));
  }
  return runtime;
}

const ruleKey = (at: RegionRef, ruleName: string): string => `${at.accountId}:${at.region}:${ruleName}`;

function onResourceChanged(
  world: World,
  change: { accountId: string; region: string; resourceType: string; resourceId: string; source?: string },
): void {
  // IAM is global: a user change is seen by the IAM rules of every region where they are deployed.
  const regions = change.resourceType.startsWith('AWS::IAM::')
    ? world.regionsOf(change.accountId)
    : [world.existingRegion(change.accountId, change.region)].filter((s): s is SimRegionState => s !== undefined);
  for (const state of regions) {
    if (change.source !== 'remediation') markResourceChanged(state, change.resourceType, change.resourceId);
    for (const rule of state.configRules.values()) {
      if (ruleResourceType(rule) === change.resourceType) requestEvaluation(world, state, rule.name, change.resourceId);
    }
  }
}

/**
 * Schedules an evaluation of a rule (all its resources, or one) after `timing.configEvaluationMs`.
 * Requests made while one is pending join it.
 */
export function requestEvaluation(world: World, at: RegionRef, ruleName: string, resourceId?: string): void {
  const { pending } = configRuntime(world);
  const key = ruleKey(at, ruleName);
  let entry = pending.get(key);
  if (!entry) {
    entry = { allResources: false, resourceIds: new Set(), invokedAt: world.now() };
    pending.set(key, entry);
    const scheduled = entry;
    world.schedule(world.timing.configEvaluationMs, `config:evaluate ${key}`, () => {
      // A rule deleted (or deleted and re-created) meanwhile dropped this entry: nothing to run.
      if (pending.get(key) !== scheduled) return;
      pending.delete(key);
      runEvaluation(world, world.region(at.accountId, at.region), ruleName, scheduled);
    });
  }
  if (resourceId === undefined) entry.allResources = true;
  else entry.resourceIds.add(resourceId);
}

function isRecording(state: SimRegionState): boolean {
  return state.recorder?.recording === true;
}

function runEvaluation(world: World, state: SimRegionState, ruleName: string, request: PendingEvaluation): void {
  const rule = state.configRules.get(ruleName);
  if (!rule || !isRecording(state)) return;
  const now = world.now();
  let stored = state.evaluations.get(ruleName);
  if (!stored) {
    stored = new Map();
    state.evaluations.set(ruleName, stored);
  }
  const results = request.allResources
    ? evaluateRule(world, state, rule, now)
    : [...request.resourceIds].flatMap((id) => evaluateRule(world, state, rule, now, id));
  const evaluated = new Set<string>();
  const changes: EvaluationChange[] = [];
  for (const result of results) {
    const key = evaluationKey(result.resourceType, result.resourceId);
    evaluated.add(key);
    const previous = stored.get(key);
    const next: SimEvaluation = {
      configRuleName: ruleName,
      resourceType: result.resourceType,
      resourceId: result.resourceId,
      complianceType: result.complianceType,
      annotation: result.annotation,
      resultRecordedTime: now,
      configRuleInvokedTime: request.invokedAt,
    };
    stored.set(key, next);
    changes.push({ previous, next });
  }
  // Resources that no longer exist lose their results.
  for (const key of stored.keys()) {
    const asked = request.allResources || request.resourceIds.has(key.slice(key.indexOf('|') + 1));
    if (asked && !evaluated.has(key)) stored.delete(key);
  }
  configRuntime(world).evaluated.set(ruleKey(state, ruleName), {
    lastSuccessfulInvocationAt: request.invokedAt,
    lastSuccessfulEvaluationAt: now,
  });
  afterEvaluation(world, state, rule, changes);
  schedulePeriodic(world, state, rule);
}

/** The rule's last successful run, or undefined when it has never run (no recorder, or not yet due). */
export function ruleEvaluationStatus(world: World, at: RegionRef, ruleName: string): RuleEvaluationStatus | undefined {
  return configRuntime(world).evaluated.get(ruleKey(at, ruleName));
}

/** The next periodic run of a rule, if it has a period and none is scheduled yet; the chain ends with the rule. */
function schedulePeriodic(world: World, state: SimRegionState, rule: SimConfigRule): void {
  const period = periodOf(rule);
  if (period === undefined) return;
  const { periodic } = configRuntime(world);
  const key = ruleKey(state, rule.name);
  if (periodic.has(key)) return;
  periodic.add(key);
  world.schedule(period, `config:periodic ${key}`, () => {
    periodic.delete(key);
    if (state.configRules.has(rule.name)) requestEvaluation(world, state, rule.name);
  });
}

/** The key of one resource's evaluation within a rule (`type|id`). */
export function evaluationKey(resourceType: string, resourceId: string): string {
  return `${resourceType}|${resourceId}`;
}

function evaluateAllRules(world: World, at: RegionRef): void {
  for (const name of world.region(at.accountId, at.region).configRules.keys()) requestEvaluation(world, at, name);
}

export function putRecorder(world: World, at: RegionRef, recorder: SimRecorder): void {
  configRuntime(world);
  const state = world.region(at.accountId, at.region);
  if (state.recorder && state.recorder.name !== recorder.name) {
    throw new SimServiceError(
      'MaxNumberOfConfigurationRecordersExceededException',
      `Failed to put configuration recorder '${recorder.name}' because the maximum number of configuration recorders: 1 is reached.`,
    );
  }
  const wasRecording = isRecording(state);
  state.recorder = { ...recorder, recording: state.recorder?.recording ?? recorder.recording };
  if (!wasRecording && state.recorder.recording) {
    state.recorder.lastStartTime = world.now();
    evaluateAllRules(world, at);
  }
}

export function deleteRecorder(world: World, at: RegionRef, name: string): void {
  const state = world.region(at.accountId, at.region);
  if (state.recorder?.name === name) state.recorder = undefined;
}

export function putDeliveryChannel(world: World, at: RegionRef, channel: SimDeliveryChannel): void {
  const state = world.region(at.accountId, at.region);
  if (!state.recorder) {
    throw new SimServiceError(
      'NoAvailableConfigurationRecorderException',
      'Configuration recorder is not available to put delivery channel.',
    );
  }
  if (state.deliveryChannel && state.deliveryChannel.name !== channel.name) {
    throw new SimServiceError(
      'MaxNumberOfDeliveryChannelsExceededException',
      `Failed to put delivery channel '${channel.name}' because the maximum number of delivery channels: 1 is reached.`,
    );
  }
  state.deliveryChannel = channel;
}

export function deleteDeliveryChannel(world: World, at: RegionRef, name: string): void {
  const state = world.region(at.accountId, at.region);
  if (state.deliveryChannel?.name === name) state.deliveryChannel = undefined;
}

function requireRecorder(state: SimRegionState, name: string): SimRecorder {
  if (!state.recorder || state.recorder.name !== name) {
    throw new SimServiceError(
      'NoSuchConfigurationRecorderException',
      `Cannot find configuration recorder with the specified name '${name}'.`,
    );
  }
  return state.recorder;
}

/** Starts recording; rules already deployed then evaluate (they had no results while nothing was recorded). */
export function startRecorder(world: World, at: RegionRef, name: string): void {
  configRuntime(world);
  const state = world.region(at.accountId, at.region);
  const recorder = requireRecorder(state, name);
  if (!state.deliveryChannel) {
    throw new SimServiceError(
      'NoAvailableDeliveryChannelException',
      'Delivery channel is not available to start configuration recorder.',
    );
  }
  if (recorder.recording) return;
  recorder.recording = true;
  recorder.lastStartTime = world.now();
  evaluateAllRules(world, at);
}

/** Stops recording: existing results stay, no new evaluations happen. */
export function stopRecorder(world: World, at: RegionRef, name: string): void {
  const recorder = requireRecorder(world.region(at.accountId, at.region), name);
  if (!recorder.recording) return;
  recorder.recording = false;
  recorder.lastStopTime = world.now();
}

/** Creates or replaces a rule; either way it evaluates `timing.configEvaluationMs` later. */
export function putConfigRule(world: World, at: RegionRef, rule: SimConfigRule): void {
  world.region(at.accountId, at.region).configRules.set(rule.name, rule);
  requestEvaluation(world, at, rule.name);
}

/** Deletes a rule with its results, pending evaluations, remediation configuration and executions. */
export function deleteConfigRule(world: World, at: RegionRef, name: string): void {
  const state = world.region(at.accountId, at.region);
  state.configRules.delete(name);
  state.evaluations.delete(name);
  state.remediations.delete(name);
  for (const [key, execution] of state.remediationExecutions) {
    if (execution.configRuleName === name) state.remediationExecutions.delete(key);
  }
  const runtime = configRuntime(world);
  runtime.pending.delete(ruleKey(at, name));
  runtime.lastManualEvaluation.delete(ruleKey(at, name));
  runtime.evaluated.delete(ruleKey(at, name));
}

function requireRule(state: SimRegionState, name: string): SimConfigRule {
  const rule = state.configRules.get(name);
  if (!rule)
    throw new SimServiceError(
      'NoSuchConfigRuleException',
      `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name.`,
    );
  return rule;
}

/**
 * StartConfigRulesEvaluation: re-evaluates the named rules against the current state. At most 25 rules;
 * LimitExceededException when any of them was started less than a minute of simulated time ago.
 */
export function startRulesEvaluation(world: World, at: RegionRef, ruleNames: string[]): void {
  const runtime = configRuntime(world);
  if (ruleNames.length === 0 || ruleNames.length > MAX_RULES_PER_EVALUATION) {
    throw new SimServiceError(
      'InvalidParameterValueException',
      `ConfigRuleNames must hold 1 to ${MAX_RULES_PER_EVALUATION} rule names.`,
    );
  }
  const state = world.region(at.accountId, at.region);
  ruleNames.forEach((name) => requireRule(state, name));
  const now = world.now();
  for (const name of ruleNames) {
    const last = runtime.lastManualEvaluation.get(ruleKey(at, name));
    if (last !== undefined && now - last < MANUAL_EVALUATION_INTERVAL_MS) {
      throw new SimServiceError(
        'LimitExceededException',
        `An evaluation of rule '${name}' was started less than a minute ago. Try again later.`,
      );
    }
  }
  for (const name of ruleNames) {
    runtime.lastManualEvaluation.set(ruleKey(at, name), now);
    requestEvaluation(world, at, name);
  }
}

/**
 * A remediation's Parameters as PutRemediationConfigurations and AWS::Config::RemediationConfiguration give them:
 * each a ResourceValue (the non-compliant resource's id) or StaticValue's Values.
 */
export function remediationParametersOf(value: unknown): Record<string, SimRemediationParameter> {
  return Object.fromEntries(
    Object.entries(fieldsOf(value)).map(([name, given]) => {
      const { ResourceValue, StaticValue } = fieldsOf(given);
      const parameter: SimRemediationParameter = {
        ...(isFields(ResourceValue) ? { ResourceValue: { Value: 'RESOURCE_ID' } } : {}),
        ...(isFields(StaticValue) ? { StaticValue: { Values: textsOf(StaticValue.Values) } } : {}),
      };
      return [name, parameter];
    }),
  );
}

export function putRemediation(world: World, at: RegionRef, remediation: SimRemediationConfiguration): void {
  const state = world.region(at.accountId, at.region);
  if (!state.configRules.has(remediation.configRuleName)) {
    throw new SimServiceError(
      'NoSuchConfigRuleException',
      `The ConfigRule '${remediation.configRuleName}' provided in the request is invalid.`,
    );
  }
  const wasAutomatic = state.remediations.get(remediation.configRuleName)?.automatic === true;
  state.remediations.set(remediation.configRuleName, remediation);
  if (remediation.automatic && !wasAutomatic) afterAutomaticRemediationEnabled(world, state, remediation);
}

export function deleteRemediation(world: World, at: RegionRef, ruleName: string): void {
  world.region(at.accountId, at.region).remediations.delete(ruleName);
}

export function putSsmDocument(world: World, at: RegionRef, doc: SimSsmDocument): void {
  world.region(at.accountId, at.region).ssmDocuments.set(doc.name, doc);
}

export function putEventRule(world: World, at: RegionRef, rule: SimEventRule): void {
  world.region(at.accountId, at.region).eventRules.set(rule.name, rule);
  if (rule.scheduleExpression) scheduleEventRule(world, at, rule);
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const RATE_UNIT_MS: Readonly<Record<string, number | undefined>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** `rate(N unit)` in simulated milliseconds; cron expressions are not simulated (the rule never fires). */
function rateMs(expression: string): number | undefined {
  const [, count, unit = ''] = RATE.exec(expression) ?? [];
  const unitMs = RATE_UNIT_MS[unit.replace(/s$/, '')];
  return unitMs === undefined ? undefined : Number(count) * unitMs;
}

/**
 * Fires a scheduled rule every period with a Scheduled Event, as EventBridge does, while this very rule object
 * is the one stored: an update or a deletion ends the chain (an update starts its own).
 */
function scheduleEventRule(world: World, at: RegionRef, rule: SimEventRule): void {
  const period = rateMs(rule.scheduleExpression ?? '');
  if (period === undefined) return;
  world.schedule(period, `events:schedule ${at.accountId}:${at.region}:${rule.name}`, () => {
    const state = world.region(at.accountId, at.region);
    if (state.eventRules.get(rule.name) !== rule) return;
    const fn = rule.enabled && rule.targetFunctionName ? state.lambdaFunctions.get(rule.targetFunctionName) : undefined;
    if (fn) runAccessKeyLambda(world, state, fn, scheduledEvent(world, at, rule));
    scheduleEventRule(world, at, rule);
  });
}

function scheduledEvent(world: World, at: RegionRef, rule: SimEventRule): Record<string, unknown> {
  return {
    version: '0',
    id: `${rule.name}-${world.now()}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: at.accountId,
    time: new Date(world.now()).toISOString(),
    region: at.region,
    resources: [`arn:aws:events:${at.region}:${at.accountId}:rule/${rule.name}`],
    detail: {},
  };
}

export function putLambdaFunction(world: World, at: RegionRef, fn: SimLambdaFunction): void {
  world.region(at.accountId, at.region).lambdaFunctions.set(fn.name, fn);
}

/** Removes an SSM document the stack created (stack deletion); unknown names are ignored. */
export function deleteSsmDocument(world: World, at: RegionRef, name: string): void {
  world.region(at.accountId, at.region).ssmDocuments.delete(name);
}

/** Removes an EventBridge rule (stack deletion); unknown names are ignored. */
export function deleteEventRule(world: World, at: RegionRef, name: string): void {
  world.region(at.accountId, at.region).eventRules.delete(name);
}

/** Removes a Lambda function (stack deletion); unknown names are ignored. */
export function deleteLambdaFunction(world: World, at: RegionRef, name: string): void {
  world.region(at.accountId, at.region).lambdaFunctions.delete(name);
}

/**
 * Creates or updates an organization aggregator in `at` (the management account or a delegated admin; the
 * caller checks who may). Idempotent: an update keeps the creation time.
 */
export function putAggregator(world: World, at: RegionRef, aggregator: SimConfigAggregator): SimConfigAggregator {
  const aggregators = world.region(at.accountId, at.region).aggregators;
  const existing = aggregators.get(aggregator.name);
  const now = world.now();
  const stored = { ...aggregator, createdAt: existing?.createdAt ?? aggregator.createdAt ?? now, lastUpdatedAt: now };
  aggregators.set(aggregator.name, stored);
  return stored;
}
