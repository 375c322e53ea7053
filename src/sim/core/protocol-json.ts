/**
 * The AWS JSON 1.1 wire protocol (Organizations, Config): the action comes from `X-Amz-Target`
 * (`<Prefix>.<Action>`), the input and output are JSON bodies. Timestamps go out as epoch seconds.
 */
import type { SimServiceError } from './errors.js';

/** The `application/x-amz-json-1.1` content type the SDK sends and expects. */
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The action named by an `X-Amz-Target` header, or undefined when the prefix is not the service's. */
export function actionFromTarget(target: string | undefined, prefix: string): string | undefined {
  if (!target?.startsWith(`${prefix}.`)) return undefined;
  return target.slice(prefix.length + 1);
}

/** Parses a JSON request body; an empty body is an empty input; anything but a JSON object throws. */
export function decodeJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const parsed: unknown = JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('the request body is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** Converts handler output to its JSON form: Date → epoch seconds, Map → object, undefined members dropped. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) out[String(key)] = toJsonValue(item);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJsonValue(item);
    }
    return out;
  }
  return value;
}

/** Serialises an action's output. */
export function encodeJsonResponse(output: Record<string, unknown>): string {
  return JSON.stringify(toJsonValue(output));
}

/**
 * Serialises an error. `Message` is what Organizations and Config send; `message` is kept too so that any
 * reader finds it (the SDK reads either).
 */
export function encodeJsonError(error: SimServiceError): string {
  return JSON.stringify({ __type: error.code, message: error.message, Message: error.message, ...error.fields });
}
