import { error } from './problems.js';
import { accountsFileSchema } from './schema.js';
import { didYouMean } from './suggest.js';
/** Checks `value` (read from `doc`) against the accounts.yaml schema, applying its defaults. */
export function applySchema(value, doc) {
    const parsed = accountsFileSchema.safeParse(value, { error: issueMessage, reportInput: true });
    // The controls section is built from the catalog at run time; AccountsFile spells out its type.
    if (parsed.success)
        return { ok: true, file: parsed.data };
    const lookup = {
        knownKeys: (path) => objectKeysAt(accountsFileSchema, path),
        hasKey: (path) => doc.hasIn(path),
    };
    return { ok: false, problems: parsed.error.issues.flatMap((issue) => problemsFromIssue(issue, lookup)), sections: validSections(value) };
}
function validSections(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return {};
    const given = value;
    const sections = Object.entries(accountsFileSchema.shape).flatMap(([key, schema]) => {
        const parsed = schema.safeParse(given[key]);
        return parsed.success ? [[key, parsed.data]] : [];
    });
    return Object.fromEntries(sections);
}
/**
 * The message for an issue whose schema has no message of its own. Passed to safeParse as its error map:
 * messages set on a schema win over it.
 */
function issueMessage(issue) {
    const input = issue.input;
    switch (issue.code) {
        case 'invalid_type':
            return input === undefined ? 'is missing' : `expected ${article(issue.expected)}, found ${describe(input)}`;
        case 'invalid_value': {
            const values = issue.values.map(String);
            if (values.length === 1)
                return `must be ${JSON.stringify(issue.values[0])}`;
            return `${JSON.stringify(input)} is not one of ${values.join(', ')}${didYouMean(String(input), values)}`;
        }
        case 'too_small':
        case 'too_big': {
            const bound = issue.code === 'too_small' ? 'at least' : 'at most';
            const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
            const plural = Number(limit) === 1 ? '' : 's';
            const unit = issue.origin === 'string' ? ` character${plural}` : issue.origin === 'array' ? ` item${plural}` : '';
            return `${issue.origin === 'array' || issue.origin === 'string' ? 'needs' : 'must be'} ${bound} ${String(limit)}${unit}${issue.origin === 'array' || issue.origin === 'string' ? '' : `, found ${describe(input)}`}`;
        }
        case 'invalid_format':
            return `${describe(input)} is not in the expected format${issue.pattern ? ` (${issue.pattern})` : ''}`;
        default:
            return undefined;
    }
}
/** Problems for one zod issue. */
function problemsFromIssue(issue, document) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
        const allowed = document.knownKeys(path);
        return issue.keys.map((key) => ({
            ...error([...path, key], `unknown key "${key}"${didYouMean(key, allowed) || (allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '')}`),
            atKey: true,
        }));
    }
    if (issue.code === 'invalid_key') {
        const key = String(path[path.length - 1]);
        return [{ ...error(path, `key "${key}": ${issue.issues.map((inner) => inner.message).join('; ')}`), atKey: true }];
    }
    // Whatever the check (type, enum, literal), no input at all means the key is not there.
    if (issue.input === undefined && path.length > 0) {
        const key = String(path[path.length - 1]);
        // A key written without a value reads as not given; say so at the key rather than calling it missing.
        return document.hasKey(path)
            ? [{ ...error(path, `"${key}" has no value`), atKey: true }]
            : [error(path.slice(0, -1), `missing required key "${key}"`)];
    }
    return [error(path, issue.message)];
}
/** The keys of the (strict) object schema at `path`, looking through defaults, optionals, arrays and records. */
function objectKeysAt(schema, path) {
    let current = unwrap(schema);
    for (const segment of path) {
        if (!current)
            return [];
        const def = current._zod.def;
        const next = def.type === 'object'
            ? def.shape[String(segment)]
            : def.type === 'array'
                ? def.element
                : def.type === 'record'
                    ? def.valueType
                    : undefined;
        current = next === undefined ? undefined : unwrap(next);
    }
    const def = current?._zod.def;
    return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
function unwrap(schema) {
    let current = schema;
    for (;;) {
        const def = current._zod.def;
        if (def.innerType)
            current = def.innerType;
        else if (def.type === 'pipe' && def.in)
            current = def.in;
        else
            return current;
    }
}
function describe(value) {
    if (value === null)
        return 'nothing (null)';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a map';
    if (typeof value === 'string')
        return JSON.stringify(value);
    return `${typeof value} ${String(value)}`;
}
function article(expected) {
    const names = { object: 'a map', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', int: 'a whole number' };
    return names[expected] ?? expected;
}
//# sourceMappingURL=apply-schema.js.map