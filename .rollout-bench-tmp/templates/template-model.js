/** The pseudo parameters a template may `Ref` without declaring them. */
export const PSEUDO_PARAMETERS = [
    'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
    'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
];
/** Reads a template value into the shape above, with empty sections where the template has none. */
export function asCfnTemplate(value) {
    const v = (value ?? {});
    return {
        ...v,
        Parameters: v.Parameters ?? {},
        Conditions: v.Conditions ?? {},
        Resources: v.Resources ?? {},
        Outputs: v.Outputs ?? {},
    };
}
export function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The single key of an intrinsic function object (`{ 'Fn::If': … }` → 'Fn::If'), or undefined. */
export function intrinsicName(value) {
    if (!isRecord(value))
        return undefined;
    const keys = Object.keys(value);
    return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'))
        ? keys[0]
        : undefined;
}
/** Every value reachable from `value` (depth first), intrinsic objects included. */
export function* walk(value) {
    yield value;
    if (Array.isArray(value))
        for (const item of value)
            yield* walk(item);
    else if (isRecord(value))
        for (const item of Object.values(value))
            yield* walk(item);
}
//# sourceMappingURL=template-model.js.map