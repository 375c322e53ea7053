/**
 * What creating, updating and deleting each CloudFormation resource type does to the simulated account.
 * Config, SSM, EventBridge and Lambda resources go through config-store (so Config's own rules hold); IAM roles
 * are registered in the account's IAM (names are account-global, so a second region collides as in AWS); every
 * other type is only recorded.
 */
import { SimServiceError } from '../core/errors.js';
import { fieldsListOf, fieldsOf, textOf, type Fields } from '../core/input-values.js';
import type { World } from './world.js';
import * as store from './config-store.js';
import type { RegionRef } from './config-store.js';
import { logGroupKeyOf } from './log-groups.js';

export interface ProvisionContext {
  world: World;
  accountId: string;
  region: string;
  stackId: string;
  stackName: string;
  logicalId: string;
}

export interface ProvisionedResource {
  physicalId: string;
  attributes: Record<string, string>;
}

/** A resource type's behaviour. `put` creates, or updates in place when it returns the previous physical id. */
export interface ResourceProvisioner {
  /** The AWS service name CloudFormation quotes in a failed resource's status reason. */
  service: string;
  put(ctx: ProvisionContext, props: Props, previous?: ProvisionedResource): ProvisionedResource;
  remove(ctx: ProvisionContext, physicalId: string, props: Props): void;
}

type Props = Fields;

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A CloudFormation-style generated name (`<stack>-<logicalId>-<SUFFIX>`), kept across updates. */
function nameOf(ctx: ProvisionContext, given: unknown, previous?: ProvisionedResource): string {
  if (typeof given === 'string' && given !== '') return given;
  return previous?.physicalId ?? `${ctx.stackName}-${ctx.logicalId}-${ctx.world.newId('', 12, UPPER_ALNUM)}`;
}

const at = (ctx: ProvisionContext) => ({ accountId: ctx.accountId, region: ctx.region });
const arn = (ctx: ProvisionContext, service: string, resource: string) =>
  `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
const bool = (value: unknown, fallback: boolean): boolean =>
  value === undefined ? fallback : value === true || value === 'true';

/** Config rule InputParameters arrive as an object or a JSON string; the API keeps string values. */
export function normaliseInputParameters(value: unknown): Record<string, string> {
  const object: unknown = typeof value === 'string' ? (value.trim() === '' ? {} : JSON.parse(value)) : value;
  return Object.fromEntries(Object.entries(fieldsOf(object)).map(([k, v]) => [k, textOf(v) ?? JSON.stringify(v)]));
}

function tagsOf(value: unknown): Record<string, string> {
  return Object.fromEntries(fieldsListOf(value).map((t) => [textOf(t.Key) ?? '', textOf(t.Value) ?? '']));
}

/**
 * A resource identified by its name (given in `nameProperty`, else generated): `put` stores it under that
 * name and returns its GetAtt attributes, `remove` deletes it by name.
 */
function named(
  service: string,
  nameProperty: string,
  put: (ctx: ProvisionContext, props: Props, name: string) => Record<string, string> | void,
  remove: (world: World, region: RegionRef, name: string) => void,
): ResourceProvisioner {
  return {
    service,
    put(ctx, props, previous) {
      const name = nameOf(ctx, props[nameProperty], previous);
      return { physicalId: name, attributes: put(ctx, props, name) ?? {} };
    },
    remove: (ctx, name) => remove(ctx.world, at(ctx), name),
  };
}

const recorder = named(
  'AmazonConfig',
  'Name',
  (ctx, props, name) =>
    store.putRecorder(ctx.world, at(ctx), {
      name,
      roleArn: textOf(props.RoleARN) ?? '',
      allSupported: bool(fieldsOf(props.RecordingGroup).AllSupported, true),
      includeGlobalResourceTypes: bool(fieldsOf(props.RecordingGroup).IncludeGlobalResourceTypes, false),
      recording: false,
      ownerStackId: ctx.stackId,
    }),
  store.deleteRecorder,
);

const deliveryChannel = named(
  'AmazonConfig',
  'Name',
  (ctx, props, name) =>
    store.putDeliveryChannel(ctx.world, at(ctx), {
      name,
      s3BucketName: textOf(props.S3BucketName) ?? '',
      s3KeyPrefix: textOf(props.S3KeyPrefix),
      ownerStackId: ctx.stackId,
    }),
  store.deleteDeliveryChannel,
);

const configRule: ResourceProvisioner = {
  service: 'AmazonConfig',
  put(ctx, props, previous) {
    const name = nameOf(ctx, props.ConfigRuleName, previous);
    const existing = ctx.world.region(ctx.accountId, ctx.region).configRules.get(name);
    if (existing && existing.ownerStackId !== ctx.stackId) {
      throw new SimServiceError(
        'AlreadyExistsException',
        `${name} already exists in stack ${existing.ownerStackId ?? '(none)'}`,
      );
    }
    const id = existing?.id ?? ctx.world.newId('config-rule-', 6);
    const ruleArn = arn(ctx, 'config', `config-rule/${id}`);
    store.putConfigRule(ctx.world, at(ctx), {
      name,
      arn: ruleArn,
      id,
      sourceIdentifier: textOf(fieldsOf(props.Source).SourceIdentifier) ?? '',
      inputParameters: normaliseInputParameters(props.InputParameters),
      maximumExecutionFrequency: textOf(props.MaximumExecutionFrequency),
      createdAt: existing?.createdAt ?? ctx.world.now(),
      ownerStackId: ctx.stackId,
    });
    return { physicalId: name, attributes: { Arn: ruleArn, ConfigRuleId: id, 'Compliance.Type': 'COMPLIANT' } };
  },
  remove: (ctx, name) => store.deleteConfigRule(ctx.world, at(ctx), name),
};

const remediation: ResourceProvisioner = {
  service: 'AmazonConfig',
  put(ctx, props) {
    const ruleName = textOf(props.ConfigRuleName) ?? '';
    store.putRemediation(ctx.world, at(ctx), {
      configRuleName: ruleName,
      targetType: 'SSM_DOCUMENT',
      targetId: textOf(props.TargetId) ?? '',
      targetVersion: textOf(props.TargetVersion),
      automatic: bool(props.Automatic, false),
      maximumAutomaticAttempts: Number(props.MaximumAutomaticAttempts ?? 5),
      retryAttemptSeconds: Number(props.RetryAttemptSeconds ?? 60),
      resourceType: textOf(props.ResourceType),
      parameters: store.remediationParametersOf(props.Parameters),
      ownerStackId: ctx.stackId,
    });
    return { physicalId: ruleName, attributes: {} };
  },
  remove: (ctx, ruleName) => store.deleteRemediation(ctx.world, at(ctx), ruleName),
};

const ssmDocument = named(
  'AWSSimpleSystemsManagement',
  'Name',
  (ctx, props, name) =>
    store.putSsmDocument(ctx.world, at(ctx), {
      name,
      content: props.Content,
      documentType: textOf(props.DocumentType),
      tags: tagsOf(props.Tags),
      ownerStackId: ctx.stackId,
    }),
  store.deleteSsmDocument,
);

/** `arn:aws:lambda:<region>:<account>:function:<name>` → name (other target kinds are not simulated). */
function functionNameOf(targetArn: unknown): string | undefined {
  const match = /:function:([^:]+)/.exec(textOf(targetArn) ?? '');
  return match?.[1];
}

const eventRule = named(
  'AmazonEventBridge',
  'Name',
  (ctx, props, name) => {
    const eventPattern: unknown =
      typeof props.EventPattern === 'string' ? JSON.parse(props.EventPattern) : props.EventPattern;
    store.putEventRule(ctx.world, at(ctx), {
      name,
      eventPattern,
      ...(typeof props.ScheduleExpression === 'string' ? { scheduleExpression: props.ScheduleExpression } : {}),
      enabled: props.State !== 'DISABLED',
      targetFunctionName: fieldsListOf(props.Targets)
        .map((t) => functionNameOf(t.Arn))
        .find(Boolean),
      ownerStackId: ctx.stackId,
    });
    return { Arn: arn(ctx, 'events', `rule/${name}`) };
  },
  store.deleteEventRule,
);

const lambdaFunction = named(
  'AWSLambda',
  'FunctionName',
  (ctx, props, name) => {
    const logGroup = textOf(fieldsOf(props.LoggingConfig).LogGroup);
    store.putLambdaFunction(ctx.world, at(ctx), {
      name,
      runtime: textOf(props.Runtime) ?? '',
      handler: textOf(props.Handler) ?? 'index.handler',
      code: textOf(fieldsOf(props.Code).ZipFile) ?? '',
      environment: Object.fromEntries(
        Object.entries(fieldsOf(fieldsOf(props.Environment).Variables)).map(([k, v]) => [k, textOf(v) ?? '']),
      ),
      ...(logGroup === undefined ? {} : { logGroup }),
      ownerStackId: ctx.stackId,
    });
    return { Arn: arn(ctx, 'lambda', `function:${name}`) };
  },
  store.deleteLambdaFunction,
);

/** Account ids named as AWS principals in a trust policy (`123456789012` or `arn:aws:iam::123456789012:root`). */
function trustedAccounts(policy: unknown): string[] {
  const { Statement } = fieldsOf(policy);
  return fieldsListOf(Array.isArray(Statement) ? Statement : [Statement])
    .flatMap((s) => [fieldsOf(s.Principal).AWS ?? []].flat())
    .map((p) => /(\d{12})/.exec(textOf(p) ?? '')?.[1])
    .filter((id): id is string => id !== undefined);
}

const iamRole: ResourceProvisioner = {
  service: 'AmazonIdentityManagement',
  put(ctx, props, previous) {
    const name = nameOf(ctx, props.RoleName, previous);
    const roles = ctx.world.accountIam(ctx.accountId).roles;
    if (roles.has(name) && previous?.physicalId !== name) {
      throw new SimServiceError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
    }
    const existing = roles.get(name);
    roles.set(name, {
      ...existing,
      name,
      trustedAccountIds: trustedAccounts(props.AssumeRolePolicyDocument),
      maxSessionDurationSeconds: props.MaxSessionDuration === undefined ? undefined : Number(props.MaxSessionDuration),
      createDate: existing?.createDate ?? ctx.world.now(),
    });
    const roleId = previous?.attributes.RoleId ?? ctx.world.newId('AROA', 17, UPPER_ALNUM);
    return { physicalId: name, attributes: { Arn: `arn:aws:iam::${ctx.accountId}:role/${name}`, RoleId: roleId } };
  },
  remove: (ctx, name) => void ctx.world.accountIam(ctx.accountId).roles.delete(name),
};

/**
 * S3 buckets: names are global, so a name held by any account (a bucket a deleted stack retained included)
 * fails the create as CloudFormation reports it.
 */
const s3Bucket: ResourceProvisioner = {
  service: 'AmazonS3',
  put(ctx, props, previous) {
    const name = nameOf(ctx, props.BucketName, previous).toLowerCase();
    if (name.length < 3 || name.length > 63 || !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
      throw new SimServiceError(
        'InvalidBucketName',
        `Bucket name should be between 3 and 63 characters long and use a-z, 0-9, . and -: ${name}`,
      );
    }
    const holder = ctx.world.s3Buckets.get(name);
    if (holder && previous?.physicalId !== name) throw new SimServiceError('AlreadyExists', `${name} already exists`);
    ctx.world.s3Buckets.set(name, { accountId: ctx.accountId, region: ctx.region });
    return { physicalId: name, attributes: { Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com` } };
  },
  remove: (ctx, name) => void ctx.world.s3Buckets.delete(name),
};

const logGroupKey = (ctx: ProvisionContext, name: string) => logGroupKeyOf(ctx.accountId, ctx.region, name);

/** Log groups: a name is unique in its account and region, so a retained group blocks the next create. */
const logGroup: ResourceProvisioner = {
  service: 'AWSLogs',
  put(ctx, props, previous) {
    const name = nameOf(ctx, props.LogGroupName, previous);
    if (ctx.world.logGroups.has(logGroupKey(ctx, name)) && previous?.physicalId !== name) {
      throw new SimServiceError(
        'AlreadyExists',
        `Resource of type 'AWS::Logs::LogGroup' with identifier '${name}' already exists.`,
      );
    }
    const key = logGroupKey(ctx, name);
    const retentionInDays = Number(props.RetentionInDays) || undefined;
    const existing = ctx.world.logGroups.get(key);
    if (existing) existing.retentionInDays = retentionInDays;
    else ctx.world.logGroups.set(key, { name, createdAt: ctx.world.now(), retentionInDays, events: [] });
    return { physicalId: name, attributes: { Arn: arn(ctx, 'logs', `log-group:${name}:*`) } };
  },
  remove: (ctx, name) => void ctx.world.logGroups.delete(logGroupKey(ctx, name)),
};

/** Recorded only: a physical id from the usual name property, an ARN for GetAtt. */
const recordedOnly: ResourceProvisioner = {
  service: 'AWSCloudFormation',
  put(ctx, props, previous) {
    const given = props.ManagedPolicyName ?? props.PolicyName ?? props.Name;
    const name = nameOf(ctx, given, previous);
    return { physicalId: name, attributes: { Arn: arn(ctx, 'sim', `${ctx.logicalId}/${name}`) } };
  },
  remove() {},
};

const PROVISIONERS: Record<string, ResourceProvisioner> = {
  'AWS::Config::ConfigurationRecorder': recorder,
  'AWS::Config::DeliveryChannel': deliveryChannel,
  'AWS::Config::ConfigRule': configRule,
  'AWS::Config::RemediationConfiguration': remediation,
  'AWS::SSM::Document': ssmDocument,
  'AWS::Events::Rule': eventRule,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::IAM::Role': iamRole,
  'AWS::S3::Bucket': s3Bucket,
  'AWS::Logs::LogGroup': logGroup,
};

/** The provisioner for a resource type; unknown types are recorded without behaviour. */
export function provisionerFor(type: string): ResourceProvisioner {
  return PROVISIONERS[type] ?? recordedOnly;
}
