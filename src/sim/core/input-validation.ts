/**
 * Validates a decoded request against its operation's input shape before any behaviour runs, as AWS's request
 * front end does: first the types (a JSON value of the wrong type cannot be deserialised at all), then the
 * constraints (required members, string lengths, patterns, enums, numeric ranges, list and map sizes). What the
 * failure looks like on the wire is the service's choice (services/index.ts); this module only finds it.
 *
 * Paths and constraint texts follow AWS's own validation messages, e.g. CloudFormation's "1 validation error
 * detected: Value 'x' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression
 * pattern: …" (github.com/humanmade/cf-to-tf/issues/5) and Config's "Value '…' at
 * 'evaluations.1.member.annotation' failed to satisfy constraint: Member must have length less than or equal to
 * 256" (github.com/aws-quickstart/quickstart-compliance-cis-benchmark/issues/4).
 */
import type { CompiledShape, StructureShape } from './service-models.js';
import { textOf } from './input-values.js';

/** How the request's values arrive: JSON 1.1 bodies keep their JSON types; query bodies are all strings. */
/** `ec2` carries values as strings like `query` (its inputs arrive renamed to the model's member names). */
export type WireForm = 'json' | 'query' | 'ec2';

export type ConstraintKind = 'required' | 'minLength' | 'maxLength' | 'pattern' | 'enum' | 'minValue' | 'maxValue';

/** A value that breaks a constraint of the model. */
export interface ConstraintViolation {
  /** AWS's path: members with a lower-case first letter, list items as `.N.member` (1-based). */
  path: string;
  /** The member's name as the API spells it (the last segment). */
  member: string;
  value: unknown;
  constraint: ConstraintKind;
  /** AWS's constraint text, e.g. `Member must have length less than or equal to 64`. */
  text: string;
}

/** A value whose type is not the shape's (JSON: cannot be deserialised; query: cannot be converted). */
export interface TypeViolation {
  path: string;
  member: string;
  value: unknown;
  /** The shape's type and name, e.g. `integer (MaxResults)`. */
  expected: string;
}

export type InputCheck =
  | { ok: true }
  | { ok: false; type: TypeViolation }
  | { ok: false; type?: undefined; violations: [ConstraintViolation, ...ConstraintViolation[]] };

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** Java's rendering of a value in AWS's messages: `'text'`, `null`, `'[a, b]'`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `'[${value.map((v) => (typeof v === 'object' ? '…' : String(v))).join(', ')}]'`;
  if (typeof value === 'object') return `'{…}'`;
  return `'${textOf(value) ?? typeof value}'`;
}

/** AWS's one-line summary: `2 validation errors detected: Value … at '…' failed to satisfy constraint: …; …`. */
export function validationMessage(violations: readonly ConstraintViolation[]): string {
  const n = violations.length;
  const each = violations.map(
    (v) => `Value ${describeValue(v.value)} at '${v.path}' failed to satisfy constraint: ${v.text}`,
  );
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${each.join('; ')}`;
}

class TypeMismatch extends Error {
  constructor(readonly violation: TypeViolation) {
    super(`${violation.path}: expected ${violation.expected}`);
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A query value as a number, or undefined when it is not one. */
function queryNumber(text: string, integral: boolean): number | undefined {
  const pattern = integral ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  return pattern.test(text.trim()) ? Number(text) : undefined;
}

class Walker {
  readonly violations: ConstraintViolation[] = [];

  constructor(private readonly form: WireForm) {}

  private mismatch(path: string, member: string, value: unknown, shape: CompiledShape): never {
    throw new TypeMismatch({ path, member, value, expected: `${shape.kind} (${shape.name})` });
  }

  private violate(path: string, member: string, value: unknown, constraint: ConstraintKind, text: string): void {
    this.violations.push({ path, member, value, constraint, text });
  }

  private size(
    path: string,
    member: string,
    value: unknown,
    length: number,
    shape: { min?: number; max?: number },
  ): void {
    if (shape.min !== undefined && length < shape.min) {
      this.violate(path, member, value, 'minLength', `Member must have length greater than or equal to ${shape.min}`);
    }
    if (shape.max !== undefined && length > shape.max) {
      this.violate(path, member, value, 'maxLength', `Member must have length less than or equal to ${shape.max}`);
    }
  }

  structure(shape: StructureShape, value: Record<string, unknown>, path: string): void {
    for (const required of shape.required) {
      const present = value[required];
      if (present === undefined || present === null) {
        this.violate(this.join(path, required), required, undefined, 'required', 'Member must not be null');
      }
    }
    for (const [member, memberShape] of shape.members) {
      const item = value[member];
      // JSON null is an absent member; unknown members are ignored, as the SDKs' own serialisers never send them.
      if (item === undefined || item === null) continue;
      this.value(memberShape, item, this.join(path, member), member);
    }
  }

  private join(path: string, member: string): string {
    return path === '' ? lowerFirst(member) : `${path}.${lowerFirst(member)}`;
  }

  value(shape: CompiledShape, value: unknown, path: string, member: string): void {
    switch (shape.kind) {
      case 'structure':
        // The query protocol sends an empty structure as `Name=` (nothing to check in it).
        if (this.form !== 'json' && value === '') return;
        if (!isPlainObject(value)) this.mismatch(path, member, value, shape);
        this.structure(shape, value, path);
        return;
      case 'list': {
        // The query protocol sends an empty list as `Name=`.
        const items = this.form !== 'json' && value === '' ? [] : value;
        if (!Array.isArray(items)) this.mismatch(path, member, value, shape);
        this.size(path, member, items, items.length, shape);
        items.forEach((item, i) => this.value(shape.member, item, `${path}.${i + 1}.member`, member));
        return;
      }
      case 'map': {
        if (!isPlainObject(value)) this.mismatch(path, member, value, shape);
        const entries = Object.entries(value);
        this.size(path, member, value, entries.length, shape);
        for (const [key, item] of entries) {
          this.value(shape.key, key, `${path}.${key}.key`, member);
          this.value(shape.value, item, `${path}.${key}.value`, member);
        }
        return;
      }
      case 'string': {
        if (typeof value !== 'string') this.mismatch(path, member, value, shape);
        this.size(path, member, value, value.length, shape);
        if (shape.patternRegex && !shape.patternRegex.test(value)) {
          this.violate(
            path,
            member,
            value,
            'pattern',
            `Member must satisfy regular expression pattern: ${shape.pattern}`,
          );
        }
        if (shape.enum && !shape.enum.has(value)) {
          this.violate(
            path,
            member,
            value,
            'enum',
            `Member must satisfy enum value set: [${[...shape.enum].join(', ')}]`,
          );
        }
        return;
      }
      case 'integer':
      case 'long':
      case 'float':
      case 'double': {
        const integral = shape.kind === 'integer' || shape.kind === 'long';
        const number =
          this.form !== 'json' && typeof value === 'string'
            ? queryNumber(value, integral)
            : typeof value === 'number'
              ? value
              : undefined;
        if (number === undefined || Number.isNaN(number) || (integral && !Number.isInteger(number)))
          this.mismatch(path, member, value, shape);
        if (shape.min !== undefined && number < shape.min) {
          this.violate(path, member, value, 'minValue', `Member must have value greater than or equal to ${shape.min}`);
        }
        if (shape.max !== undefined && number > shape.max) {
          this.violate(path, member, value, 'maxValue', `Member must have value less than or equal to ${shape.max}`);
        }
        return;
      }
      case 'boolean': {
        const ok = this.form !== 'json' ? value === 'true' || value === 'false' : typeof value === 'boolean';
        if (!ok) this.mismatch(path, member, value, shape);
        return;
      }
      case 'timestamp': {
        // JSON 1.1 sends epoch seconds; query sends ISO 8601. Either form is accepted on either wire.
        const ok = typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
        if (!ok) this.mismatch(path, member, value, shape);
        return;
      }
      case 'blob':
        if (typeof value !== 'string') this.mismatch(path, member, value, shape);
        return;
    }
  }
}

/** Checks a request's input against the operation's input shape (an operation without input accepts anything). */
export function validateInput(
  shape: StructureShape | undefined,
  input: Record<string, unknown>,
  form: WireForm,
): InputCheck {
  if (!shape) return { ok: true };
  const walker = new Walker(form);
  try {
    walker.structure(shape, input, '');
  } catch (error) {
    if (error instanceof TypeMismatch) return { ok: false, type: error.violation };
    throw error;
  }
  const [first, ...rest] = walker.violations;
  return first === undefined ? { ok: true } : { ok: false, violations: [first, ...rest] };
}
