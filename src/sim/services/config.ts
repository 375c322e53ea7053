/**
 * AWS Config (JSON 1.1, `StarlingDoveService.<Action>`): recorders and delivery channels, rules and their
 * compliance, remediation, and the organization aggregator. Mutations go through model/config-store.ts;
 * evaluation and remediation run in the model as simulated time passes.
 */
import type { ActionHandler, ServiceHandlers, SimRequest } from '../core/handler.js';
import { SimServiceError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { fieldsListOf, fieldsOf, textOf, type Fields } from '../core/input-values.js';
import type { World } from '../model/world.js';
import type {
  ComplianceType,
  SimConfigAggregator,
  SimConfigRule,
  SimEvaluation,
  SimRegionState,
  SimRemediationConfiguration,
} from '../model/types.js';
import * as store from '../model/config-store.js';
import { remediationParametersOf } from '../model/config-store.js';
import { startManualRemediation } from '../model/remediation.js';

/** Contributor counts in Describe*Compliance* stop at this many resources. */
export const CONTRIBUTOR_CAP = 100;
/** GetComplianceSummaryByConfigRule counts at most this many rules per compliance type. */
export const RULE_SUMMARY_CAP = 25;
const DESCRIBE_PAGE_SIZE = 25;

// ---------------------------------------------------------------------------------------------- helpers

const here = (request: SimRequest): store.RegionRef => ({
  accountId: request.caller.accountId,
  region: request.region,
});
const stateOf = (world: World, request: SimRequest): SimRegionState =>
  world.region(request.caller.accountId, request.region);

function invalid(message: string): SimServiceError {
  return new SimServiceError('InvalidParameterValueException', message);
}

/**
 * A page of `items` for the request's NextToken and Limit (`limit` already validated). With `emptyPages`,
 * every third page comes back empty with a NextToken, as the aggregator APIs sometimes do.
 */
function pageOf<T>(items: T[], input: Fields, limit: number, emptyPages = false): { page: T[]; NextToken?: string } {
  const { items: page, nextToken } = paginate(items, {
    maxResults: limit,
    nextToken: input.NextToken,
    defaultSize: limit,
    maxSize: Math.max(limit, 1),
    emptyPageEvery: emptyPages ? 3 : 0,
    invalidInputCode: 'InvalidNextTokenException',
  });
  return nextToken ? { page, NextToken: nextToken } : { page };
}

/** The request's Limit: 0 or absent means the API's default. */
function limitOf(input: Fields, fallback: number, max: number): number {
  const raw = input.Limit;
  if (raw === undefined || raw === null || raw === 0) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0 || limit > max)
    throw new SimServiceError('InvalidLimitException', `Limit must be between 0 and ${max}.`);
  return limit;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;
}

/** ResourceKeys of the remediation execution calls. */
function resourceKeysOf(value: unknown): Array<{ resourceType: string; resourceId: string }> {
  return fieldsListOf(value).map((key) => ({
    resourceType: textOf(key.resourceType) ?? '',
    resourceId: textOf(key.resourceId) ?? '',
  }));
}

function requireRule(state: SimRegionState, name: unknown): SimConfigRule {
  const rule = typeof name === 'string' ? state.configRules.get(name) : undefined;
  if (!rule)
    throw new SimServiceError(
      'NoSuchConfigRuleException',
      `The ConfigRule '${String(name)}' provided in the request is invalid. Please check the configRule name.`,
    );
  return rule;
}

/**
 * The rule's remediation configuration. AWS's model lists only NoSuchRemediationConfigurationException (no
 * NoSuchConfigRuleException) for the remediation calls, so a missing rule gets it too: it has no configuration.
 */
function requireRemediation(state: SimRegionState, name: unknown): SimRemediationConfiguration {
  const remediation = typeof name === 'string' ? state.remediations.get(name) : undefined;
  if (!remediation)
    throw new SimServiceError(
      'NoSuchRemediationConfigurationException',
      `No remediation configuration exists for the ConfigRule '${String(name)}'.`,
    );
  return remediation;
}

const capped = (count: number, cap: number) => ({ CappedCount: Math.min(count, cap), CapExceeded: count > cap });

function evaluationsOf(state: SimRegionState, ruleName: string): SimEvaluation[] {
  return [...(state.evaluations.get(ruleName)?.values() ?? [])];
}

/** A rule's compliance as Config summarises it: NON_COMPLIANT wins; no COMPLIANT or NON_COMPLIANT result → INSUFFICIENT_DATA. */
function ruleCompliance(evaluations: SimEvaluation[]): { type: ComplianceType; nonCompliant: number } {
  const nonCompliant = evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT').length;
  if (nonCompliant > 0) return { type: 'NON_COMPLIANT', nonCompliant };
  return {
    type: evaluations.some((e) => e.complianceType === 'COMPLIANT') ? 'COMPLIANT' : 'INSUFFICIENT_DATA',
    nonCompliant,
  };
}

function complianceOf(evaluations: SimEvaluation[]): Record<string, unknown> {
  const { type, nonCompliant } = ruleCompliance(evaluations);
  return type === 'NON_COMPLIANT'
    ? { ComplianceType: type, ComplianceContributorCount: capped(nonCompliant, CONTRIBUTOR_CAP) }
    : { ComplianceType: type };
}

function evaluationResult(e: SimEvaluation): Record<string, unknown> {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: {
        ConfigRuleName: e.configRuleName,
        ResourceType: e.resourceType,
        ResourceId: e.resourceId,
        EvaluationMode: 'DETECTIVE',
      },
      OrderingTimestamp: new Date(e.configRuleInvokedTime),
    },
    ComplianceType: e.complianceType,
    ResultRecordedTime: new Date(e.resultRecordedTime),
    ConfigRuleInvokedTime: new Date(e.configRuleInvokedTime),
    ...(e.annotation !== undefined ? { Annotation: e.annotation } : {}),
  };
}

/** Evaluation results in a stable order (resource type, then id), so pages never shift between calls. */
function sortedEvaluations(evaluations: SimEvaluation[]): SimEvaluation[] {
  return [...evaluations].sort(
    (a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId),
  );
}

// ------------------------------------------------------------------------------ recorder and channel

/** ConfigurationRecorderNames, when given, may only name the region's one recorder. */
function requireNamedRecorders(request: SimRequest, existing: string | undefined): void {
  const unknown = stringList(request.input.ConfigurationRecorderNames)?.find((n) => n !== existing);
  if (unknown !== undefined)
    throw new SimServiceError(
      'NoSuchConfigurationRecorderException',
      `Cannot find configuration recorder with the specified name '${unknown}'.`,
    );
}

const describeConfigurationRecorders: ActionHandler = (world, request) => {
  const recorder = stateOf(world, request).recorder;
  requireNamedRecorders(request, recorder?.name);
  return {
    ConfigurationRecorders: recorder
      ? [
          {
            name: recorder.name,
            arn: `arn:aws:config:${request.region}:${request.caller.accountId}:configuration-recorder/${recorder.name}`,
            roleARN: recorder.roleArn,
            recordingGroup: {
              allSupported: recorder.allSupported,
              includeGlobalResourceTypes: recorder.includeGlobalResourceTypes,
              resourceTypes: [],
            },
          },
        ]
      : [],
  };
};

const describeConfigurationRecorderStatus: ActionHandler = (world, request) => {
  const recorder = stateOf(world, request).recorder;
  requireNamedRecorders(request, recorder?.name);
  if (!recorder) return { ConfigurationRecordersStatus: [] };
  return {
    ConfigurationRecordersStatus: [
      {
        name: recorder.name,
        recording: recorder.recording,
        lastStatus: recorder.recording ? 'SUCCESS' : 'PENDING',
        ...(recorder.lastStartTime !== undefined
          ? { lastStartTime: new Date(recorder.lastStartTime), lastStatusChangeTime: new Date(recorder.lastStartTime) }
          : {}),
        ...(recorder.lastStopTime !== undefined ? { lastStopTime: new Date(recorder.lastStopTime) } : {}),
      },
    ],
  };
};

const describeDeliveryChannels: ActionHandler = (world, request) => {
  const channel = stateOf(world, request).deliveryChannel;
  const names = stringList(request.input.DeliveryChannelNames);
  if (names && names.some((n) => n !== channel?.name)) {
    throw new SimServiceError(
      'NoSuchDeliveryChannelException',
      `Cannot find delivery channel with specified name '${names.find((n) => n !== channel?.name)}'.`,
    );
  }
  return {
    DeliveryChannels: channel
      ? [
          {
            name: channel.name,
            s3BucketName: channel.s3BucketName,
            ...(channel.s3KeyPrefix ? { s3KeyPrefix: channel.s3KeyPrefix } : {}),
          },
        ]
      : [],
  };
};

const putConfigurationRecorder: ActionHandler = (world, request) => {
  const recorder = fieldsOf(request.input.ConfigurationRecorder);
  const name = textOf(recorder.name);
  if (!name) throw invalid('ConfigurationRecorder.name is required.');
  if (name.startsWith('AWSConfigurationRecorderFor'))
    throw invalid(`The name '${name}' is reserved for service-linked recorders.`);
  const recordingGroup = fieldsOf(recorder.recordingGroup);
  store.putRecorder(world, here(request), {
    name,
    roleArn: textOf(recorder.roleARN) ?? '',
    allSupported: recordingGroup.allSupported !== false,
    includeGlobalResourceTypes: recordingGroup.includeGlobalResourceTypes === true,
    recording: false,
  });
  return {};
};

const putDeliveryChannel: ActionHandler = (world, request) => {
  const channel = fieldsOf(request.input.DeliveryChannel);
  const name = textOf(channel.name);
  const s3BucketName = textOf(channel.s3BucketName);
  if (!name || !s3BucketName) throw invalid('DeliveryChannel name and s3BucketName are required.');
  store.putDeliveryChannel(world, here(request), {
    name,
    s3BucketName,
    s3KeyPrefix: textOf(channel.s3KeyPrefix),
  });
  return {};
};

const startConfigurationRecorder: ActionHandler = (world, request) => {
  store.startRecorder(world, here(request), textOf(request.input.ConfigurationRecorderName) ?? '');
  return {};
};

const stopConfigurationRecorder: ActionHandler = (world, request) => {
  store.stopRecorder(world, here(request), textOf(request.input.ConfigurationRecorderName) ?? '');
  return {};
};

// --------------------------------------------------------------------------------------------- rules

function ruleOutput(rule: SimConfigRule): Record<string, unknown> {
  return {
    ConfigRuleName: rule.name,
    ConfigRuleArn: rule.arn,
    ConfigRuleId: rule.id,
    Source: { Owner: 'AWS', SourceIdentifier: rule.sourceIdentifier },
    ...(Object.keys(rule.inputParameters).length > 0 ? { InputParameters: JSON.stringify(rule.inputParameters) } : {}),
    ...(rule.maximumExecutionFrequency ? { MaximumExecutionFrequency: rule.maximumExecutionFrequency } : {}),
    ConfigRuleState: 'ACTIVE',
    EvaluationModes: [{ Mode: 'DETECTIVE' }],
  };
}

/** The named rules (each must exist), or every rule by name. */
function selectRules(state: SimRegionState, names: unknown): SimConfigRule[] {
  const wanted = stringList(names);
  if (wanted) return wanted.map((name) => requireRule(state, name));
  return [...state.configRules.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const describeConfigRules: ActionHandler = (world, request) => {
  const rules = selectRules(stateOf(world, request), request.input.ConfigRuleNames);
  const { page, NextToken } = pageOf(rules, request.input, DESCRIBE_PAGE_SIZE);
  return { ConfigRules: page.map(ruleOutput), ...(NextToken ? { NextToken } : {}) };
};

function parseInputParameters(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw invalid('InputParameters must be a JSON object.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalid('InputParameters must be a JSON object.');
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

const putConfigRule: ActionHandler = (world, request) => {
  const input = fieldsOf(request.input.ConfigRule);
  const name = textOf(input.ConfigRuleName);
  const sourceIdentifier = textOf(fieldsOf(input.Source).SourceIdentifier);
  if (!name || !sourceIdentifier) throw invalid('ConfigRule.ConfigRuleName and ConfigRule.Source are required.');
  const state = stateOf(world, request);
  if (!state.recorder) {
    throw new SimServiceError(
      'NoAvailableConfigurationRecorderException',
      'Configuration recorder is not available to put config rule.',
    );
  }
  const existing = state.configRules.get(name);
  const id = existing?.id ?? world.newId('config-rule-', 6);
  store.putConfigRule(world, here(request), {
    name,
    arn: `arn:aws:config:${request.region}:${request.caller.accountId}:config-rule/${id}`,
    id,
    sourceIdentifier,
    inputParameters: parseInputParameters(input.InputParameters),
    maximumExecutionFrequency: textOf(input.MaximumExecutionFrequency),
    createdAt: existing?.createdAt ?? world.now(),
    ownerStackId: existing?.ownerStackId,
  });
  return {};
};

const deleteConfigRule: ActionHandler = (world, request) => {
  const rule = requireRule(stateOf(world, request), request.input.ConfigRuleName);
  store.deleteConfigRule(world, here(request), rule.name);
  return {};
};

const startConfigRulesEvaluation: ActionHandler = (world, request) => {
  store.startRulesEvaluation(world, here(request), stringList(request.input.ConfigRuleNames) ?? []);
  return {};
};

// ------------------------------------------------------------------------------------ compliance

const describeComplianceByConfigRule: ActionHandler = (world, request) => {
  const state = stateOf(world, request);
  const types = stringList(request.input.ComplianceTypes);
  const rows = selectRules(state, request.input.ConfigRuleNames)
    .map((rule) => ({ ConfigRuleName: rule.name, Compliance: complianceOf(evaluationsOf(state, rule.name)) }))
    .filter((row) => !types || types.includes(String(row.Compliance.ComplianceType)));
  const { page, NextToken } = pageOf(rows, request.input, DESCRIBE_PAGE_SIZE);
  return { ComplianceByConfigRules: page, ...(NextToken ? { NextToken } : {}) };
};

/**
 * When each rule last ran. Any complete run sets FirstEvaluationStarted and LastSuccessfulEvaluationTime, with or
 * without resources in scope: that is how a rule answering INSUFFICIENT_DATA above is told apart as "evaluated,
 * nothing to evaluate" from "not run yet" (API reference, DescribeComplianceByConfigRule). A rule that never ran
 * (no recorder, or not yet due) has only FirstActivatedTime. Limit is 0–50 (the model's RuleLimit).
 */
const describeConfigRuleEvaluationStatus: ActionHandler = (world, request) => {
  const state = stateOf(world, request);
  const rows = selectRules(state, request.input.ConfigRuleNames).map((rule) => {
    const status = store.ruleEvaluationStatus(world, here(request), rule.name);
    return {
      ConfigRuleName: rule.name,
      ConfigRuleArn: rule.arn,
      ConfigRuleId: rule.id,
      FirstActivatedTime: new Date(rule.createdAt),
      FirstEvaluationStarted: status !== undefined,
      ...(status
        ? {
            LastSuccessfulInvocationTime: new Date(status.lastSuccessfulInvocationAt),
            LastSuccessfulEvaluationTime: new Date(status.lastSuccessfulEvaluationAt),
          }
        : {}),
    };
  });
  const { page, NextToken } = pageOf(rows, request.input, limitOf(request.input, 50, 50));
  return { ConfigRulesEvaluationStatus: page, ...(NextToken ? { NextToken } : {}) };
};

/** ComplianceTypes / ComplianceType filters: INSUFFICIENT_DATA is returned but is not a valid filter. */
function complianceFilter(values: string[] | undefined, allowed: string[]): string[] | undefined {
  for (const value of values ?? []) {
    if (!allowed.includes(value))
      throw invalid(`ComplianceType '${value}' is not valid here; use one of ${allowed.join(', ')}.`);
  }
  return values;
}

const getComplianceDetailsByConfigRule: ActionHandler = (world, request) => {
  const state = stateOf(world, request);
  const rule = requireRule(state, request.input.ConfigRuleName);
  const types = complianceFilter(stringList(request.input.ComplianceTypes), [
    'COMPLIANT',
    'NON_COMPLIANT',
    'NOT_APPLICABLE',
  ]);
  const results = sortedEvaluations(evaluationsOf(state, rule.name)).filter(
    (e) => !types || types.includes(e.complianceType),
  );
  const { page, NextToken } = pageOf(results, request.input, limitOf(request.input, 10, 100));
  return { EvaluationResults: page.map(evaluationResult), ...(NextToken ? { NextToken } : {}) };
};

/** Rules (not resources) that are compliant and non-compliant: the summary APIs count rules. */
function countRules(ruleEvaluations: SimEvaluation[][], cap: number): Record<string, unknown> {
  const types = ruleEvaluations.map((e) => ruleCompliance(e).type);
  return {
    CompliantResourceCount: capped(types.filter((t) => t === 'COMPLIANT').length, cap),
    NonCompliantResourceCount: capped(types.filter((t) => t === 'NON_COMPLIANT').length, cap),
  };
}

const getComplianceSummaryByConfigRule: ActionHandler = (world, request) => {
  const state = stateOf(world, request);
  const perRule = [...state.configRules.keys()].map((name) => evaluationsOf(state, name));
  return {
    ComplianceSummary: { ...countRules(perRule, RULE_SUMMARY_CAP), ComplianceSummaryTimestamp: new Date(world.now()) },
  };
};

// ----------------------------------------------------------------------------------- remediation

function remediationOutput(r: SimRemediationConfiguration, request: SimRequest): Record<string, unknown> {
  return {
    ConfigRuleName: r.configRuleName,
    TargetType: r.targetType,
    TargetId: r.targetId,
    ...(r.targetVersion ? { TargetVersion: r.targetVersion } : {}),
    Parameters: r.parameters,
    ...(r.resourceType ? { ResourceType: r.resourceType } : {}),
    Automatic: r.automatic,
    MaximumAutomaticAttempts: r.maximumAutomaticAttempts,
    RetryAttemptSeconds: r.retryAttemptSeconds,
    Arn: `arn:aws:config:${request.region}:${request.caller.accountId}:remediation-configuration/${r.configRuleName}`,
  };
}

const describeRemediationConfigurations: ActionHandler = (world, request) => {
  const state = stateOf(world, request);
  const names = stringList(request.input.ConfigRuleNames) ?? [];
  return {
    RemediationConfigurations: names.flatMap((name) => {
      const remediation = state.remediations.get(name);
      return remediation ? [remediationOutput(remediation, request)] : [];
    }),
  };
};

const putRemediationConfigurations: ActionHandler = (world, request) => {
  const configs = fieldsListOf(request.input.RemediationConfigurations);
  const failed: Array<Record<string, unknown>> = [];
  for (const c of configs) {
    try {
      store.putRemediation(world, here(request), {
        configRuleName: textOf(c.ConfigRuleName) ?? '',
        targetType: 'SSM_DOCUMENT',
        targetId: textOf(c.TargetId) ?? '',
        targetVersion: textOf(c.TargetVersion),
        automatic: c.Automatic === true,
        maximumAutomaticAttempts: Number(c.MaximumAutomaticAttempts ?? 5),
        retryAttemptSeconds: Number(c.RetryAttemptSeconds ?? 60),
        resourceType: textOf(c.ResourceType),
        parameters: remediationParametersOf(c.Parameters),
      });
    } catch (e) {
      if (!(e instanceof SimServiceError)) throw e;
      failed.push({ FailureMessage: e.message, FailedItems: [c] });
    }
  }
  return { FailedBatches: failed };
};

const describeRemediationExecutionStatus: ActionHandler = (world, request) => {
  const state = stateOf(world, request);
  const { configRuleName, targetId } = requireRemediation(state, request.input.ConfigRuleName);
  const stepName = runbookStepName(state, targetId);
  const keys = Array.isArray(request.input.ResourceKeys) ? resourceKeysOf(request.input.ResourceKeys) : undefined;
  const executions = [...state.remediationExecutions.values()]
    .filter((x) => x.configRuleName === configRuleName)
    .filter((x) => !keys || keys.some((k) => k.resourceType === x.resourceType && k.resourceId === x.resourceId))
    .sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  const { page, NextToken } = pageOf(executions, request.input, limitOf(request.input, 100, 100));
  return {
    RemediationExecutionStatuses: page.map((x) => ({
      ResourceKey: { resourceType: x.resourceType, resourceId: x.resourceId },
      State: x.state,
      StepDetails: [
        {
          Name: stepName,
          State: x.state === 'SUCCEEDED' ? 'SUCCEEDED' : x.state === 'FAILED' ? 'FAILED' : 'PENDING',
          ...(x.failureMessage ? { ErrorMessage: x.failureMessage } : {}),
          StartTime: new Date(x.invokedAt ?? x.lastUpdated),
          ...(x.state === 'SUCCEEDED' || x.state === 'FAILED' ? { StopTime: new Date(x.lastUpdated) } : {}),
        },
      ],
      InvocationTime: new Date(x.invokedAt ?? x.lastUpdated),
      LastUpdatedTime: new Date(x.lastUpdated),
    })),
    ...(NextToken ? { NextToken } : {}),
  };
};

/**
 * The step Config names in StepDetails: the runbook's first step (cisfleet's documents have one). AWS-owned
 * documents are not loaded in the simulator, so their steps get a stand-in name.
 */
function runbookStepName(state: SimRegionState, documentName: string): string {
  const content = state.ssmDocuments.get(documentName)?.content as
    { mainSteps?: Array<{ name?: unknown }> } | undefined;
  const name = content?.mainSteps?.[0]?.name;
  return typeof name === 'string' ? name : 'RemediationStep';
}

const startRemediationExecution: ActionHandler = (world, request) => {
  const state = stateOf(world, request);
  const remediation = requireRemediation(state, request.input.ConfigRuleName);
  const keys = resourceKeysOf(request.input.ResourceKeys);
  if (keys.length === 0 || keys.length > 100) throw invalid('ResourceKeys must hold 1 to 100 resource keys.');
  const failed = startManualRemediation(world, state, remediation, keys);
  return failed.length > 0
    ? { FailureMessage: 'A remediation is already in progress for these resources.', FailedItems: failed }
    : { FailedItems: [] };
};

// ------------------------------------------------------------------------------------ aggregator

function aggregatorOutput(a: SimConfigAggregator): Record<string, unknown> {
  return {
    ConfigurationAggregatorName: a.name,
    ConfigurationAggregatorArn: a.arn,
    OrganizationAggregationSource: {
      RoleArn: a.roleArn ?? '',
      AllAwsRegions: a.allRegions,
      ...(a.allRegions ? {} : { AwsRegions: a.regions }),
    },
    ...(a.createdAt !== undefined ? { CreationTime: new Date(a.createdAt) } : {}),
    ...(a.lastUpdatedAt !== undefined ? { LastUpdatedTime: new Date(a.lastUpdatedAt) } : {}),
  };
}

/** The management account or a registered delegated administrator for Config may manage aggregators. */
function requireAggregatorCaller(world: World, request: SimRequest): void {
  const accountId = request.caller.accountId;
  if (accountId === world.org.managementAccountId) return;
  const delegated = [...world.org.delegatedAdmins.entries()].some(
    ([principal, ids]) => principal.startsWith('config') && ids.has(accountId),
  );
  if (!delegated) {
    throw new SimServiceError(
      'OrganizationAccessDeniedException',
      'This action can only be performed if you are a registered delegated administrator for AWS Config with permissions to call ListDelegatedAdministrators API.',
    );
  }
}

const putConfigurationAggregator: ActionHandler = (world, request) => {
  requireAggregatorCaller(world, request);
  const name = textOf(request.input.ConfigurationAggregatorName);
  const source = fieldsOf(request.input.OrganizationAggregationSource);
  const roleArn = textOf(source.RoleArn);
  if (!name || !roleArn)
    throw invalid('ConfigurationAggregatorName and OrganizationAggregationSource.RoleArn are required.');
  if (world.org.featureSet !== 'ALL')
    throw new SimServiceError(
      'OrganizationAllFeaturesNotEnabledException',
      'AWS Config cannot proceed because all features are not enabled for the organization.',
    );
  const allRegions = source.AllAwsRegions === true;
  const existing = stateOf(world, request).aggregators.get(name);
  const stored = store.putAggregator(world, here(request), {
    name,
    arn:
      existing?.arn ??
      `arn:aws:config:${request.region}:${request.caller.accountId}:config-aggregator/${world.newId('config-aggregator-', 8)}`,
    allRegions,
    regions: allRegions ? [] : (stringList(source.AwsRegions) ?? []),
    roleArn,
  });
  return { ConfigurationAggregator: aggregatorOutput(stored) };
};

const describeConfigurationAggregators: ActionHandler = (world, request) => {
  const aggregators = stateOf(world, request).aggregators;
  const names = stringList(request.input.ConfigurationAggregatorNames);
  const selected = names ? names.map((n) => requireAggregator(world, request, n)) : [...aggregators.values()];
  const { page, NextToken } = pageOf(selected, request.input, limitOf(request.input, 100, 100));
  return { ConfigurationAggregators: page.map(aggregatorOutput), ...(NextToken ? { NextToken } : {}) };
};

function requireAggregator(world: World, request: SimRequest, name: unknown): SimConfigAggregator {
  const aggregator = typeof name === 'string' ? stateOf(world, request).aggregators.get(name) : undefined;
  if (!aggregator)
    throw new SimServiceError(
      'NoSuchConfigurationAggregatorException',
      `The configuration aggregator does not exist. Check the configuration aggregator name and try again.`,
    );
  return aggregator;
}

/** One rule in one source account and region, as the aggregator sees it. */
interface AggregatedRule {
  accountId: string;
  region: string;
  rule: SimConfigRule;
  evaluations: SimEvaluation[];
}

/** The aggregator calls' account, region and rule filters (absent when not text). */
function filterTexts(filters: Fields): AggregateFilters {
  return {
    AccountId: textOf(filters.AccountId),
    AwsRegion: textOf(filters.AwsRegion),
    ConfigRuleName: textOf(filters.ConfigRuleName),
  };
}

interface AggregateFilters {
  AccountId?: string | undefined;
  AwsRegion?: string | undefined;
  ConfigRuleName?: string | undefined;
}

/** Every ACTIVE organization account's rules in the aggregator's regions (only regions that hold state). */
function aggregatedRules(world: World, aggregator: SimConfigAggregator, filters: AggregateFilters): AggregatedRule[] {
  const regions = new Set(aggregator.allRegions ? world.knownRegions : aggregator.regions);
  const rows: AggregatedRule[] = [];
  // One account and region (every details call) is a lookup, not a scan of the whole organization.
  const states =
    filters.AccountId && filters.AwsRegion
      ? [world.existingRegion(filters.AccountId, filters.AwsRegion)].filter((s): s is SimRegionState => s !== undefined)
      : world.regionStates.values();
  for (const state of states) {
    if (!regions.has(state.region) || world.org.accounts.get(state.accountId)?.state !== 'ACTIVE') continue;
    if (filters.AccountId && filters.AccountId !== state.accountId) continue;
    if (filters.AwsRegion && filters.AwsRegion !== state.region) continue;
    for (const rule of state.configRules.values()) {
      if (filters.ConfigRuleName && filters.ConfigRuleName !== rule.name) continue;
      rows.push({
        accountId: state.accountId,
        region: state.region,
        rule,
        evaluations: evaluationsOf(state, rule.name),
      });
    }
  }
  // Code-unit order: a total order like the real one, and far cheaper than localeCompare over 40,000 rows.
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort(
    (a, b) => order(a.accountId, b.accountId) || order(a.region, b.region) || order(a.rule.name, b.rule.name),
  );
}

const describeAggregateComplianceByConfigRules: ActionHandler = (world, request) => {
  const aggregator = requireAggregator(world, request, request.input.ConfigurationAggregatorName);
  const filters = fieldsOf(request.input.Filters);
  const complianceType = textOf(filters.ComplianceType);
  const typeFilter = complianceFilter(complianceType ? [complianceType] : undefined, ['COMPLIANT', 'NON_COMPLIANT']);
  const rows = aggregatedRules(world, aggregator, filterTexts(filters))
    .map((row) => ({ row, compliance: complianceOf(row.evaluations) }))
    // Rules without results are omitted.
    .filter(({ compliance }) => compliance.ComplianceType !== 'INSUFFICIENT_DATA')
    .filter(({ compliance }) => !typeFilter || typeFilter.includes(String(compliance.ComplianceType)));
  const { page, NextToken } = pageOf(rows, request.input, limitOf(request.input, 100, 1000), true);
  return {
    AggregateComplianceByConfigRules: page.map(({ row, compliance }) => ({
      ConfigRuleName: row.rule.name,
      Compliance: compliance,
      AccountId: row.accountId,
      AwsRegion: row.region,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
};

const getAggregateComplianceDetailsByConfigRule: ActionHandler = (world, request) => {
  const aggregator = requireAggregator(world, request, request.input.ConfigurationAggregatorName);
  const { ConfigRuleName, AccountId, AwsRegion } = filterTexts(request.input);
  if (!ConfigRuleName || !AccountId || !AwsRegion)
    throw invalid('ConfigRuleName, AccountId and AwsRegion are required.');
  const complianceType = textOf(request.input.ComplianceType);
  const typeFilter = complianceFilter(complianceType ? [complianceType] : undefined, ['COMPLIANT', 'NON_COMPLIANT']);
  const evaluations = aggregatedRules(world, aggregator, { ConfigRuleName, AccountId, AwsRegion }).flatMap(
    (r) => r.evaluations,
  );
  const results = sortedEvaluations(evaluations).filter((e) => !typeFilter || typeFilter.includes(e.complianceType));
  const { page, NextToken } = pageOf(results, request.input, limitOf(request.input, 50, 100), true);
  return {
    AggregateEvaluationResults: page.map((e) => ({ ...evaluationResult(e), AccountId, AwsRegion })),
    ...(NextToken ? { NextToken } : {}),
  };
};

const getAggregateConfigRuleComplianceSummary: ActionHandler = (world, request) => {
  const aggregator = requireAggregator(world, request, request.input.ConfigurationAggregatorName);
  const groupBy = request.input.GroupByKey;
  if (groupBy !== undefined && groupBy !== 'ACCOUNT_ID' && groupBy !== 'AWS_REGION')
    throw invalid(`GroupByKey must be ACCOUNT_ID or AWS_REGION.`);
  const { AccountId, AwsRegion } = filterTexts(fieldsOf(request.input.Filters));
  const rows = aggregatedRules(world, aggregator, { AccountId, AwsRegion });
  const groups = new Map<string, SimEvaluation[][]>();
  for (const row of rows) {
    const name = groupBy === 'AWS_REGION' ? row.region : row.accountId;
    groups.set(name, [...(groups.get(name) ?? []), row.evaluations]);
  }
  const counts = [...groups.entries()].map(([GroupName, perRule]) => ({
    GroupName,
    ComplianceSummary: {
      ...countRules(perRule, Number.MAX_SAFE_INTEGER),
      ComplianceSummaryTimestamp: new Date(world.now()),
    },
  }));
  const { page, NextToken } = pageOf(counts, request.input, limitOf(request.input, 1000, 1000));
  return { GroupByKey: groupBy ?? 'ACCOUNT_ID', AggregateComplianceCounts: page, ...(NextToken ? { NextToken } : {}) };
};

/** AWS Config. */
export const configHandlers: ServiceHandlers = {
  DescribeConfigurationRecorders: describeConfigurationRecorders,
  DescribeConfigurationRecorderStatus: describeConfigurationRecorderStatus,
  DescribeDeliveryChannels: describeDeliveryChannels,
  PutConfigurationRecorder: putConfigurationRecorder,
  PutDeliveryChannel: putDeliveryChannel,
  StartConfigurationRecorder: startConfigurationRecorder,
  StopConfigurationRecorder: stopConfigurationRecorder,
  DescribeConfigRules: describeConfigRules,
  PutConfigRule: putConfigRule,
  DeleteConfigRule: deleteConfigRule,
  StartConfigRulesEvaluation: startConfigRulesEvaluation,
  DescribeComplianceByConfigRule: describeComplianceByConfigRule,
  DescribeConfigRuleEvaluationStatus: describeConfigRuleEvaluationStatus,
  GetComplianceDetailsByConfigRule: getComplianceDetailsByConfigRule,
  GetComplianceSummaryByConfigRule: getComplianceSummaryByConfigRule,
  DescribeRemediationConfigurations: describeRemediationConfigurations,
  PutRemediationConfigurations: putRemediationConfigurations,
  DescribeRemediationExecutionStatus: describeRemediationExecutionStatus,
  StartRemediationExecution: startRemediationExecution,
  PutConfigurationAggregator: putConfigurationAggregator,
  DescribeConfigurationAggregators: describeConfigurationAggregators,
  DescribeAggregateComplianceByConfigRules: describeAggregateComplianceByConfigRules,
  GetAggregateComplianceDetailsByConfigRule: getAggregateComplianceDetailsByConfigRule,
  GetAggregateConfigRuleComplianceSummary: getAggregateConfigRuleComplianceSummary,
};
