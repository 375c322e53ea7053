/**
 * A value a test reads without a schema and asserts the shape of: a simulator handler's raw output, the AWS CLI's
 * `--output json`, a Lambda handler's result. A missing or misnamed member fails the assertion that reads it, so
 * `any` here hides no bug the way it would in src/; typing each of these answers would restate AWS's models.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place tests declare `any`: see above
export type UntypedJson = any;
