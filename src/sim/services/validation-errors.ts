/**
 * How each service answers a request that fails its model's input validation (core/input-validation.ts finds
 * the failure; the wire form is the service's). Sources, also in docs/simulator.md's ledger:
 * - query services (STS, CloudFormation, IAM): `ValidationError`, 400, AWS's "N validation error(s) detected: …"
 *   text (github.com/humanmade/cf-to-tf/issues/5 shows CloudFormation's).
 * - Config (JSON 1.1): `ValidationException`, 400, the same text
 *   (github.com/aws-quickstart/quickstart-compliance-cis-benchmark/issues/4); a value of the wrong JSON type
 *   cannot be deserialised: `SerializationException`, 400.
 * - Organizations (JSON 1.1): `InvalidInputException` with a `Reason` from the model's
 *   InvalidInputExceptionReason enum; the INVALID_PATTERN text is the one AWS sends ("You provided a value that
 *   does not match the required pattern.", github.com/aws-ia/terraform-aws-control_tower_account_factory/issues/287);
 *   the other texts paraphrase the model's documentation of each reason.
 * - CloudWatch Logs (JSON 1.1): `InvalidParameterException`, 400, the same "N validation error(s) detected: …" text
 *   (github.com/fluent-plugins-nursery/fluent-plugin-cloudwatch-logs/issues/223).
 */
import { SimServiceError } from '../core/errors.js';
import {
  describeValue,
  validationMessage,
  type ConstraintKind,
  type ConstraintViolation,
  type InputCheck,
} from '../core/input-validation.js';

type FailedCheck = Exclude<InputCheck, { ok: true }>;

/** Turns a failed input check into the error the service sends. */
export type InvalidInputAnswer = (check: FailedCheck) => SimServiceError;

/** Query services: every failure, type or constraint, is a ValidationError. */
export const queryInvalidInput: InvalidInputAnswer = (check) => {
  if (check.type) {
    // AWS's exact text for an unconvertible query value is not documented; the shape is named instead.
    const { value, path, expected } = check.type;
    return new SimServiceError(
      'ValidationError',
      `1 validation error detected: Value ${describeValue(value)} at '${path}' failed to satisfy constraint: Member must be of type ${expected}`,
    );
  }
  return new SimServiceError('ValidationError', validationMessage(check.violations));
};

function serializationError(check: Extract<FailedCheck, { type: object }>): SimServiceError {
  const { value, path, expected } = check.type;
  return new SimServiceError(
    'SerializationException',
    `Cannot deserialize ${describeValue(value)} at '${path}' as ${expected}`,
  );
}

/** Config and other Coral JSON services: ValidationException, or SerializationException for a wrong JSON type. */
export const jsonInvalidInput: InvalidInputAnswer = (check) =>
  check.type
    ? serializationError(check)
    : new SimServiceError('ValidationException', validationMessage(check.violations));

/** CloudWatch Logs: InvalidParameterException with the usual text, or SerializationException for a wrong JSON type. */
export const logsInvalidInput: InvalidInputAnswer = (check) =>
  check.type
    ? serializationError(check)
    : new SimServiceError('InvalidParameterException', validationMessage(check.violations));

const ORGANIZATIONS_REASONS: Record<ConstraintKind, { reason: string; text: (v: ConstraintViolation) => string }> = {
  required: { reason: 'INPUT_REQUIRED', text: (v) => `You must specify a value for ${v.member}.` },
  pattern: { reason: 'INVALID_PATTERN', text: () => 'You provided a value that does not match the required pattern.' },
  minLength: {
    reason: 'MIN_LENGTH_EXCEEDED',
    text: (v) => `You provided a value for ${v.member} that is shorter than allowed.`,
  },
  maxLength: {
    reason: 'MAX_LENGTH_EXCEEDED',
    text: (v) => `You provided a value for ${v.member} that is longer than allowed.`,
  },
  enum: { reason: 'INVALID_ENUM', text: () => 'You specified an invalid value.' },
  minValue: {
    reason: 'MIN_VALUE_EXCEEDED',
    text: (v) => `You provided a value for ${v.member} that is smaller than allowed.`,
  },
  maxValue: {
    reason: 'MAX_VALUE_EXCEEDED',
    text: (v) => `You provided a value for ${v.member} that is larger than allowed.`,
  },
};

/** Organizations: one InvalidInputException naming the first problem's Reason. */
export const organizationsInvalidInput: InvalidInputAnswer = (check) => {
  if (check.type) return serializationError(check);
  const first = check.violations[0];
  const { reason, text } = ORGANIZATIONS_REASONS[first.constraint];
  return new SimServiceError('InvalidInputException', text(first), 400, true, { Reason: reason });
};

/** EC2: `InvalidParameterValue` (a value that breaks a constraint) or `MissingParameter`, as EC2's error code list documents them. */
export const ec2InvalidInput: InvalidInputAnswer = (check) => {
  if (check.type)
    return new SimServiceError(
      'InvalidParameterValue',
      `Invalid value ${describeValue(check.type.value)} for ${check.type.path}`,
    );
  const first = check.violations[0];
  return first.constraint === 'required'
    ? new SimServiceError('MissingParameter', `The request must contain the parameter ${first.member}`)
    : new SimServiceError('InvalidParameterValue', validationMessage(check.violations));
};
