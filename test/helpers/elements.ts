/**
 * Reading an element a test expects to be there. With `noUncheckedIndexedAccess`, `xs[0]` is `T | undefined`; these
 * throw an error naming what was missing and what the array held instead, so a test fails where the expectation broke
 * rather than with "cannot read properties of undefined" lines later.
 */

/** The one element of `xs`; throws unless it has exactly one. */
export function only<T>(xs: readonly T[], what = 'element'): T {
  if (xs.length !== 1) throw new Error(`expected exactly one ${what}, got ${xs.length}: ${preview(xs)}`);
  return xs[0] as T;
}

/** The element at `index` (negative counts from the end, as `Array.prototype.at`); throws if there is none. */
export function at<T>(xs: readonly T[], index: number, what = 'element'): T {
  const position = index < 0 ? xs.length + index : index;
  if (position < 0 || position >= xs.length) {
    throw new Error(`expected ${what} at index ${index}, got ${xs.length}: ${preview(xs)}`);
  }
  return xs[position] as T;
}

/** `value` unless it is undefined; throws naming `what` (a record entry, a regex group, a found item). */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what} to be defined`);
  return value;
}

function preview(xs: readonly unknown[]): string {
  let text: string;
  try {
    text = JSON.stringify(xs);
  } catch {
    text = String(xs);
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
