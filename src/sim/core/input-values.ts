/**
 * Reading a simulator request's input and a template's resource properties, which arrive as parsed JSON (or
 * query strings) and are checked against AWS's model only for what the model says: handlers narrow each value
 * here instead of reading `any`.
 */

/** A structure's members by name. */
export type Fields = Readonly<Record<string, unknown>>;

export const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A nested structure, or an empty one when it is absent (or not a structure). */
export const fieldsOf = (value: unknown): Fields => (isFields(value) ? value : {});

/** A list of structures; anything else is an empty list. */
export const fieldsListOf = (value: unknown): Fields[] => (Array.isArray(value) ? value.filter(isFields) : []);

/** A scalar as text (query bodies spell numbers and booleans as text too); undefined for anything else. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** A list of scalars as text; a single scalar is a list of one. */
export function textsOf(value: unknown): string[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.map(textOf).filter((text): text is string => text !== undefined);
}
