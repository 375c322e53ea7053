import { CONTROL_MODES, CONTROLS, TEMPLATE_PARAMETERS } from '../controls/catalog.js';
import { NUMBER_PARAMETER_BOUNDS, RESOURCE_PREFIX_PATTERN } from '../controls/parameter-constraints.js';
import { activeResourceIds, resolveIfs } from './conditions.js';
import { deploymentVariants, type DeploymentVariant } from './deployment-variants.js';
import { referencesIn } from './references.js';
import {
  AWS_OWNED_RUNBOOK_CALLS,
  automationDocumentCalls,
  nodeFunctionCalls,
  roleInlineActions,
  unique,
} from './remediation-calls.js';
import { parseCfnYaml } from './cfn-yaml.js';
import {
  INLINE_CODE_BUDGET_CHARS,
  REMEDIATION_TEMPLATE_PATH,
  ruleNameOutputKey,
  TEMPLATE_BODY_MAX_BYTES,
  TEMPLATE_VERSION_OUTPUT,
} from './template-contract.js';
import { isRecord, PSEUDO_PARAMETERS, type CfnResource, type CfnTemplate } from './template-model.js';

/** What a check finds: where in the template (`Resources.X.Properties.Y`, `Parameters.Z`, …) and what. */
interface Finding {
  path: string;
  message: string;
}

/**
 * One thing wrong with the template. Shaped like a config problem so `cisfleet validate` reports both
 * together; line and col are 0 when unknown.
 */
export interface TemplateProblem extends Finding {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
}

/** Properties that name a resource: each must carry `${ResourcePrefix}` so two deployments never collide. */
const NAME_PROPERTIES = ['BucketName', 'RoleName', 'Name', 'ConfigRuleName', 'FunctionName', 'LogGroupName'];

/** Properties that give an IAM resource its account-wide name. */
const IAM_NAME_PROPERTIES = ['RoleName', 'ManagedPolicyName', 'UserName', 'GroupName', 'InstanceProfileName'];

/** The log actions every Lambda needs from its runtime (not from its code). */
const LAMBDA_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** Services whose trust policies must pin `aws:SourceAccount` (both pass it when assuming the role). */
const SOURCE_ACCOUNT_SERVICES = ['ssm.amazonaws.com', 'config.amazonaws.com'];

/**
 * Checks a remediation template against what cisfleet relies on: size limits, the catalog's parameters and
 * rules, references, least-privilege roles, IAM names safe in a multi-region stack set, prefixed names.
 * Returns every problem at once (empty when the template is fine); with the YAML `source`, each problem
 * carries the line and column of the part it names.
 */
export function checkTemplate(input: { body: string; template: CfnTemplate; source?: string }): TemplateProblem[] {
  const { body, template } = input;
  const variants = [...deploymentVariants(template)];
  const locate = positionsIn(input.source);
  const findings: Finding[] = [
    ...checkSizes(body, template),
    ...checkParameters(template),
    ...checkReferences(template),
    ...checkConditionalReferences(template, variants),
    ...checkControls(template, variants),
    ...checkIamNames(template, variants),
    ...checkNames(template),
    ...checkPolicies(template),
    ...checkLeastPrivilege(template),
  ];
  return findings.map((f) => ({ file: REMEDIATION_TEMPLATE_PATH, ...locate(f.path), ...f, severity: 'error' }));
}

/** Finds the line and column of a dotted template path in the YAML source (the nearest existing parent). */
function positionsIn(source: string | undefined): (path: string) => { line: number; col: number } {
  if (source === undefined) return () => ({ line: 0, col: 0 });
  const { document, lineCounter } = parseCfnYaml(source);
  return (path) => {
    const segments = path === '' ? [] : path.split('.');
    for (let n = segments.length; n > 0; n--) {
      const node = document.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, col };
      }
    }
    return { line: 0, col: 0 };
  };
}

function checkSizes(body: string, template: CfnTemplate): Finding[] {
  const problems: Finding[] = [];
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes >= TEMPLATE_BODY_MAX_BYTES) {
    problems.push({ path: '', message: `template body is ${bytes} bytes, the limit is ${TEMPLATE_BODY_MAX_BYTES}` });
  }
  for (const [id, resource] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const code = (resource.Properties?.Code as { ZipFile?: unknown } | undefined)?.ZipFile;
    if (typeof code === 'string' && code.length >= INLINE_CODE_BUDGET_CHARS) {
      problems.push({
        path: `Resources.${id}.Properties.Code.ZipFile`,
        message: `inline code is ${code.length} characters, over cisfleet's budget of ${INLINE_CODE_BUDGET_CHARS} (it keeps the template body under its limit): shorten the function`,
      });
    }
  }
  return problems;
}

function checkParameters(template: CfnTemplate): Finding[] {
  const problems: Finding[] = [];
  for (const name of Object.values(TEMPLATE_PARAMETERS)) {
    if (!(name in template.Parameters))
      problems.push({ path: `Parameters.${name}`, message: 'parameter missing (TEMPLATE_PARAMETERS)' });
  }
  // accounts.yaml takes these bounds from src/controls/parameter-constraints.ts: the template must agree.
  for (const [name, { min, max }] of Object.entries(NUMBER_PARAMETER_BOUNDS)) {
    const parameter = template.Parameters[name];
    if (parameter && (Number(parameter.MinValue) !== min || Number(parameter.MaxValue) !== max)) {
      problems.push({
        path: `Parameters.${name}`,
        message: `MinValue/MaxValue must be ${min}/${max}, as accounts.yaml allows (src/controls/parameter-constraints.ts)`,
      });
    }
  }
  const prefix = template.Parameters[TEMPLATE_PARAMETERS.resourcePrefix];
  if (prefix && prefix.AllowedPattern !== RESOURCE_PREFIX_PATTERN) {
    problems.push({
      path: `Parameters.${TEMPLATE_PARAMETERS.resourcePrefix}.AllowedPattern`,
      message: `must be ${RESOURCE_PREFIX_PATTERN}, the rule accounts.yaml applies (src/controls/parameter-constraints.ts)`,
    });
  }
  for (const control of CONTROLS) {
    const path = `Parameters.${control.modeParameter}`;
    const parameter = template.Parameters[control.modeParameter];
    if (!parameter) {
      problems.push({ path, message: `mode parameter of ${control.id} missing` });
      continue;
    }
    if (parameter.Default !== control.defaultMode) {
      problems.push({
        path,
        message: `default is ${String(parameter.Default)}, the catalog says ${control.defaultMode}`,
      });
    }
    const allowed = (parameter.AllowedValues ?? []).map(String).sort().join(',');
    if (allowed !== [...CONTROL_MODES].sort().join(',')) {
      problems.push({ path, message: `AllowedValues must be ${CONTROL_MODES.join(', ')}` });
    }
  }
  return problems;
}

function checkReferences(template: CfnTemplate): Finding[] {
  const problems: Finding[] = [];
  const known = new Set<string>([
    ...Object.keys(template.Parameters),
    ...Object.keys(template.Resources),
    ...PSEUDO_PARAMETERS,
  ]);
  const check = (path: string, value: unknown): void => {
    for (const ref of referencesIn(value)) {
      const ok =
        ref.kind === 'condition'
          ? ref.name in template.Conditions
          : ref.kind === 'getatt'
            ? ref.name in template.Resources
            : known.has(ref.name);
      if (!ok) problems.push({ path, message: `${ref.kind} ${ref.name} does not resolve` });
    }
  };
  for (const [name, condition] of Object.entries(template.Conditions)) check(`Conditions.${name}`, condition);
  for (const [id, resource] of Object.entries(template.Resources)) {
    const path = `Resources.${id}`;
    check(path, [resource.Properties, resource.Metadata]);
    if (resource.Condition !== undefined && !(resource.Condition in template.Conditions)) {
      problems.push({ path, message: `condition ${resource.Condition} does not exist` });
    }
    for (const dependency of ([] as string[]).concat(resource.DependsOn ?? [])) {
      if (!(dependency in template.Resources))
        problems.push({ path, message: `DependsOn ${dependency} does not exist` });
    }
  }
  for (const [key, output] of Object.entries(template.Outputs)) {
    check(`Outputs.${key}`, output.Value);
    if (output.Condition !== undefined && !(output.Condition in template.Conditions)) {
      problems.push({ path: `Outputs.${key}`, message: `condition ${output.Condition} does not exist` });
    }
  }
  return problems;
}

/** In every deployment, what an existing resource or output refers to (after Fn::If) must exist too. */
function checkConditionalReferences(template: CfnTemplate, variants: readonly DeploymentVariant[]): Finding[] {
  const users: Array<{ path: string; condition?: string; value: unknown; dependsOn: string[]; ifs: string[] }> = [
    ...Object.entries(template.Resources).map(([id, r]) => ({
      path: `Resources.${id}`,
      condition: r.Condition,
      value: [r.Properties, r.Metadata],
      dependsOn: ([] as string[]).concat(r.DependsOn ?? []),
    })),
    ...Object.entries(template.Outputs).map(([key, o]) => ({
      path: `Outputs.${key}`,
      condition: o.Condition,
      value: o.Value,
      dependsOn: [],
    })),
  ].map((user) => ({
    ...user,
    ifs: unique(
      referencesIn(user.value)
        .filter((r) => r.kind === 'condition')
        .map((r) => r.name),
    ),
  }));
  // What a value refers to depends only on the conditions of its own Fn::Ifs: resolve each outcome once.
  const targetsCache = new Map<string, string[]>();
  const problems = new Map<string, Finding>();
  for (const { conditions, values } of variants) {
    const active = new Set(activeResourceIds(template, conditions));
    for (const user of users) {
      if (user.condition !== undefined && !conditions[user.condition]) continue;
      const cacheKey = user.path + JSON.stringify(user.ifs.map((name) => conditions[name]));
      let targets = targetsCache.get(cacheKey);
      if (!targets) {
        targets = [...referencesIn(resolveIfs(user.value, conditions)).map((r) => r.name), ...user.dependsOn];
        targetsCache.set(cacheKey, targets);
      }
      for (const target of targets) {
        const key = `${user.path}→${target}`;
        if (target in template.Resources && !active.has(target) && !problems.has(key)) {
          problems.set(key, {
            path: user.path,
            message: `refers to ${target}, which is not created when ${JSON.stringify(values)}`,
          });
        }
      }
    }
  }
  return [...problems.values()];
}

function checkControls(template: CfnTemplate, variants: readonly DeploymentVariant[]): Finding[] {
  const problems: Finding[] = [];
  const outsideHome = new Set(
    variants.filter((v) => !v.inHomeRegion).flatMap((v) => activeResourceIds(template, v.conditions)),
  );
  for (const control of CONTROLS) {
    const hit = resourcesOfType(template, 'AWS::Config::ConfigRule').find(
      ([, r]) =>
        (r.Properties?.Source as { SourceIdentifier?: string } | undefined)?.SourceIdentifier ===
        control.sourceIdentifier,
    );
    if (!hit) {
      problems.push({
        path: 'Resources',
        message: `no Config rule with SourceIdentifier ${control.sourceIdentifier} (${control.id})`,
      });
      continue;
    }
    const [id, rule] = hit;
    const expectedName = { 'Fn::Sub': `\${ResourcePrefix}-${control.ruleNameSuffix}` };
    if (JSON.stringify(rule.Properties?.ConfigRuleName) !== JSON.stringify(expectedName)) {
      problems.push({
        path: `Resources.${id}.Properties.ConfigRuleName`,
        message: `must be ${expectedName['Fn::Sub']}`,
      });
    }
    if (control.homeRegionOnly && outsideHome.has(id)) {
      problems.push({
        path: `Resources.${id}`,
        message: `${control.id} is an IAM rule: it must exist in the home region only`,
      });
    }
    const outputKey = ruleNameOutputKey(control.id);
    if (JSON.stringify(template.Outputs[outputKey]?.Value) !== JSON.stringify({ Ref: id })) {
      problems.push({ path: `Outputs.${outputKey}`, message: `must be the Ref of ${id}` });
    }
  }
  if (typeof template.Outputs[TEMPLATE_VERSION_OUTPUT]?.Value !== 'string') {
    problems.push({
      path: `Outputs.${TEMPLATE_VERSION_OUTPUT}`,
      message: 'the template version output must be a literal string',
    });
  }
  return problems;
}

/** IAM names are account-wide: a named IAM resource carries the region, or exists in the home region only. */
function checkIamNames(template: CfnTemplate, variants: readonly DeploymentVariant[]): Finding[] {
  const outsideHome = new Set(
    variants.filter((v) => !v.inHomeRegion).flatMap((v) => activeResourceIds(template, v.conditions)),
  );
  return Object.entries(template.Resources)
    .filter(([id, r]) => r.Type.startsWith('AWS::IAM::') && outsideHome.has(id))
    .flatMap(([id, r]) =>
      IAM_NAME_PROPERTIES.filter((p) => r.Properties?.[p] !== undefined).map((p) => ({
        id,
        name: r.Properties?.[p],
        p,
      })),
    )
    .filter(({ name }) => !JSON.stringify(name).includes('${AWS::Region}'))
    .map(({ id, p }) => ({
      path: `Resources.${id}.Properties.${p}`,
      message: 'IAM resource outside the home region without ${AWS::Region} in its name',
    }));
}

function checkNames(template: CfnTemplate): Finding[] {
  const problems: Finding[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    for (const property of NAME_PROPERTIES) {
      const name = resource.Properties?.[property];
      // A Ref or GetAtt names another resource (a remediation's rule, a permission's function).
      if (name === undefined || (isRecord(name) && ('Ref' in name || 'Fn::GetAtt' in name))) continue;
      const sub = isRecord(name) ? name['Fn::Sub'] : undefined;
      const text: unknown = Array.isArray(sub) ? sub[0] : sub;
      if (typeof text !== 'string' || !text.includes('${ResourcePrefix}')) {
        problems.push({
          path: `Resources.${id}.Properties.${property}`,
          message: 'name must include ${ResourcePrefix}',
        });
      }
    }
  }
  return problems;
}

function checkPolicies(template: CfnTemplate): Finding[] {
  const problems: Finding[] = [];
  for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const action of roleInlineActions(role)) {
      if (action === '*' || action.endsWith(':*'))
        problems.push({ path: `Resources.${id}`, message: `wildcard action ${action}` });
    }
    const trust = (role.Properties?.AssumeRolePolicyDocument as { Statement?: unknown[] } | undefined)?.Statement ?? [];
    for (const statement of trust) {
      if (!isRecord(statement)) continue;
      const services = ([] as unknown[]).concat(
        (statement.Principal as { Service?: unknown } | undefined)?.Service ?? [],
      );
      const pinned = JSON.stringify(statement.Condition ?? {}).includes('aws:SourceAccount');
      if (services.some((s) => SOURCE_ACCOUNT_SERVICES.includes(String(s))) && !pinned) {
        problems.push({
          path: `Resources.${id}.Properties.AssumeRolePolicyDocument`,
          message: 'trust policy must pin aws:SourceAccount',
        });
      }
    }
  }
  return problems;
}

/** Each remediation role and function role grants exactly the calls of what runs under it. */
function checkLeastPrivilege(template: CfnTemplate): Finding[] {
  const needs = new Map<string, string[]>();
  const add = (roleId: string | undefined, calls: string[]): void => {
    if (roleId) needs.set(roleId, unique([...(needs.get(roleId) ?? []), ...calls]));
  };
  const problems: Finding[] = [];
  for (const [id, remediation] of resourcesOfType(template, 'AWS::Config::RemediationConfiguration')) {
    const properties = remediation.Properties ?? {};
    const parameters = (properties.Parameters ?? {}) as Record<string, { StaticValue?: { Values?: unknown[] } }>;
    const role = getAttResource(parameters.AutomationAssumeRole?.StaticValue?.Values?.[0]);
    for (const target of ifBranches(properties.TargetId)) {
      const document = isRecord(target) && typeof target.Ref === 'string' ? template.Resources[target.Ref] : undefined;
      const awsOwned = typeof target === 'string' ? AWS_OWNED_RUNBOOK_CALLS[target] : undefined;
      if (document?.Type === 'AWS::SSM::Document') add(role, automationDocumentCalls(document.Properties?.Content));
      else if (awsOwned) add(role, [...awsOwned]);
      else
        problems.push({
          path: `Resources.${id}.Properties.TargetId`,
          message: `unknown runbook ${JSON.stringify(target)}`,
        });
    }
  }
  for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const code = (fn.Properties?.Code as { ZipFile?: unknown } | undefined)?.ZipFile;
    add(getAttResource(fn.Properties?.Role), [
      ...nodeFunctionCalls(typeof code === 'string' ? code : ''),
      ...LAMBDA_LOG_ACTIONS,
    ]);
  }
  for (const [roleId, required] of needs) {
    const role = template.Resources[roleId];
    if (!role) continue;
    const granted = roleInlineActions(role);
    const missing = required.filter((a) => !granted.includes(a));
    const extra = granted.filter((a) => !required.includes(a));
    if (missing.length > 0) problems.push({ path: `Resources.${roleId}`, message: `missing ${missing.join(', ')}` });
    if (extra.length > 0)
      problems.push({ path: `Resources.${roleId}`, message: `grants more than is called: ${extra.join(', ')}` });
  }
  return problems;
}

function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

function getAttResource(value: unknown): string | undefined {
  const getAtt = isRecord(value) ? value['Fn::GetAtt'] : undefined;
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** The values an `Fn::If` may take (the value itself when it is no Fn::If). */
function ifBranches(value: unknown): unknown[] {
  const branches = isRecord(value) ? value['Fn::If'] : undefined;
  return Array.isArray(branches) ? branches.slice(1).flatMap(ifBranches) : [value];
}
