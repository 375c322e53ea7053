import { intrinsicName, isRecord } from './template-model.js';
/**
 * Evaluates every condition of a template for a set of parameter values, the way CloudFormation does at
 * deploy time, so tests (and the simulator) can tell which resources a stack instance gets.
 * Parameters missing from `values` take their Default; `pseudo` supplies `AWS::Region` and friends.
 */
export function evaluateConditions(template, values, pseudo = {}) {
    const refs = { ...pseudo };
    for (const [name, parameter] of Object.entries(template.Parameters)) {
        const value = values[name] ?? parameter.Default;
        if (value !== undefined)
            refs[name] = String(value);
    }
    const results = {};
    const evaluating = new Set();
    const condition = (name) => {
        if (name in results)
            return results[name];
        if (!(name in template.Conditions))
            throw new Error(`unknown condition ${name}`);
        if (evaluating.has(name))
            throw new Error(`condition ${name} depends on itself`);
        evaluating.add(name);
        results[name] = truth(template.Conditions[name]);
        evaluating.delete(name);
        return results[name];
    };
    const scalar = (value) => {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
            return String(value);
        if (isRecord(value) && typeof value.Ref === 'string') {
            if (!(value.Ref in refs))
                throw new Error(`no value for Ref ${value.Ref}`);
            return refs[value.Ref];
        }
        throw new Error(`cannot evaluate ${JSON.stringify(value)} in a condition`);
    };
    const truth = (value) => {
        const fn = intrinsicName(value);
        const arg = fn ? value[fn] : undefined;
        switch (fn) {
            case 'Condition':
                return condition(String(arg));
            case 'Fn::Equals': {
                const [a, b] = arg;
                return scalar(a) === scalar(b);
            }
            case 'Fn::Not':
                return !truth(arg[0]);
            case 'Fn::And':
                return arg.every(truth);
            case 'Fn::Or':
                return arg.some(truth);
            default:
                throw new Error(`unsupported condition function in ${JSON.stringify(value)}`);
        }
    };
    for (const name of Object.keys(template.Conditions))
        condition(name);
    return results;
}
/** The logical ids of the resources a stack gets under the evaluated conditions. */
export function activeResourceIds(template, conditions) {
    return Object.entries(template.Resources)
        .filter(([, resource]) => resource.Condition === undefined || conditions[resource.Condition])
        .map(([id]) => id);
}
/**
 * Resolves the `Fn::If` branches of a value under the evaluated conditions (other intrinsics are left as
 * they are), e.g. to read a remediation's `Automatic` or an event rule's `State` for a given mode.
 */
export function resolveIfs(value, conditions) {
    if (Array.isArray(value))
        return value.map((item) => resolveIfs(item, conditions));
    if (!isRecord(value))
        return value;
    if (intrinsicName(value) === 'Fn::If') {
        const [name, whenTrue, whenFalse] = value['Fn::If'];
        return resolveIfs(conditions[name] ? whenTrue : whenFalse, conditions);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIfs(v, conditions)]));
}
//# sourceMappingURL=conditions.js.map