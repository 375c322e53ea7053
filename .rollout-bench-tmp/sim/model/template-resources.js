/**
 * What creating, updating and deleting each CloudFormation resource type does to the simulated account.
 * Config, SSM, EventBridge and Lambda resources go through config-store (so Config's own rules hold); IAM roles
 * are registered in the account's IAM (names are account-global, so a second region collides as in AWS); every
 * other type is only recorded.
 */
import { SimServiceError } from '../core/errors.js';
import * as store from './config-store.js';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** A CloudFormation-style generated name (`<stack>-<logicalId>-<SUFFIX>`), kept across updates. */
function nameOf(ctx, given, previous) {
    if (typeof given === 'string' && given !== '')
        return given;
    return previous?.physicalId ?? `${ctx.stackName}-${ctx.logicalId}-${ctx.world.newId('', 12, UPPER_ALNUM)}`;
}
const at = (ctx) => ({ accountId: ctx.accountId, region: ctx.region });
const arn = (ctx, service, resource) => `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
const bool = (value, fallback) => value === undefined ? fallback : value === true || value === 'true';
/** Config rule InputParameters arrive as an object or a JSON string; the API keeps string values. */
export function normaliseInputParameters(value) {
    const object = typeof value === 'string' ? (value.trim() === '' ? {} : JSON.parse(value)) : (value ?? {});
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, String(v)]));
}
function tagsOf(value) {
    if (!Array.isArray(value))
        return {};
    return Object.fromEntries(value.map((t) => [t.Key, String(t.Value)]));
}
/**
 * A resource identified by its name (given in `nameProperty`, else generated): `put` stores it under that
 * name and returns its GetAtt attributes, `remove` deletes it by name.
 */
function named(service, nameProperty, put, remove) {
    return {
        service,
        put(ctx, props, previous) {
            const name = nameOf(ctx, props[nameProperty], previous);
            return { physicalId: name, attributes: put(ctx, props, name) ?? {} };
        },
        remove: (ctx, name) => remove(ctx.world, at(ctx), name),
    };
}
const recorder = named('AmazonConfig', 'Name', (ctx, props, name) => store.putRecorder(ctx.world, at(ctx), {
    name,
    roleArn: String(props.RoleARN ?? ''),
    allSupported: bool(props.RecordingGroup?.AllSupported, true),
    includeGlobalResourceTypes: bool(props.RecordingGroup?.IncludeGlobalResourceTypes, false),
    recording: false,
    ownerStackId: ctx.stackId,
}), store.deleteRecorder);
const deliveryChannel = named('AmazonConfig', 'Name', (ctx, props, name) => store.putDeliveryChannel(ctx.world, at(ctx), {
    name,
    s3BucketName: String(props.S3BucketName ?? ''),
    s3KeyPrefix: props.S3KeyPrefix === undefined ? undefined : String(props.S3KeyPrefix),
    ownerStackId: ctx.stackId,
}), store.deleteDeliveryChannel);
const configRule = {
    service: 'AmazonConfig',
    put(ctx, props, previous) {
        const name = nameOf(ctx, props.ConfigRuleName, previous);
        const existing = ctx.world.region(ctx.accountId, ctx.region).configRules.get(name);
        if (existing && existing.ownerStackId !== ctx.stackId) {
            throw new SimServiceError('AlreadyExistsException', `${name} already exists in stack ${existing.ownerStackId ?? '(none)'}`);
        }
        const id = existing?.id ?? ctx.world.newId('config-rule-', 6);
        const ruleArn = arn(ctx, 'config', `config-rule/${id}`);
        store.putConfigRule(ctx.world, at(ctx), {
            name,
            arn: ruleArn,
            id,
            sourceIdentifier: String(props.Source?.SourceIdentifier ?? ''),
            inputParameters: normaliseInputParameters(props.InputParameters),
            maximumExecutionFrequency: props.MaximumExecutionFrequency,
            createdAt: existing?.createdAt ?? ctx.world.now(),
            ownerStackId: ctx.stackId,
        });
        return { physicalId: name, attributes: { Arn: ruleArn, ConfigRuleId: id, 'Compliance.Type': 'COMPLIANT' } };
    },
    remove: (ctx, name) => store.deleteConfigRule(ctx.world, at(ctx), name),
};
const remediation = {
    service: 'AmazonConfig',
    put(ctx, props) {
        const ruleName = String(props.ConfigRuleName ?? '');
        store.putRemediation(ctx.world, at(ctx), {
            configRuleName: ruleName,
            targetType: 'SSM_DOCUMENT',
            targetId: String(props.TargetId ?? ''),
            targetVersion: props.TargetVersion,
            automatic: bool(props.Automatic, false),
            maximumAutomaticAttempts: Number(props.MaximumAutomaticAttempts ?? 5),
            retryAttemptSeconds: Number(props.RetryAttemptSeconds ?? 60),
            resourceType: props.ResourceType,
            parameters: (props.Parameters ?? {}),
            ownerStackId: ctx.stackId,
        });
        return { physicalId: ruleName, attributes: {} };
    },
    remove: (ctx, ruleName) => store.deleteRemediation(ctx.world, at(ctx), ruleName),
};
const ssmDocument = named('AWSSimpleSystemsManagement', 'Name', (ctx, props, name) => store.putSsmDocument(ctx.world, at(ctx), {
    name,
    content: props.Content,
    documentType: props.DocumentType,
    tags: tagsOf(props.Tags),
    ownerStackId: ctx.stackId,
}), store.deleteSsmDocument);
/** `arn:aws:lambda:<region>:<account>:function:<name>` → name (other target kinds are not simulated). */
function functionNameOf(targetArn) {
    const match = /:function:([^:]+)/.exec(String(targetArn ?? ''));
    return match?.[1];
}
const eventRule = named('AmazonEventBridge', 'Name', (ctx, props, name) => {
    const targets = Array.isArray(props.Targets) ? props.Targets : [];
    store.putEventRule(ctx.world, at(ctx), {
        name,
        eventPattern: typeof props.EventPattern === 'string' ? JSON.parse(props.EventPattern) : props.EventPattern,
        enabled: props.State !== 'DISABLED',
        targetFunctionName: targets.map((t) => functionNameOf(t.Arn)).find(Boolean),
        ownerStackId: ctx.stackId,
    });
    return { Arn: arn(ctx, 'events', `rule/${name}`) };
}, store.deleteEventRule);
const lambdaFunction = named('AWSLambda', 'FunctionName', (ctx, props, name) => {
    store.putLambdaFunction(ctx.world, at(ctx), {
        name,
        runtime: String(props.Runtime ?? ''),
        handler: String(props.Handler ?? 'index.handler'),
        code: String(props.Code?.ZipFile ?? ''),
        environment: Object.fromEntries(Object.entries((props.Environment?.Variables ?? {})).map(([k, v]) => [k, String(v)])),
        ownerStackId: ctx.stackId,
    });
    return { Arn: arn(ctx, 'lambda', `function:${name}`) };
}, store.deleteLambdaFunction);
/** Account ids named as AWS principals in a trust policy (`123456789012` or `arn:aws:iam::123456789012:root`). */
function trustedAccounts(policy) {
    const statements = Array.isArray(policy?.Statement) ? policy.Statement : [policy?.Statement].filter(Boolean);
    return statements.flatMap((s) => [s?.Principal?.AWS ?? []].flat().map((p) => /(\d{12})/.exec(String(p))?.[1]))
        .filter((id) => id !== undefined);
}
const iamRole = {
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
        });
        const roleId = previous?.attributes.RoleId ?? ctx.world.newId('AROA', 17, UPPER_ALNUM);
        return { physicalId: name, attributes: { Arn: `arn:aws:iam::${ctx.accountId}:role/${name}`, RoleId: roleId } };
    },
    remove: (ctx, name) => void ctx.world.accountIam(ctx.accountId).roles.delete(name),
};
/** Recorded only: a physical id from the usual name property, an ARN for GetAtt. */
const recordedOnly = {
    service: 'AWSCloudFormation',
    put(ctx, props, previous) {
        const given = props.BucketName ?? props.LogGroupName ?? props.ManagedPolicyName ?? props.PolicyName ?? props.Name;
        const name = nameOf(ctx, given, previous);
        return { physicalId: name, attributes: { Arn: arn(ctx, 'sim', `${ctx.logicalId}/${name}`) } };
    },
    remove() { },
};
const PROVISIONERS = {
    'AWS::Config::ConfigurationRecorder': recorder,
    'AWS::Config::DeliveryChannel': deliveryChannel,
    'AWS::Config::ConfigRule': configRule,
    'AWS::Config::RemediationConfiguration': remediation,
    'AWS::SSM::Document': ssmDocument,
    'AWS::Events::Rule': eventRule,
    'AWS::Lambda::Function': lambdaFunction,
    'AWS::IAM::Role': iamRole,
};
/** The provisioner for a resource type; unknown types are recorded without behaviour. */
export function provisionerFor(type) {
    return PROVISIONERS[type] ?? recordedOnly;
}
//# sourceMappingURL=template-resources.js.map