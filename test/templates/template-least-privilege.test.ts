import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_KEY_FUNCTION_PATH, loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { packageRootOf } from '../../src/package-root.js';
import type { CfnResource } from '../../src/templates/template-model.js';
import { deployedResources, resourceOf } from './template-helpers.js';

const { template } = loadRemediationTemplate();
const functionSource = readFileSync(join(packageRootOf(import.meta.url), ACCESS_KEY_FUNCTION_PATH), 'utf8');

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
const statementsOf = (role: CfnResource | undefined): Statement[] =>
  ((role?.Properties?.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>).flatMap(
    (p) => p.PolicyDocument.Statement,
  );
const granting = (statements: Statement[], action: string) =>
  statements.filter((s) => ([] as string[]).concat(s.Action).includes(action));

describe('the access-key function role grants least privilege', () => {
  it('may write and remove only the tags the function writes (never an exemption or another tag)', () => {
    const graceTag = /const GRACE_TAG = '([^']+)'/.exec(functionSource)?.[1];
    expect(graceTag).toBeDefined();
    const statements = statementsOf(
      deployedResources(template, { AccessKeysMode: 'AUTO', AccessKeyAction: 'DELETE' }).AccessKeyFunctionRole,
    );
    for (const action of ['iam:TagUser', 'iam:UntagUser']) {
      const grants = granting(statements, action);
      expect(grants).toHaveLength(1);
      expect(grants[0]?.Condition).toEqual({
        'ForAllValues:StringLike': { 'aws:TagKeys': [`${graceTag}*`] },
        Null: { 'aws:TagKeys': 'false' },
      });
    }
  });

  it.each([
    ['DEACTIVATE', 0],
    ['DELETE', 1],
  ])('holds iam:DeleteAccessKey only when the action is DELETE (%s)', (action, count) => {
    const statements = statementsOf(
      deployedResources(template, { AccessKeysMode: 'AUTO', AccessKeyAction: action }).AccessKeyFunctionRole,
    );
    expect(granting(statements, 'iam:DeleteAccessKey')).toHaveLength(count);
  });

  it('may invoke only itself (the sweep hand-over)', () => {
    const statements = statementsOf(deployedResources(template, { AccessKeysMode: 'AUTO' }).AccessKeyFunctionRole);
    const [invoke] = granting(statements, 'lambda:InvokeFunction');
    expect(JSON.stringify(invoke?.Resource)).toContain(':function:${ResourcePrefix}-access-key-remediation');
    expect((resourceOf(template, 'AccessKeyFunction').Properties as { FunctionName: unknown }).FunctionName).toEqual({
      'Fn::Sub': '${ResourcePrefix}-access-key-remediation',
    });
  });
});

describe('what outlives the stack, and what a retry meets', () => {
  it('keeps the function log (retention set) and the delivery bucket, except after a create that rolled back', () => {
    for (const id of ['AccessKeyFunctionLogs', 'DeliveryBucket']) {
      expect(template.Resources[id]).toMatchObject({
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
    }
    expect(resourceOf(template, 'AccessKeyFunctionLogs').Properties?.RetentionInDays).toBe(365);
  });

  it('names the retained resources per stack, from the stack id, so a new stack never meets an old one', () => {
    for (const [id, property] of [
      ['AccessKeyFunctionLogs', 'LogGroupName'],
      ['DeliveryBucket', 'BucketName'],
    ] as const) {
      expect(JSON.stringify(resourceOf(template, id).Properties?.[property])).toContain('{"Ref":"AWS::StackId"}');
    }
  });
});
