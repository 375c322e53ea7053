import { isRecord, type CfnResource } from './template-model.js';

/**
 * The IAM actions the steps of AWS-owned runbooks call, from the AWS Systems Manager Automation runbook
 * reference ("Required IAM permissions"). Their content is not in this repository, so this table is the one
 * place their calls are written down. `ssm:StartAutomationExecution` / `ssm:GetAutomationExecution`, which the
 * reference also lists, are needed by whoever starts the automation (Config, with its own service-linked
 * role), not by the role the steps run as.
 */
export const AWS_OWNED_RUNBOOK_CALLS: Readonly<Record<string, readonly string[]>> = {
  'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules': [
    'ec2:DescribeSecurityGroups',
    'ec2:RevokeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupEgress',
  ],
  'AWS-DisablePublicAccessForSecurityGroup': ['ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress'],
  'AWSConfigRemediation-RevokeUnusedIAMUserCredentials': [
    'config:ListDiscoveredResources',
    'iam:GetUser',
    'iam:ListAccessKeys',
    'iam:GetAccessKeyLastUsed',
    'iam:UpdateAccessKey',
    'iam:DeleteAccessKey',
    'iam:GetLoginProfile',
    'iam:DeleteLoginProfile',
  ],
};

const pascal = (snake: string): string =>
  snake
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/**
 * The API calls of a Python step script: the methods called on a variable named like the boto3 client's
 * service (`ec2.describe_security_groups(` with `boto3.client('ec2')`), as IAM actions.
 */
export function pythonScriptCalls(script: string): string[] {
  const services = [...script.matchAll(/boto3\.client\(\s*['"]([\w-]+)['"]/g)].flatMap((m) => m[1] ?? []);
  return services.flatMap((service) =>
    [...script.matchAll(new RegExp(`\\b${service}\\.([a-z][a-z0-9_]*)\\(`, 'g'))].map(
      (m) => `${service}:${pascal(m[1] ?? '')}`,
    ),
  );
}

/** The IAM actions an Automation document's steps call (aws:executeAwsApi and aws:executeScript steps). */
export function automationDocumentCalls(content: unknown): string[] {
  const steps = isRecord(content) && Array.isArray(content.mainSteps) ? content.mainSteps : [];
  const calls = steps.flatMap((step: unknown): string[] => {
    if (!isRecord(step) || !isRecord(step.inputs)) return [];
    const inputs = step.inputs;
    if (step.action === 'aws:executeAwsApi') return [`${String(inputs.Service)}:${String(inputs.Api)}`];
    if (step.action === 'aws:executeScript' && typeof inputs.Script === 'string')
      return pythonScriptCalls(inputs.Script);
    return [];
  });
  return unique(calls);
}

/** API operations whose IAM action has another name (the Service Authorization Reference). */
const ACTION_OF_OPERATION: Readonly<Record<string, string>> = { 'lambda:Invoke': 'lambda:InvokeFunction' };

/**
 * The IAM actions a Node.js function's source calls: every `XCommand` it takes from each
 * `@aws-sdk/client-<service>` it requires (commands may be sent through a helper, so the imports are the list).
 */
export function nodeFunctionCalls(source: string): string[] {
  const imports = source.matchAll(/\{([^}]*)\}\s*=\s*require\(\s*['"]@aws-sdk\/client-([\w-]+)['"]\s*\)/g);
  return unique(
    [...imports].flatMap(([, names = '', service = '']) =>
      [...names.matchAll(/\b(\w+)Command\b/g)].map(
        (m) => ACTION_OF_OPERATION[`${service}:${m[1]}`] ?? `${service}:${m[1]}`,
      ),
    ),
  );
}

/** The actions the Allow statements of a role's inline policies grant. */
export function roleInlineActions(role: CfnResource): string[] {
  const policies = (role.Properties?.Policies ?? []) as Array<{ PolicyDocument?: { Statement?: unknown[] } }>;
  return unique(
    policies
      .flatMap((policy) => policy.PolicyDocument?.Statement ?? [])
      .flatMap(statementBranches)
      .flatMap((statement) => {
        if (!isRecord(statement) || statement.Effect !== 'Allow') return [];
        return ([] as unknown[]).concat(statement.Action ?? []).map(String);
      }),
  );
}

/** A statement, or both statements a conditional one (`Fn::If`) may be; `AWS::NoValue` is none. */
function statementBranches(statement: unknown): unknown[] {
  const branches = isRecord(statement) ? statement['Fn::If'] : undefined;
  return Array.isArray(branches) ? branches.slice(1).flatMap(statementBranches) : [statement];
}

export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}
