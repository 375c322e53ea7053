import { describe, it, expect } from '@jest/globals';
import {
  applyTemplate,
  removeStack,
  validateTemplate,
  type ApplyTemplateResult,
} from '../../src/sim/model/template-engine.js';
import { parseTemplate, TemplateEvaluator } from '../../src/sim/model/template-intrinsics.js';
import { putRecorder } from '../../src/sim/model/config-store.js';
import type { SimStack } from '../../src/sim/model/types.js';
import { CONFIG_TEMPLATE, testWorld } from './stacksets-fixtures.js';

const ACCOUNT = '222222222222';
const REGION = 'eu-west-1';

function evaluatorFor(body: string, parameters: Record<string, string> = {}) {
  const template = parseTemplate(body);
  return new TemplateEvaluator(
    template,
    parameters,
    { accountId: ACCOUNT, region: REGION, stackName: 'my-stack', stackId: 'arn:stack/my-stack/1' },
    { ref: (id) => `physical-${id}`, getAtt: (id, attr) => `${id}.${attr}` },
  );
}

function apply(
  world: ReturnType<typeof testWorld>['world'],
  templateBody: string,
  parameters: Record<string, string> = {},
  previous?: SimStack,
): ApplyTemplateResult {
  return applyTemplate(world, {
    accountId: ACCOUNT,
    region: REGION,
    stackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/s1/1',
    stackName: 's1',
    templateBody,
    parameters,
    previous,
  });
}

function expectOk(result: ApplyTemplateResult): SimStack {
  if (!result.ok) throw new Error(`expected the stack to succeed, got: ${result.statusReason}`);
  return result.stack;
}

describe('template intrinsics', () => {
  const body = `
Parameters:
  Env: { Type: String, Default: prod, AllowedValues: [prod, dev] }
  Names: { Type: CommaDelimitedList, Default: 'a,b,c' }
Mappings:
  Sizes: { prod: { Count: '3' }, dev: { Count: '1' } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsHome: !Equals [!Ref 'AWS::Region', us-east-1]
  ProdAwayFromHome: !And [!Condition IsProd, !Not [!Condition IsHome]]
  Either: !Or [!Condition IsHome, !Equals [x, y]]
Resources:
  Thing: { Type: AWS::Logs::LogGroup }
`;

  it('evaluates Equals, And, Or, Not and Condition references', () => {
    const e = evaluatorFor(body, { Env: 'prod', Names: 'a,b,c' });
    expect(e.condition('IsProd')).toBe(true);
    expect(e.condition('IsHome')).toBe(false);
    expect(e.condition('ProdAwayFromHome')).toBe(true);
    expect(e.condition('Either')).toBe(false);
    expect(evaluatorFor(body, { Env: 'dev', Names: 'x' }).condition('ProdAwayFromHome')).toBe(false);
  });

  it('resolves Ref, pseudo parameters, Sub (both forms, escapes), Join, Select, Split, FindInMap and If', () => {
    const e = evaluatorFor(body, { Env: 'prod', Names: 'a,b,c' });
    expect(
      e.resolve({
        region: { Ref: 'AWS::Region' },
        partition: { Ref: 'AWS::Partition' },
        stack: { Ref: 'AWS::StackName' },
        sub: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}-${!Literal}' },
        subVars: {
          'Fn::Sub': ['${Greeting}, ${Thing.Arn}', { Greeting: { 'Fn::Join': ['-', ['hi', { Ref: 'Env' }]] } }],
        },
        second: { 'Fn::Select': [1, { Ref: 'Names' }] },
        split: { 'Fn::Select': [2, { 'Fn::Split': ['/', 'x/y/z'] }] },
        count: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Count'] },
        chosen: { 'Fn::If': ['IsHome', 'home', 'away'] },
        resource: { Ref: 'Thing' },
        attr: { 'Fn::GetAtt': ['Thing', 'Arn'] },
      }),
    ).toEqual({
      region: REGION,
      partition: 'aws',
      stack: 'my-stack',
      sub: `arn:aws:iam::${ACCOUNT}:role/prod-\${Literal}`,
      subVars: 'hi-prod, Thing.Arn',
      second: 'b',
      split: 'z',
      count: '3',
      chosen: 'away',
      resource: 'physical-Thing',
      attr: 'Thing.Arn',
    });
  });

  it('drops keys and list items that resolve to AWS::NoValue', () => {
    const e = evaluatorFor(body, { Env: 'dev', Names: 'a' });
    expect(
      e.resolve({
        Keep: 1,
        Drop: { 'Fn::If': ['IsProd', 'x', { Ref: 'AWS::NoValue' }] },
        List: ['a', { Ref: 'AWS::NoValue' }],
      }),
    ).toEqual({ Keep: 1, List: ['a'] });
  });

  it('reads short-form YAML tags and JSON templates alike', () => {
    const yaml = evaluatorFor(
      'Resources:\n  R: { Type: AWS::S3::Bucket }\nOutputs:\n  O: { Value: !Sub "${AWS::Region}-x" }\n',
    );
    const json = evaluatorFor(
      '{"Resources":{"R":{"Type":"AWS::S3::Bucket"}},"Outputs":{"O":{"Value":{"Fn::Sub":"${AWS::Region}-x"}}}}',
    );
    expect(yaml.resolve({ 'Fn::Sub': '${AWS::Region}-x' })).toBe(json.resolve({ 'Fn::Sub': '${AWS::Region}-x' }));
  });
});

describe('applyTemplate', () => {
  it('creates Config resources in dependency order, starts its recorder and evaluates outputs', () => {
    const { world } = testWorld();
    const stack = expectOk(apply(world, CONFIG_TEMPLATE));
    const state = world.region(ACCOUNT, REGION);
    expect([...stack.resources.keys()]).toEqual(['ConfigRecorder', 'DeliveryChannel', 'AccessKeysRule']);
    expect(state.recorder).toMatchObject({ name: 'default', recording: true, ownerStackId: stack.stackId });
    expect(state.deliveryChannel?.s3BucketName).toBe(`config-bucket-${ACCOUNT}`);
    const rule = state.configRules.get('access-keys-rotated');
    expect(rule).toMatchObject({ sourceIdentifier: 'ACCESS_KEYS_ROTATED', inputParameters: { maxAccessKeyAge: '90' } });
    expect(stack.outputs.RuleArn).toBe(rule!.arn);
  });

  it('rejects a value outside AllowedValues and unknown parameters', () => {
    const { world } = testWorld();
    const bad = apply(world, CONFIG_TEMPLATE, { CreateRecorder: 'maybe' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.statusReason).toContain("Parameter 'CreateRecorder' must be one of AllowedValues");
    const unknown = apply(world, CONFIG_TEMPLATE, { Nope: '1' });
    expect(!unknown.ok && unknown.statusReason).toContain('[Nope] do not exist');
  });

  it('fails on an existing recorder with a CloudFormation-style reason and rolls back what it created', () => {
    const { world } = testWorld();
    const at = { accountId: ACCOUNT, region: REGION };
    putRecorder(world, at, {
      name: 'aws-controltower-BaselineConfigRecorder',
      roleArn: 'r',
      allSupported: true,
      includeGlobalResourceTypes: true,
      recording: true,
    });
    const withRuleFirst = CONFIG_TEMPLATE.replace(
      '    Condition: WantRecorder\n    Properties:\n      Name: default',
      '    Condition: WantRecorder\n    DependsOn: AccessKeysRule\n    Properties:\n      Name: default',
    );
    const result = apply(world, withRuleFirst);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.statusReason).toMatch(
      /^ResourceLogicalId:ConfigRecorder, ResourceType:AWS::Config::ConfigurationRecorder, ResourceStatusReason:.*maximum number of configuration recorders: 1 is reached.*Error Code: MaxNumberOfConfigurationRecordersExceededException/,
    );
    expect(result.stack.status).toBe('ROLLBACK_COMPLETE');
    // The rule was created before the recorder failed; the rollback removed it.
    expect(world.region(ACCOUNT, REGION).configRules.has('access-keys-rotated')).toBe(false);
    expect(world.region(ACCOUNT, REGION).recorder?.name).toBe('aws-controltower-BaselineConfigRecorder');
  });

  it('succeeds next to an existing recorder when a parameter switches recorder creation off', () => {
    const { world } = testWorld();
    putRecorder(
      world,
      { accountId: ACCOUNT, region: REGION },
      { name: 'existing', roleArn: 'r', allSupported: true, includeGlobalResourceTypes: false, recording: true },
    );
    const stack = expectOk(apply(world, CONFIG_TEMPLATE, { CreateRecorder: 'false' }));
    expect([...stack.resources.keys()]).toEqual(['AccessKeysRule']);
  });

  it('updates only the difference: a changed parameter updates the rule, a false condition removes resources', () => {
    const { world } = testWorld();
    const first = expectOk(apply(world, CONFIG_TEMPLATE));
    const ruleId = world.region(ACCOUNT, REGION).configRules.get('access-keys-rotated')!.id;
    const second = expectOk(apply(world, CONFIG_TEMPLATE, { MaxAge: '45', CreateRecorder: 'false' }, first));
    const state = world.region(ACCOUNT, REGION);
    expect(state.configRules.get('access-keys-rotated')).toMatchObject({
      id: ruleId,
      inputParameters: { maxAccessKeyAge: '45' },
    });
    expect(state.recorder).toBeUndefined();
    expect(state.deliveryChannel).toBeUndefined();
    expect([...second.resources.keys()]).toEqual(['AccessKeysRule']);
  });

  it('rolls an update back to the previous resources when a resource fails', () => {
    const { world } = testWorld();
    const first = expectOk(apply(world, CONFIG_TEMPLATE, { CreateRecorder: 'false' }));
    const failing = `${CONFIG_TEMPLATE}
  Broken:
    Type: AWS::Config::RemediationConfiguration
    DependsOn: AccessKeysRule
    Properties: { ConfigRuleName: no-such-rule, TargetType: SSM_DOCUMENT, TargetId: AWS-X }
`.replace('Outputs:\n  RuleArn:\n    Value: !GetAtt AccessKeysRule.Arn\n', '');
    const result = apply(world, failing, { CreateRecorder: 'false', MaxAge: '30' }, first);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.statusReason).toContain('ResourceLogicalId:Broken');
    expect(world.region(ACCOUNT, REGION).configRules.get('access-keys-rotated')?.inputParameters).toEqual({
      maxAccessKeyAge: '90',
    });
  });

  it('creates SSM documents, EventBridge rules with Lambda targets and records other types; removeStack deletes them', () => {
    const { world } = testWorld();
    const body = `
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub key-remediator-\${AWS::Region}
      Runtime: python3.12
      Handler: index.handler
      Code: { ZipFile: "def handler(e, c): pass" }
      Environment: { Variables: { MAX_AGE: 90 } }
  Doc:
    Type: AWS::SSM::Document
    Properties:
      Name: Close-Ssh
      DocumentType: Automation
      Content: { schemaVersion: '0.3' }
      Tags: [{ Key: owner, Value: cisfleet }]
  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [aws.config] }
      Targets: [{ Arn: !GetAtt Fn.Arn, Id: fn }]
  Bucket: { Type: AWS::S3::Bucket }
  Custom: { Type: Custom::Thing }
`;
    const stack = expectOk(apply(world, body));
    const state = world.region(ACCOUNT, REGION);
    expect(state.lambdaFunctions.get(`key-remediator-${REGION}`)?.environment).toEqual({ MAX_AGE: '90' });
    expect(state.ssmDocuments.get('Close-Ssh')?.tags).toEqual({ owner: 'cisfleet' });
    const rule = state.eventRules.get(stack.resources.get('Rule')!.physicalId);
    expect(rule?.targetFunctionName).toBe(`key-remediator-${REGION}`);
    expect(stack.resources.get('Custom')?.type).toBe('Custom::Thing');
    removeStack(world, stack);
    expect(state.lambdaFunctions.size + state.ssmDocuments.size + state.eventRules.size).toBe(0);
  });

  it('makes a named IAM role collide in a second region, as account-global names do', () => {
    const { world } = testWorld();
    const body = `
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: cis-remediation
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
`;
    expectOk(apply(world, body));
    const second = applyTemplate(world, {
      accountId: ACCOUNT,
      region: 'us-east-1',
      stackId: 'other',
      stackName: 's2',
      templateBody: body,
      parameters: {},
    });
    expect(!second.ok && second.statusReason).toContain('Role with name cis-remediation already exists');
  });
});

describe('validateTemplate', () => {
  it('needs CAPABILITY_NAMED_IAM for named IAM resources and CAPABILITY_IAM for unnamed ones', () => {
    const named = 'Resources:\n  R: { Type: AWS::IAM::Role, Properties: { RoleName: x } }\n';
    const unnamed = 'Resources:\n  R: { Type: AWS::IAM::Role, Properties: {} }\n';
    expect(() => validateTemplate(named, ['CAPABILITY_IAM'])).toThrow('Requires capabilities : [CAPABILITY_NAMED_IAM]');
    expect(() => validateTemplate(named, ['CAPABILITY_NAMED_IAM'])).not.toThrow();
    expect(() => validateTemplate(unnamed, [])).toThrow('[CAPABILITY_IAM]');
    expect(() => validateTemplate('Resources: [', [])).toThrow('Template format error');
  });
});
