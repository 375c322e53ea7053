import { isRecord } from './template-model.js';
/**
 * The IAM actions the steps of AWS-owned runbooks call, from the AWS Systems Manager Automation runbook
 * reference ("Required IAM permissions"). Their content is not in this repository, so this table is the one
 * place their calls are written down. `ssm:StartAutomationExecution` / `ssm:GetAutomationExecution`, which the
 * reference also lists, are needed by whoever starts the automation (Config, with its own service-linked
 * role), not by the role the steps run as.
 */
export const AWS_OWNED_RUNBOOK_CALLS = {
    'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules': [
        'ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress',
    ],
    'AWS-DisablePublicAccessForSecurityGroup': ['ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress'],
    'AWSConfigRemediation-RevokeUnusedIAMUserCredentials': [
        'config:ListDiscoveredResources', 'iam:GetUser', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed',
        'iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:GetLoginProfile', 'iam:DeleteLoginProfile',
    ],
};
const pascal = (snake) => snake.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
/**
 * The API calls of a Python step script: the methods called on a variable named like the boto3 client's
 * service (`ec2.describe_security_groups(` with `boto3.client('ec2')`), as IAM actions.
 */
export function pythonScriptCalls(script) {
    const services = [...script.matchAll(/boto3\.client\(\s*['"]([\w-]+)['"]/g)].map((m) => m[1]);
    return services.flatMap((service) => [...script.matchAll(new RegExp(`\\b${service}\\.([a-z][a-z0-9_]*)\\(`, 'g'))].map((m) => `${service}:${pascal(m[1])}`));
}
/** The IAM actions an Automation document's steps call (aws:executeAwsApi and aws:executeScript steps). */
export function automationDocumentCalls(content) {
    const steps = isRecord(content) && Array.isArray(content.mainSteps) ? content.mainSteps : [];
    const calls = steps.flatMap((step) => {
        if (!isRecord(step) || !isRecord(step.inputs))
            return [];
        const inputs = step.inputs;
        if (step.action === 'aws:executeAwsApi')
            return [`${String(inputs.Service)}:${String(inputs.Api)}`];
        if (step.action === 'aws:executeScript' && typeof inputs.Script === 'string')
            return pythonScriptCalls(inputs.Script);
        return [];
    });
    return unique(calls);
}
/**
 * The IAM actions a Node.js function's source calls: every `XCommand` it takes from the
 * `@aws-sdk/client-<service>` it requires (commands may be sent through a helper, so the import is the list).
 */
export function nodeFunctionCalls(source) {
    const imports = /\{([^}]*)\}\s*=\s*require\(\s*['"]@aws-sdk\/client-([\w-]+)['"]\s*\)/.exec(source);
    if (!imports)
        return [];
    const [, names, service] = imports;
    return unique([...names.matchAll(/\b(\w+)Command\b/g)].map((m) => `${service}:${m[1]}`));
}
/** The actions the Allow statements of a role's inline policies grant. */
export function roleInlineActions(role) {
    const policies = (role.Properties?.Policies ?? []);
    return unique(policies.flatMap((policy) => policy.PolicyDocument?.Statement ?? []).flatMap((statement) => {
        if (!isRecord(statement) || statement.Effect !== 'Allow')
            return [];
        return [].concat(statement.Action ?? []).map(String);
    }));
}
export function unique(items) {
    return [...new Set(items)];
}
//# sourceMappingURL=remediation-calls.js.map