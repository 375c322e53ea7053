/*
 * The bounds the remediation template puts on the parameters cisfleet sets, written once: the accounts.yaml
 * schema takes its bounds from here, and checkRemediationTemplate fails when the template's Parameters say
 * otherwise, so a value `cisfleet validate` accepts is a value CloudFormation accepts.
 */

/** A Number parameter's MinValue and MaxValue, by template parameter name. */
export const NUMBER_PARAMETER_BOUNDS = {
  MaxAccessKeyAge: { min: 1, max: 1095 },
  DeleteGraceDays: { min: 1, max: 365 },
  MaxCredentialUsageAge: { min: 1, max: 365 },
  RemediationMaxAttempts: { min: 1, max: 25 },
  RemediationRetrySeconds: { min: 1, max: 2_678_000 },
} as const satisfies Record<string, { min: number; max: number }>;

export type BoundedParameter = keyof typeof NUMBER_PARAMETER_BOUNDS;

/**
 * SSM reserves these document name prefixes for AWS (CreateDocument, Name: "You can't use the following
 * strings as document name prefixes… aws, amazon, amzn"). The template names its runbook
 * `<prefix>-RevokeWorldOpenAdminPorts`, so the resource prefix must not start with them either.
 */
export const RESERVED_DOCUMENT_PREFIXES = ['aws', 'amazon', 'amzn'] as const;

/**
 * ResourcePrefix's AllowedPattern (a Java regular expression, which CloudFormation applies): 2–20
 * characters of a-z, 0-9 and -, starting with a letter, not ending with - (cisfleet adds one), and not
 * starting with a prefix SSM reserves.
 */
export const RESOURCE_PREFIX_PATTERN = `^(?!${RESERVED_DOCUMENT_PREFIXES.join('|')})[a-z][a-z0-9-]{0,18}[a-z0-9]$`;
export const RESOURCE_PREFIX_LENGTH = { min: 2, max: 20 } as const;
