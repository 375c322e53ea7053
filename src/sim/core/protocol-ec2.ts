/**
 * The `ec2` wire protocol (botocore's `protocol: "ec2"`): form-urlencoded requests like awsQuery, but lists are
 * flattened without `member` (`Filter.1.Name`, `Filter.1.Value.1`, `GroupId.1`), and responses are
 * `<{Action}Response>` with a `<requestId>` and the output's members directly inside (no `…Result` wrapper),
 * named by their lower-camel `locationName`, lists as `<item>`. Errors are `<Response><Errors><Error>` with a
 * `<RequestID>`.
 *
 * Handlers of ec2 actions return their output already under the wire (locationName) names: EC2's names differ
 * from the member names in ways no rule captures (`securityGroupInfo`, `ipPermissionsEgress`, `tagSet`). The
 * response check (core/output-check.ts) reads them under those names, from the model.
 */
import type { SimServiceError } from './errors.js';
import { decodeFormBody, encodeXmlStructure, escapeXml, type QueryRequest, type RawNode } from './protocol-query.js';

/**
 * The ec2 wire names of list members (singular, e.g. `Filter.1.Value.1`) and the model's member names, for the
 * operations the simulator serves: inputs reach validation and handlers under the model's names.
 */
const MEMBER_NAMES: Readonly<Record<string, string>> = {
  Filter: 'Filters',
  Value: 'Values',
  GroupId: 'GroupIds',
  GroupName: 'GroupNames',
  NetworkInterfaceId: 'NetworkInterfaceIds',
};

/** Decodes an ec2 body: every node whose keys are all indexes (`1`, `2`, …) becomes an array, in index order. */
export function decodeEc2Body(body: string): QueryRequest {
  return decodeFormBody(body, (raw) => renamed(normalise(raw)));
}

function renamed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [
      Array.isArray(v) ? (MEMBER_NAMES[key] ?? key) : key,
      renamed(v),
    ]),
  );
}

function normalise(node: RawNode | string): unknown {
  if (typeof node === 'string') return node;
  const entries = Object.entries(node);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => normalise(child));
  }
  return Object.fromEntries(entries.map(([key, child]) => [key, normalise(child)]));
}

/** The element each list item of an ec2 response is in (the `locationName` EC2's model gives its lists' members). */
export const EC2_LIST_ITEM = 'item';

export function encodeEc2Response(
  action: string,
  xmlns: string,
  output: Record<string, unknown>,
  requestId: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${xmlns}"><requestId>${requestId}</requestId>${encodeXmlStructure(output, EC2_LIST_ITEM)}</${action}Response>`
  );
}

export function encodeEc2Error(error: SimServiceError, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors>` +
    `<RequestID>${requestId}</RequestID></Response>`
  );
}
