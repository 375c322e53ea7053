import { describe, expect, it } from '@jest/globals';
import { ruleNameFor, controlById } from '../../src/controls/catalog.js';
import { resolveIfs } from '../../src/templates/conditions.js';
import { freshTemplate, resourceOf } from './template-helpers.js';

/** EventBridge matching for the pattern forms the template uses: nested objects and lists of exact values. */
function matches(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(event);
  if (pattern === null || typeof pattern !== 'object') return false;
  if (event === null || typeof event !== 'object') return false;
  return Object.entries(pattern).every(([key, sub]) => matches(sub, (event as Record<string, unknown>)[key]));
}

const { template } = freshTemplate();
const PREFIX = 'acme';
const RULE = ruleNameFor(controlById('access-keys-rotated'), PREFIX);
/** The deployed pattern: the rule's Ref becomes its physical name, as CloudFormation resolves it. */
const pattern = JSON.parse(
  JSON.stringify(resolveIfs(resourceOf(template, 'AccessKeyEventRule').Properties?.EventPattern, {})).replaceAll(
    '{"Ref":"AccessKeysRotatedRule"}',
    JSON.stringify(RULE),
  ),
);
const event = (configRuleName: string, complianceType: string, source = 'aws.config') => ({
  source,
  'detail-type': 'Config Rules Compliance Change',
  detail: {
    messageType: 'ComplianceChangeNotification',
    configRuleName,
    resourceId: 'AIDAX',
    newEvaluationResult: { complianceType },
  },
});

describe('access-key EventBridge pattern', () => {
  it('names the rule by Ref, so the pattern follows the deployed rule name', () => {
    expect(JSON.stringify(resourceOf(template, 'AccessKeyEventRule').Properties?.EventPattern)).toContain(
      '{"Ref":"AccessKeysRotatedRule"}',
    );
    expect(resourceOf(template, 'AccessKeysRotatedRule').Properties?.ConfigRuleName).toEqual({
      'Fn::Sub': '${ResourcePrefix}-access-keys-rotated',
    });
  });

  it('matches this rule turning NON_COMPLIANT', () => {
    expect(matches(pattern, event(RULE, 'NON_COMPLIANT'))).toBe(true);
  });

  it.each([
    ['COMPLIANT', event(RULE, 'COMPLIANT')],
    ['NOT_APPLICABLE', event(RULE, 'NOT_APPLICABLE')],
    ['another rule', event('acme-iam-user-unused-credentials-check', 'NON_COMPLIANT')],
    ['a rule whose name extends this one', event(`${RULE}-copy`, 'NON_COMPLIANT')],
    ['another prefix', event('cisfleet-access-keys-rotated', 'NON_COMPLIANT')],
    ['another source', event(RULE, 'NON_COMPLIANT', 'custom.config')],
  ])('does not match %s', (_name, e) => {
    expect(matches(pattern, e)).toBe(false);
  });
});
