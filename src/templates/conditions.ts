import { intrinsicName, isRecord, type CfnTemplate } from './template-model.js';

/** Values for `Ref` while evaluating conditions: parameters (defaults filled in) and pseudo parameters. */
export type RefValues = Readonly<Record<string, string>>;

/**
 * Evaluates every condition of a template for a set of parameter values, the way CloudFormation does at
 * deploy time, so tests (and the simulator) can tell which resources a stack instance gets.
 * Parameters missing from `values` take their Default; `pseudo` supplies `AWS::Region` and friends.
 */
export function evaluateConditions(
  template: CfnTemplate,
  values: RefValues,
  pseudo: RefValues = {},
): Record<string, boolean> {
  const refs: Record<string, string> = { ...pseudo };
  for (const [name, parameter] of Object.entries(template.Parameters)) {
    const value: unknown = values[name] ?? parameter.Default;
    // CloudFormation passes every parameter value as a string (a Number or List default included).
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      refs[name] = String(value);
    else if (Array.isArray(value)) refs[name] = value.join(',');
  }
  const results: Record<string, boolean> = {};
  const evaluating = new Set<string>();

  const condition = (name: string): boolean => {
    const known = results[name];
    if (known !== undefined) return known;
    if (!(name in template.Conditions)) throw new Error(`unknown condition ${name}`);
    if (evaluating.has(name)) throw new Error(`condition ${name} depends on itself`);
    evaluating.add(name);
    const result = truth(template.Conditions[name]);
    evaluating.delete(name);
    results[name] = result;
    return result;
  };

  const scalar = (value: unknown): string => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (isRecord(value) && typeof value.Ref === 'string') {
      const referenced = refs[value.Ref];
      if (referenced === undefined) throw new Error(`no value for Ref ${value.Ref}`);
      return referenced;
    }
    throw new Error(`cannot evaluate ${JSON.stringify(value)} in a condition`);
  };

  const truth = (value: unknown): boolean => {
    const fn = intrinsicName(value);
    const arg = fn ? (value as Record<string, unknown>)[fn] : undefined;
    switch (fn) {
      case 'Condition':
        return condition(String(arg));
      case 'Fn::Equals': {
        const [a, b] = arg as unknown[];
        return scalar(a) === scalar(b);
      }
      case 'Fn::Not':
        return !truth((arg as unknown[])[0]);
      case 'Fn::And':
        return (arg as unknown[]).every(truth);
      case 'Fn::Or':
        return (arg as unknown[]).some(truth);
      default:
        throw new Error(`unsupported condition function in ${JSON.stringify(value)}`);
    }
  };

  for (const name of Object.keys(template.Conditions)) condition(name);
  return results;
}

/** The logical ids of the resources a stack gets under the evaluated conditions. */
export function activeResourceIds(template: CfnTemplate, conditions: Record<string, boolean>): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Condition === undefined || conditions[resource.Condition])
    .map(([id]) => id);
}

/**
 * Resolves the `Fn::If` branches of a value under the evaluated conditions (other intrinsics are left as
 * they are), e.g. to read a remediation's `Automatic` or an event rule's `State` for a given mode.
 */
export function resolveIfs(value: unknown, conditions: Record<string, boolean>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIfs(item, conditions));
  if (!isRecord(value)) return value;
  if (intrinsicName(value) === 'Fn::If') {
    const [name, whenTrue, whenFalse] = value['Fn::If'] as [string, unknown, unknown];
    return resolveIfs(conditions[name] ? whenTrue : whenFalse, conditions);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIfs(v, conditions)]));
}
