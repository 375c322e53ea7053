import type { ControlId } from '../controls/catalog.js';

/*
 * What the remediation template promises the rest of cisfleet (and the simulator): where its parts live,
 * the limits it must stay under, and the names of the outputs, tags and environment variables others read.
 */

/** The template the StackSet deploys, relative to the package root. */
export const REMEDIATION_TEMPLATE_PATH = 'stacksets/cis-remediation.yaml';

/** The access-key Lambda's single source, inlined into the template's Code.ZipFile (see INLINE_CODE_BUDGET_CHARS). */
export const ACCESS_KEY_FUNCTION_PATH = 'stacksets/functions/access-key-remediation.js';

/** The custom admin-ports runbook's script, inlined into its Automation document. */
export const ADMIN_PORTS_SCRIPT_PATH = 'stacksets/functions/revoke_world_open_admin_ports.py';

/** CloudFormation's limit on an inline TemplateBody (StackSets here take no TemplateURL). */
export const TEMPLATE_BODY_MAX_BYTES = 51_200;

/**
 * cisfleet's budget for one inline Lambda source (Code.ZipFile). CloudFormation's own limit was 4,096
 * characters and is now the 4 MB zip it builds (AWS::Lambda::Function Code.ZipFile, aws-cdk#20624), so what
 * binds is TEMPLATE_BODY_MAX_BYTES: the budget keeps a third of the body for the function
 * (docs/decisions/0004-access-key-function-inline.md).
 */
export const INLINE_CODE_BUDGET_CHARS = 16_384;

/** Output holding the template's version. */
export const TEMPLATE_VERSION_OUTPUT = 'TemplateVersion';

/** Tag value by which the simulator recognises the custom admin-ports runbook (tag key `cisfleet:remediation`). */
export const ADMIN_PORTS_RUNBOOK_TAG = { key: 'cisfleet:remediation', value: 'revoke-world-open-admin-ports' } as const;

/** The Lambda's environment variables (the simulator reads the same ones). */
export const ACCESS_KEY_FUNCTION_ENV = [
  'RULE_NAME',
  'MAX_KEY_AGE_DAYS',
  'KEY_ACTION',
  'DELETE_GRACE_DAYS',
  'EXEMPT_TAG_KEY',
] as const;

/**
 * The stack output that holds a control's deployed Config rule name: `RuleName` + the control id in
 * PascalCase (`default-sg-closed` → `RuleNameDefaultSgClosed`). The IAM rules' outputs exist only in the
 * home region's stacks.
 */
export function ruleNameOutputKey(controlId: ControlId): string {
  return (
    'RuleName' +
    controlId
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('')
  );
}
