/** Decodes an `Action=…&Version=…&…` body into the action and its nested input. */
export function decodeQueryBody(body) {
    const raw = {};
    let action = '';
    let version;
    for (const [key, value] of new URLSearchParams(body)) {
        if (key === 'Action')
            action = value;
        else if (key === 'Version')
            version = value;
        else
            setPath(raw, key.split('.'), value);
    }
    return { action, version, input: normaliseNode(raw) };
}
function setPath(root, segments, value) {
    let node = root;
    for (const segment of segments.slice(0, -1)) {
        const next = node[segment];
        if (typeof next === 'object') {
            node = next;
        }
        else {
            // A scalar and a nested value under one name cannot both be meant; the nested one wins.
            const created = {};
            node[segment] = created;
            node = created;
        }
    }
    const last = segments[segments.length - 1];
    if (typeof node[last] !== 'object')
        node[last] = value;
}
function byIndex(node) {
    return Object.keys(node)
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => node[k]);
}
function normaliseNode(node) {
    if (typeof node === 'string')
        return node;
    const keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === 'member' && typeof node.member === 'object') {
        return byIndex(node.member).map(normaliseNode);
    }
    if (keys.length === 1 && keys[0] === 'entry' && typeof node.entry === 'object') {
        const map = {};
        for (const entry of byIndex(node.entry)) {
            if (typeof entry !== 'object')
                continue;
            const key = entry.key;
            if (typeof key === 'string')
                map[key] = normaliseNode(entry.value ?? '');
        }
        return map;
    }
    const out = {};
    for (const key of keys)
        out[key] = normaliseNode(node[key]);
    return out;
}
/**
 * A query list member as an array. The SDK sends an empty list as `Name=` (an empty string), and leaves the
 * member out when it is undefined; both come back as [].
 */
export function queryList(value) {
    if (Array.isArray(value))
        return value;
    return [];
}
/** Escapes text for XML element content. */
export function escapeXml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;');
}
function encodeValue(value) {
    if (value instanceof Date)
        return escapeXml(value.toISOString());
    if (Array.isArray(value)) {
        return value.map((item) => `<member>${encodeValue(item)}</member>`).join('');
    }
    if (value instanceof Map) {
        let xml = '';
        for (const [key, item] of value) {
            xml += `<entry><key>${escapeXml(String(key))}</key><value>${encodeValue(item)}</value></entry>`;
        }
        return xml;
    }
    if (value !== null && typeof value === 'object')
        return encodeStructure(value);
    return escapeXml(String(value));
}
function encodeStructure(structure) {
    let xml = '';
    for (const [name, value] of Object.entries(structure)) {
        if (value === undefined || value === null)
            continue;
        xml += `<${name}>${encodeValue(value)}</${name}>`;
    }
    return xml;
}
/** Encodes an action's output as `<{Action}Response><{Action}Result>…` with the request id. */
export function encodeQueryResponse(action, xmlns, output, requestId) {
    return (`<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<${action}Response xmlns="${xmlns}"><${action}Result>${encodeStructure(output)}</${action}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
}
/** Encodes a service error as the query `<ErrorResponse>` envelope. */
export function encodeQueryError(error, requestId) {
    return (`<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<ErrorResponse><Error><Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
        `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`);
}
//# sourceMappingURL=protocol-query.js.map