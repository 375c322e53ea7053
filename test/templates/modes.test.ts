import { describe, expect, it } from '@jest/globals';
import { CONTROLS, controlById, type ControlMode } from '../../src/controls/catalog.js';
import { ACCESS_KEY_FUNCTION_ENV } from '../../src/templates/remediation-template.js';
import type { CfnResource } from '../../src/templates/template-model.js';
import { deployedResources, freshTemplate, HOME } from './template-helpers.js';
import { only } from '../helpers/elements.js';

const { template } = freshTemplate();
const OTHER_REGION = 'ap-southeast-2';

const ofType = (resources: Record<string, CfnResource>, type: string) =>
  Object.values(resources).filter((r) => r.Type === type);
const ruleOf = (resources: Record<string, CfnResource>, sourceIdentifier: string) =>
  Object.entries(resources).find(
    ([, r]) =>
      r.Type === 'AWS::Config::ConfigRule' &&
      (r.Properties?.Source as { SourceIdentifier?: string } | undefined)?.SourceIdentifier === sourceIdentifier,
  )?.[0];
const remediationOf = (resources: Record<string, CfnResource>, ruleId: string | undefined) =>
  ofType(resources, 'AWS::Config::RemediationConfiguration').find(
    (r) => JSON.stringify(r.Properties?.ConfigRuleName) === JSON.stringify({ Ref: ruleId }),
  );

describe.each(CONTROLS.filter((c) => c.id !== 'access-keys-rotated'))('$id modes (Config remediation)', (control) => {
  it.each<[ControlMode, boolean | undefined]>([
    ['AUTO', true],
    ['MANUAL', false],
    ['DETECT', undefined],
  ])('%s → rule, remediation Automatic=%s', (mode, automatic) => {
    const resources = deployedResources(template, { [control.modeParameter]: mode });
    const ruleId = ruleOf(resources, control.sourceIdentifier);
    expect(ruleId).toBeDefined();
    const remediation = remediationOf(resources, ruleId);
    if (automatic === undefined) {
      expect(remediation).toBeUndefined();
      return;
    }
    expect(remediation?.Properties).toMatchObject({
      Automatic: automatic,
      MaximumAutomaticAttempts: { Ref: 'RemediationMaxAttempts' },
      RetryAttemptSeconds: { Ref: 'RemediationRetrySeconds' },
      TargetType: 'SSM_DOCUMENT',
    });
  });
});

describe('access-keys-rotated modes (EventBridge and Lambda)', () => {
  const mode = controlById('access-keys-rotated').modeParameter;
  it.each<[ControlMode, string | undefined]>([
    ['AUTO', 'ENABLED'],
    ['MANUAL', 'DISABLED'],
    ['DETECT', undefined],
  ])('%s → event rule state %s', (value, state) => {
    const resources = deployedResources(template, { [mode]: value });
    expect(ruleOf(resources, 'ACCESS_KEYS_ROTATED')).toBeDefined();
    const rules = ofType(resources, 'AWS::Events::Rule');
    const functions = ofType(resources, 'AWS::Lambda::Function');
    if (state === undefined) {
      expect([rules, functions]).toEqual([[], []]);
      return;
    }
    // The event rule and the daily sweep (every mode: it retries lost events) share the state.
    expect(rules.map((r) => r.Properties?.State)).toEqual([state, state]);
    expect(rules.map((r) => r.Properties?.ScheduleExpression).filter(Boolean)).toEqual(['rate(1 day)']);
    expect(functions).toHaveLength(1);
  });

  it('passes the function exactly the environment variables the simulator reads', () => {
    const fn = only(
      ofType(deployedResources(template, { AccessKeysMode: 'AUTO' }), 'AWS::Lambda::Function'),
      'function',
    );
    const environment = fn.Properties?.Environment as { Variables: Record<string, unknown> };
    expect(Object.keys(environment.Variables).sort()).toEqual([...ACCESS_KEY_FUNCTION_ENV].sort());
    expect(fn.Properties).toMatchObject({
      Runtime: expect.stringMatching(/^nodejs(2[2-9]|[3-9]\d)\.x$/),
      Handler: 'index.handler',
    });
  });
});

describe('regions', () => {
  it('puts the IAM rules, their remediation and every IAM-user resource in the home region only', () => {
    const everyMode = Object.fromEntries(CONTROLS.map((c) => [c.modeParameter, 'AUTO']));
    const away = deployedResources(template, everyMode, OTHER_REGION);
    for (const control of CONTROLS) {
      expect([control.id, ruleOf(away, control.sourceIdentifier) !== undefined]).toEqual([
        control.id,
        !control.homeRegionOnly,
      ]);
    }
    expect(ofType(away, 'AWS::Lambda::Function')).toEqual([]);
    const home = deployedResources(template, everyMode, HOME);
    expect(CONTROLS.every((c) => ruleOf(home, c.sourceIdentifier))).toBe(true);
  });

  it('records global IAM types only in the home region', () => {
    const recordingGroup = (region: string) =>
      only(ofType(deployedResources(template, {}, region), 'AWS::Config::ConfigurationRecorder'), 'recorder').Properties
        ?.RecordingGroup as { IncludeGlobalResourceTypes: boolean };
    expect(recordingGroup(HOME).IncludeGlobalResourceTypes).toBe(true);
    expect(recordingGroup(OTHER_REGION).IncludeGlobalResourceTypes).toBe(false);
  });
});

describe('Config enablement', () => {
  it('creates recorder, delivery channel and a bucket by default', () => {
    const types = Object.values(deployedResources(template, {})).map((r) => r.Type);
    expect(types).toEqual(
      expect.arrayContaining(['AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::S3::Bucket']),
    );
  });

  it('delivers to the central bucket when one is given, creating none', () => {
    const resources = deployedResources(template, { DeliveryBucketName: 'org-config-logs' });
    expect(ofType(resources, 'AWS::S3::Bucket')).toEqual([]);
    expect(ofType(resources, 'AWS::Config::DeliveryChannel')[0]?.Properties?.S3BucketName).toEqual({
      Ref: 'DeliveryBucketName',
    });
  });

  it('creates no recorder, channel or bucket where one exists already, and still deploys the rules', () => {
    const resources = deployedResources(template, { CreateConfigRecorder: 'false' });
    const types = Object.values(resources).map((r) => r.Type);
    expect(types).not.toEqual(expect.arrayContaining(['AWS::Config::ConfigurationRecorder']));
    expect(
      types.filter(
        (t) =>
          t.startsWith('AWS::Config::Configuration') || t === 'AWS::Config::DeliveryChannel' || t === 'AWS::S3::Bucket',
      ),
    ).toEqual([]);
    expect(ofType(resources, 'AWS::Config::ConfigRule')).toHaveLength(CONTROLS.length);
  });
});

describe('admin-ports runbook choice', () => {
  const target = (runbook: string) =>
    ofType(
      deployedResources(template, { AdminPortsMode: 'AUTO', AdminPortsRunbook: runbook }),
      'AWS::Config::RemediationConfiguration',
    )
      .map((r) => r.Properties?.TargetId)
      .find((t) => JSON.stringify(t).includes('AdminPorts') || t === 'AWS-DisablePublicAccessForSecurityGroup');
  it('uses the cisfleet document by default and the AWS-owned runbook on request', () => {
    expect(target('CISFLEET')).toEqual({ Ref: 'AdminPortsDocument' });
    expect(target('AWS')).toBe('AWS-DisablePublicAccessForSecurityGroup');
  });
});
