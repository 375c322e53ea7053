/** The `application/x-amz-json-1.1` content type the SDK sends and expects. */
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
/** The action named by an `X-Amz-Target` header, or undefined when the prefix is not the service's. */
export function actionFromTarget(target, prefix) {
    if (!target?.startsWith(`${prefix}.`))
        return undefined;
    return target.slice(prefix.length + 1);
}
/** Parses a JSON request body; an empty body is an empty input. */
export function decodeJsonBody(body) {
    if (body.trim() === '')
        return {};
    const parsed = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
}
/** Converts handler output to its JSON form: Date → epoch seconds, Map → object, undefined members dropped. */
export function toJsonValue(value) {
    if (value instanceof Date)
        return value.getTime() / 1000;
    if (Array.isArray(value))
        return value.map(toJsonValue);
    if (value instanceof Map) {
        const out = {};
        for (const [key, item] of value)
            out[String(key)] = toJsonValue(item);
        return out;
    }
    if (value !== null && typeof value === 'object') {
        const out = {};
        for (const [key, item] of Object.entries(value)) {
            if (item !== undefined)
                out[key] = toJsonValue(item);
        }
        return out;
    }
    return value;
}
/** Serialises an action's output. */
export function encodeJsonResponse(output) {
    return JSON.stringify(toJsonValue(output));
}
/**
 * Serialises an error. `Message` is what Organizations and Config send; `message` is kept too so that any
 * reader finds it (the SDK reads either).
 */
export function encodeJsonError(error) {
    return JSON.stringify({ __type: error.code, message: error.message, Message: error.message });
}
//# sourceMappingURL=protocol-json.js.map