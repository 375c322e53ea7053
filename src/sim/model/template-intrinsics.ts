/**
 * CloudFormation template values: parsing, parameters, conditions and intrinsic functions, evaluated the way
 * CloudFormation does for one account and region. Pure: resource attributes come in through a callback.
 */
import { SimServiceError } from '../core/errors.js';
import { readTemplateYaml, TemplateYamlError } from './template-yaml.js';
import { textOf } from '../core/input-values.js';

export interface ParameterDeclaration {
  Type?: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: unknown;
  MinLength?: unknown;
  MaxLength?: unknown;
  MinValue?: unknown;
  MaxValue?: unknown;
  ConstraintDescription?: unknown;
  NoEcho?: unknown;
}

export interface ResourceDeclaration {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  /** Delete (default), Retain, RetainExceptOnCreate or Snapshot. */
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  Parameters: Record<string, ParameterDeclaration>;
  Mappings: Record<string, Record<string, Record<string, unknown>>>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, ResourceDeclaration>;
  Outputs: Record<string, { Value: unknown; Condition?: string }>;
}

/** Marks a value removed by `Ref: AWS::NoValue`. */
export const NO_VALUE = Symbol('AWS::NoValue');

const validation = (message: string): SimServiceError => new SimServiceError('ValidationError', message);

/** Parses a YAML or JSON template body; a malformed one is CloudFormation's "Template format error". */
/**
 * Parsed templates by body: a stack set deploys one body to every instance, and parsing the YAML (about 90 ms
 * for the remediation template) would otherwise be most of a large rollout's simulated work.
 */
const parsedBodies = new Map<string, CfnTemplate>();
const PARSED_BODIES_KEPT = 8;

/** Parses a template body; each caller gets its own copy (callers may change it). */
export function parseTemplate(body: string): CfnTemplate {
  let template = parsedBodies.get(body);
  if (!template) {
    template = parseTemplateUncached(body);
    if (parsedBodies.size >= PARSED_BODIES_KEPT) parsedBodies.delete(parsedBodies.keys().next().value!);
    parsedBodies.set(body, template);
  }
  return structuredClone(template);
}

function parseTemplateUncached(body: string): CfnTemplate {
  let value: Partial<CfnTemplate> | null;
  try {
    value = readTemplateYaml(body) as Partial<CfnTemplate> | null;
  } catch (e) {
    if (!(e instanceof TemplateYamlError)) throw e;
    throw validation(`Template format error: YAML not well-formed. (line ${e.line}, column ${e.column})`);
  }
  if (!value || typeof value !== 'object' || !value.Resources || typeof value.Resources !== 'object') {
    throw validation('Template format error: At least one Resources member must be defined.');
  }
  for (const [id, resource] of Object.entries(value.Resources)) {
    if (!resource || typeof resource.Type !== 'string') {
      throw validation(`Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`);
    }
  }
  return {
    Parameters: value.Parameters ?? {},
    Mappings: value.Mappings ?? {},
    Conditions: value.Conditions ?? {},
    Resources: value.Resources,
    Outputs: value.Outputs ?? {},
  };
}

/**
 * The stack's parameter values: the given ones over the defaults, checked against the declaration's
 * constraints. Unknown and missing parameters and values outside the constraints are ValidationErrors, as
 * CreateStack and CreateStackSet report them (at the call, before any stack exists).
 */
export function resolveParameters(template: CfnTemplate, given: Record<string, string>): Record<string, string> {
  const unknown = Object.keys(given).filter((k) => !(k in template.Parameters));
  if (unknown.length > 0) throw validation(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, decl] of Object.entries(template.Parameters)) {
    const value = given[name] ?? (decl.Default === undefined ? undefined : stringOf(decl.Default));
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    const broken = brokenConstraint(name, decl, value);
    if (broken)
      throw validation(
        decl.ConstraintDescription === undefined
          ? broken
          : `Parameter ${name} failed to satisfy constraint: ${stringOf(decl.ConstraintDescription)}`,
      );
    values[name] = value;
  }
  if (missing.length > 0) throw validation(`Parameters: [${missing.join(', ')}] must have values`);
  return values;
}

/**
 * CloudFormation's reason for refusing `value`, if it does. Messages as CloudFormation words them: "must be one
 * of AllowedValues" and "must match pattern <p>" are seen in the wild (AllowedPattern matches the whole value);
 * the length and number forms follow Eucalyptus' CloudFormation implementation, not measured against AWS. A
 * ConstraintDescription replaces the reason (the caller's job). List types check each member.
 */
function brokenConstraint(name: string, decl: ParameterDeclaration, value: string): string | undefined {
  const type = decl.Type ?? 'String';
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
  const members = isList ? value.split(',').map((m) => m.trim()) : [value];
  const numeric = type === 'Number' || type === 'List<Number>';
  if (decl.AllowedValues && !decl.AllowedValues.map(stringOf).includes(value))
    return `Parameter '${name}' must be one of AllowedValues`;
  const pattern =
    decl.AllowedPattern === undefined ? undefined : wholeValuePattern(name, stringOf(decl.AllowedPattern));
  for (const member of members) {
    if (pattern && !pattern.test(member))
      return `Parameter '${name}' must match pattern ${stringOf(decl.AllowedPattern)}`;
    if (decl.MinLength !== undefined && member.length < Number(decl.MinLength)) {
      return `Parameter '${name}' must contain at least ${Number(decl.MinLength)} characters`;
    }
    if (decl.MaxLength !== undefined && member.length > Number(decl.MaxLength)) {
      return `Parameter '${name}' must contain at most ${Number(decl.MaxLength)} characters`;
    }
    if (!numeric) continue;
    const number = member.trim() === '' ? NaN : Number(member);
    if (Number.isNaN(number)) return `Parameter '${name}' must be a number`;
    if (decl.MinValue !== undefined && number < Number(decl.MinValue)) {
      return `Parameter '${name}' must be a number not less than ${Number(decl.MinValue)}`;
    }
    if (decl.MaxValue !== undefined && number > Number(decl.MaxValue)) {
      return `Parameter '${name}' must be a number not greater than ${Number(decl.MaxValue)}`;
    }
  }
  return undefined;
}

function wholeValuePattern(name: string, pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw validation(`Template format error: Parameter '${name}' AllowedPattern must be a valid regular expression.`);
  }
}

/** A template value as a parameter's text: lists comma-joined, a structure (never valid there) as JSON. */
function stringOf(value: unknown): string {
  return Array.isArray(value) ? value.map(stringOf).join(',') : (textOf(value) ?? JSON.stringify(value));
}

export interface PseudoParameters {
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
}

/** Answers `Ref` and `Fn::GetAtt` on resources; throws when the resource or attribute does not exist. */
export interface ResourceLookup {
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
}

/** Evaluates conditions and intrinsics of one template for one stack. */
export class TemplateEvaluator {
  private readonly conditionValues = new Map<string, boolean>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly parameters: Record<string, string>,
    private readonly pseudo: PseudoParameters,
    private readonly resources: ResourceLookup,
  ) {}

  /** The value of a named condition (memoised; conditions may refer to other conditions). */
  condition(name: string): boolean {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    if (!(name in this.template.Conditions))
      throw validation(`Template error: unresolved condition dependency ${name}`);
    const value = this.conditionOf(this.template.Conditions[name]);
    this.conditionValues.set(name, value);
    return value;
  }

  /** Whether a resource or output exists under its Condition. */
  included(conditionName: string | undefined): boolean {
    return conditionName === undefined || this.condition(conditionName);
  }

  /** Resolves every intrinsic in a value; keys and list items that resolve to AWS::NoValue disappear. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [only] = entries;
    if (only && entries.length === 1) {
      const [key, arg] = only;
      if (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::')) return this.intrinsic(key, arg);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      const resolved = this.resolve(v);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private conditionOf(value: unknown): boolean {
    const resolved = this.resolve(value);
    if (typeof resolved === 'boolean') return resolved;
    if (resolved === 'true' || resolved === 'false') return resolved === 'true';
    throw validation('Template error: every Condition must evaluate to a boolean');
  }

  private intrinsic(fn: string, arg: unknown): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Condition':
        return this.condition(String(arg));
      case 'Fn::Equals': {
        const [a, b] = this.args(fn, arg, 2);
        return stringOf(this.resolve(a)) === stringOf(this.resolve(b));
      }
      case 'Fn::And':
        return this.args(fn, arg).every((c) => this.conditionOf(c));
      case 'Fn::Or':
        return this.args(fn, arg).some((c) => this.conditionOf(c));
      case 'Fn::Not':
        return !this.conditionOf(this.args(fn, arg, 1)[0]);
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = this.args(fn, arg, 3);
        return this.resolve(this.condition(String(name)) ? whenTrue : whenFalse);
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof arg === 'string' ? splitOnce(arg, '.') : this.args(fn, arg, 2);
        return this.resources.getAtt(String(logicalId), String(this.resolve(attribute)));
      }
      case 'Fn::Join': {
        const [delimiter, items] = this.args(fn, arg, 2);
        return this.list(fn, items).join(String(delimiter));
      }
      case 'Fn::Select': {
        const [index, items] = this.args(fn, arg, 2);
        const list = this.list(fn, items);
        const i = Number(this.resolve(index));
        if (!Number.isInteger(i) || i < 0 || i >= list.length)
          throw validation('Template error: Fn::Select cannot select nonexistent value');
        return list[i];
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.args(fn, arg, 2);
        return String(this.resolve(source)).split(String(delimiter));
      }
      case 'Fn::FindInMap':
        return this.findInMap(this.args(fn, arg, 3).map((a) => String(this.resolve(a))) as [string, string, string]);
      case 'Fn::Base64':
        return Buffer.from(String(this.resolve(arg))).toString('base64');
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolve(arg));
      case 'Fn::Length':
        return this.list(fn, arg).length;
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.pseudo.region}${zone}`);
      default:
        throw validation(`Template error: intrinsic function ${fn} is not supported by the simulator`);
    }
  }

  private args(fn: string, arg: unknown, count?: number): unknown[] {
    if (!Array.isArray(arg) || (count !== undefined && arg.length !== count)) {
      throw validation(`Template error: ${fn} needs a list of ${count ?? 'one or more'} arguments`);
    }
    return arg;
  }

  private list(fn: string, value: unknown): unknown[] {
    const resolved = this.resolve(value);
    if (!Array.isArray(resolved)) throw validation(`Template error: ${fn} needs a list`);
    return resolved;
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.pseudo.region;
      case 'AWS::AccountId':
        return this.pseudo.accountId;
      case 'AWS::StackName':
        return this.pseudo.stackName;
      case 'AWS::StackId':
        return this.pseudo.stackId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const declaration = this.template.Parameters[name];
    if (declaration) {
      const value = this.parameters[name] ?? '';
      return declaration.Type?.startsWith('List<') || declaration.Type === 'CommaDelimitedList'
        ? value.split(',')
        : value;
    }
    if (name in this.template.Resources) return this.resources.ref(name);
    throw validation(
      `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
    );
  }

  private sub(arg: unknown): string {
    const [text, variables] =
      typeof arg === 'string' ? [arg, {}] : (this.args('Fn::Sub', arg, 2) as [string, Record<string, unknown>]);
    const local = new Map(Object.entries(variables ?? {}).map(([k, v]) => [k, this.resolve(v)]));
    return String(text).replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (local.has(name)) return stringOf(local.get(name));
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return this.resources.getAtt(name.slice(0, dot), name.slice(dot + 1));
      return stringOf(this.ref(name));
    });
  }

  private findInMap([map, top, second]: [string, string, string]): unknown {
    const value = this.template.Mappings[map]?.[top]?.[second];
    if (value === undefined) throw validation(`Template error: Unable to get mapping for ${map}::${top}::${second}`);
    return value;
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}

/**
 * Logical ids a value refers to (Ref, Fn::GetAtt, `${X}` / `${X.Attr}` in Fn::Sub), to order creation.
 * Parameters and pseudo parameters are included; callers keep only resource ids.
 */
export function referencedIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, into);
  } else if (value && typeof value === 'object') {
    for (const [key, arg] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Ref' && typeof arg === 'string') into.add(arg);
      else if (key === 'Fn::GetAtt')
        into.add(typeof arg === 'string' ? splitOnce(arg, '.')[0] : String((arg as unknown[])[0]));
      else if (key === 'Fn::Sub') {
        const text = typeof arg === 'string' ? arg : (arg as unknown[])[0];
        for (const [, id = ''] of String(text).matchAll(/\$\{([^!}][^}.]*)[^}]*\}/g)) into.add(id);
        if (Array.isArray(arg)) referencedIds(arg[1], into);
      } else referencedIds(arg, into);
    }
  }
  return into;
}
