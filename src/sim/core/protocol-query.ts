/**
 * The awsQuery wire protocol (STS, CloudFormation, IAM): form-urlencoded requests, XML responses.
 *
 * Decoding is generic, so every action of every query service gets the same shapes: `X.member.N` becomes an
 * array, `X.member.N.Y` an array of objects, `X.entry.N.key` / `X.entry.N.value` a map (a plain object), and
 * every leaf stays a string. Encoding is generic too: plain objects are structures, arrays are `<member>`
 * lists, `Map` instances are `<entry><key/><value/></entry>` maps, Dates are ISO 8601.
 */
import type { SimServiceError } from './errors.js';

/** A decoded query request. */
export interface QueryRequest {
  action: string;
  version?: string;
  input: Record<string, unknown>;
}

/** A form body split on its dotted names, before any protocol decides what a list looks like. */
export type RawNode = { [segment: string]: RawNode | string };

/** Decodes an `Action=…&Version=…&…` body into the action and its nested input. */
export function decodeQueryBody(body: string): QueryRequest {
  return decodeFormBody(body, normaliseNode);
}

/** Splits a form body into Action, Version and the dotted names as a tree, which `normalise` turns into the input. */
export function decodeFormBody(body: string, normalise: (node: RawNode) => unknown): QueryRequest {
  const raw: RawNode = {};
  let action = '';
  let version: string | undefined;
  for (const [key, value] of new URLSearchParams(body)) {
    if (key === 'Action') action = value;
    else if (key === 'Version') version = value;
    else setPath(raw, key.split('.'), value);
  }
  return { action, version, input: normalise(raw) as Record<string, unknown> };
}

function setPath(root: RawNode, segments: string[], value: string): void {
  let node = root;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next === 'object') {
      node = next;
    } else {
      // A scalar and a nested value under one name cannot both be meant; the nested one wins.
      const created: RawNode = {};
      node[segment] = created;
      node = created;
    }
  }
  const last = segments.at(-1);
  if (last !== undefined && typeof node[last] !== 'object') node[last] = value;
}

function byIndex(node: RawNode): Array<RawNode | string> {
  return Object.entries(node)
    .filter(([k]) => /^\d+$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

function normaliseNode(node: RawNode | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'member' && typeof node.member === 'object') {
    return byIndex(node.member).map(normaliseNode);
  }
  if (keys.length === 1 && keys[0] === 'entry' && typeof node.entry === 'object') {
    const map: Record<string, unknown> = {};
    for (const entry of byIndex(node.entry)) {
      if (typeof entry !== 'object') continue;
      const key = entry.key;
      if (typeof key === 'string') map[key] = normaliseNode(entry.value ?? '');
    }
    return map;
  }
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, normaliseNode(child)]));
}

/**
 * A query list member as an array. The SDK sends an empty list as `Name=` (an empty string), and leaves the
 * member out when it is undefined; both come back as [].
 */
export function queryList<T = unknown>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  return [];
}

/** Escapes text for XML element content. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The element each list item of a query response is in (botocore's default, which no served query model overrides). */
export const QUERY_LIST_ITEM = 'member';

/**
 * The XML of a response value in the query protocols: structures as elements named by member, `Date` as ISO 8601,
 * `Map` instances as `<entry>` key/value pairs, and list items in `<member>` (query) or `<item>` (EC2's protocol).
 */
export function encodeXmlStructure(structure: Record<string, unknown>, listItem: 'member' | 'item'): string {
  const encodeValue = (value: unknown): string => {
    if (value instanceof Date) return escapeXml(value.toISOString());
    if (Array.isArray(value)) return value.map((item) => `<${listItem}>${encodeValue(item)}</${listItem}>`).join('');
    if (value instanceof Map) {
      let xml = '';
      for (const [key, item] of value) {
        xml += `<entry><key>${escapeXml(String(key))}</key><value>${encodeValue(item)}</value></entry>`;
      }
      return xml;
    }
    if (value !== null && typeof value === 'object') return encodeStructure(value as Record<string, unknown>);
    return escapeXml(String(value));
  };
  const encodeStructure = (members: Record<string, unknown>): string => {
    let xml = '';
    for (const [name, value] of Object.entries(members)) {
      if (value === undefined || value === null) continue;
      xml += `<${name}>${encodeValue(value)}</${name}>`;
    }
    return xml;
  };
  return encodeStructure(structure);
}

/** Encodes an action's output as `<{Action}Response><{Action}Result>…` with the request id. */
export function encodeQueryResponse(
  action: string,
  xmlns: string,
  output: Record<string, unknown>,
  requestId: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${xmlns}"><${action}Result>${encodeXmlStructure(output, QUERY_LIST_ITEM)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** Encodes a service error as the query `<ErrorResponse>` envelope. */
export function encodeQueryError(error: SimServiceError, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse><Error><Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
