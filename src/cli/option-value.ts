import { UsageError } from '../errors.js';

/**
 * One flag's value as text. yargs hands a handler `unknown`s, and a repeated single-value flag (`--account 1
 * --account 2`) arrives as an array: joined with commas it would become one bogus value, so it is refused here.
 */
export function optionText(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const given = Array.isArray(value) ? `${value.length} values` : `a ${typeof value}`;
  throw new UsageError(`--${flag} takes one value and was given ${given}: pass it once.`);
}

/** A repeatable flag's values as text (`--ou A --ou B`, or one `--ou A`). */
export function optionTexts(value: unknown, flag: string): string[] {
  const values: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map((v) => optionText(v, flag) ?? '');
}
