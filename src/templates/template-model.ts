/** The parts of a CloudFormation template (long-form JSON, as `parseCfnYaml` gives it) that cisfleet reads. */
export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties?: Record<string, unknown>;
  Metadata?: unknown;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface CfnParameter {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinValue?: number | string;
  MaxValue?: number | string;
  Description?: string;
}

export interface CfnOutput {
  Value: unknown;
  Condition?: string;
  Description?: string;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Parameters: Record<string, CfnParameter>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, CfnOutput>;
}

/** The pseudo parameters a template may `Ref` without declaring them. */
export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

/** Reads a template value into the shape above, with empty sections where the template has none. */
export function asCfnTemplate(value: unknown): CfnTemplate {
  const v = (value ?? {}) as Partial<CfnTemplate>;
  return {
    ...v,
    Parameters: v.Parameters ?? {},
    Conditions: v.Conditions ?? {},
    Resources: v.Resources ?? {},
    Outputs: v.Outputs ?? {},
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The single key of an intrinsic function object (`{ 'Fn::If': … }` → 'Fn::If'), or undefined. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const [key, ...others] = Object.keys(value);
  return key !== undefined && others.length === 0 && (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::'))
    ? key
    : undefined;
}

/** Every value reachable from `value` (depth first), intrinsic objects included. */
export function* walk(value: unknown): Generator<unknown> {
  yield value;
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (isRecord(value)) for (const item of Object.values(value)) yield* walk(item);
}
