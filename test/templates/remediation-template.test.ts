import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATE_PARAMETERS, CONTROLS } from '../../src/controls/catalog.js';
import { inlinedSource } from '../../src/templates/inline-sources.js';
import { packageRootOf } from '../../src/package-root.js';
import {
  ACCESS_KEY_FUNCTION_PATH,
  ADMIN_PORTS_RUNBOOK_TAG,
  ADMIN_PORTS_SCRIPT_PATH,
  INLINE_CODE_BUDGET_CHARS,
  checkRemediationTemplate,
  loadRemediationTemplate,
  REMEDIATION_TEMPLATE_PATH,
  TEMPLATE_BODY_MAX_BYTES,
} from '../../src/templates/remediation-template.js';

import type { CfnTemplate } from '../../src/templates/template-model.js';
import { freshTemplate, parameterOf, resourceOf } from './template-helpers.js';
import type { UntypedJson } from '../helpers/untyped-json.js';

const root = packageRootOf(import.meta.url);
const loaded = loadRemediationTemplate();
const resource = (t: CfnTemplate, id: string) => resourceOf(t, id).Properties as Record<string, UntypedJson>;

/** The problems the checker reports after `change` is applied to a copy of the real template. */
function problemsAfter(change: (t: CfnTemplate) => void): string[] {
  const { body, template } = freshTemplate();
  change(template);
  return checkRemediationTemplate({ body, template }).map((p) => `${p.path}: ${p.message}`);
}

describe('loadRemediationTemplate', () => {
  it('assembles a body below the TemplateBody limit, with its hash, size and version', () => {
    expect(loaded.sizeBytes).toBe(Buffer.byteLength(loaded.body));
    expect(loaded.sizeBytes).toBeLessThan(TEMPLATE_BODY_MAX_BYTES);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(loadRemediationTemplate({ packageRoot: root }).sha256).toBe(loaded.sha256);
  });

  it('inlines the Lambda source file into Code.ZipFile, below the inline code limit', () => {
    const code = resource(loaded.template, 'AccessKeyFunction').Code.ZipFile as string;
    expect(code.trimEnd()).toBe(inlinedSource(join(root, ACCESS_KEY_FUNCTION_PATH)));
    expect(code.length).toBeLessThan(INLINE_CODE_BUDGET_CHARS);
    expect(code).toContain("require('@aws-sdk/client-iam')");
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(loaded.body).not.toContain('@inline');
  });

  it('inlines the runbook script and tags the document so the simulator recognises it', () => {
    const doc = resource(loaded.template, 'AdminPortsDocument');
    const step = doc.Content.mainSteps[0];
    expect(step).toMatchObject({ action: 'aws:executeScript', inputs: { Runtime: 'python3.11', Handler: 'handler' } });
    expect(step.inputs.Script.trimEnd()).toBe(inlinedSource(join(root, ADMIN_PORTS_SCRIPT_PATH)));
    expect(doc.Content.schemaVersion).toBe('0.3');
    expect(doc.Tags).toContainEqual({ Key: ADMIN_PORTS_RUNBOOK_TAG.key, Value: ADMIN_PORTS_RUNBOOK_TAG.value });
  });

  it('declares every parameter cisfleet sets and every control mode parameter', () => {
    const declared = Object.keys(loaded.template.Parameters);
    expect(declared).toEqual(
      expect.arrayContaining([...Object.values(TEMPLATE_PARAMETERS), ...CONTROLS.map((c) => c.modeParameter)]),
    );
    const undefaulted = Object.entries(loaded.template.Parameters).filter(
      ([name, p]) => p.Default === undefined && !Object.values<string>(TEMPLATE_PARAMETERS).includes(name),
    );
    expect(undefaulted).toEqual([]);
  });
});

describe('checkRemediationTemplate', () => {
  it('finds nothing wrong with the template in stacksets/', () => {
    expect(checkRemediationTemplate()).toEqual([]);
  });

  it.each<[string, (t: CfnTemplate) => void, RegExp]>([
    [
      'a wildcard action',
      (t) => (resource(t, 'AdminPortsRemediationRole').Policies[0].PolicyDocument.Statement[0].Action = 'ec2:*'),
      /wildcard action ec2:\*/,
    ],
    [
      'a granted action nothing calls',
      (t) =>
        (resource(t, 'DefaultSgRemediationRole').Policies[0].PolicyDocument.Statement[0].Action = [
          'ec2:DescribeSecurityGroups',
          'ec2:DeleteSecurityGroup',
        ]),
      /DefaultSgRemediationRole: grants more than is called: ec2:DeleteSecurityGroup/,
    ],
    [
      'a call the role does not grant',
      (t) => resource(t, 'AccessKeyFunctionRole').Policies[0].PolicyDocument.Statement[1].Action.pop(),
      /AccessKeyFunctionRole: missing iam:UpdateAccessKey/,
    ],
    [
      'a runbook step the role does not cover',
      (t) =>
        resource(t, 'AdminPortsDocument').Content.mainSteps.push({
          name: 'x',
          action: 'aws:executeAwsApi',
          inputs: { Service: 'ec2', Api: 'DeleteSecurityGroup' },
        }),
      /AdminPortsRemediationRole: missing ec2:DeleteSecurityGroup/,
    ],
    [
      'an IAM role without the region outside the home region',
      (t) => {
        resource(t, 'AdminPortsRemediationRole').RoleName = { 'Fn::Sub': '${ResourcePrefix}-admin-ports' };
      },
      /AdminPortsRemediationRole.Properties.RoleName: IAM resource outside the home region/,
    ],
    [
      'an IAM rule in every region',
      (t) => {
        delete resourceOf(t, 'AccessKeysRotatedRule').Condition;
      },
      /AccessKeysRotatedRule: access-keys-rotated is an IAM rule/,
    ],
    [
      'a name without the prefix',
      (t) => {
        resource(t, 'AccessKeyFunction').FunctionName = 'access-key-remediation';
      },
      /FunctionName: name must include \$\{ResourcePrefix\}/,
    ],
    [
      'a missing catalog parameter',
      (t) => {
        delete t.Parameters.ExemptTagKey;
      },
      /Parameters.ExemptTagKey: parameter missing/,
    ],
    [
      'a mode default that differs from the catalog',
      (t) => {
        parameterOf(t, 'UnusedCredentialsMode').Default = 'AUTO';
      },
      /UnusedCredentialsMode: default is AUTO, the catalog says DETECT/,
    ],
    [
      'a Ref to nothing',
      (t) => {
        resource(t, 'AccessKeyFunction').Environment.Variables.KEY_ACTION = { Ref: 'KeyAction' };
      },
      /ref KeyAction does not resolve/,
    ],
    [
      'a Sub variable that names nothing',
      (t) => {
        resource(t, 'DeliveryBucket').BucketName = { 'Fn::Sub': '${Prefix}-config' };
      },
      /sub Prefix does not resolve/,
    ],
    [
      'a reference to a resource another condition may drop',
      (t) => {
        resource(t, 'AdminPortsRemediation').TargetId = { Ref: 'AdminPortsDocument' };
      },
      /AdminPortsRemediation: refers to AdminPortsDocument, which is not created/,
    ],
    [
      'a trust policy without aws:SourceAccount',
      (t) => {
        delete resource(t, 'UnusedCredentialsRemediationRole').AssumeRolePolicyDocument.Statement[0].Condition;
      },
      /must pin aws:SourceAccount/,
    ],
    [
      'a rule name that differs from the catalog',
      (t) => {
        resource(t, 'AdminPortsRule').ConfigRuleName = { 'Fn::Sub': '${ResourcePrefix}-admin-ports' };
      },
      /AdminPortsRule.Properties.ConfigRuleName: must be/,
    ],
    [
      'inline code over the limit',
      (t) => {
        resource(t, 'AccessKeyFunction').Code.ZipFile += '//'.repeat(INLINE_CODE_BUDGET_CHARS);
      },
      /inline code is \d+ characters/,
    ],
  ])('reports %s', (_name, change, expected) => {
    expect(problemsAfter(change).join('\n')).toMatch(expected);
  });

  it('reports a body over the TemplateBody limit', () => {
    const { body, template } = freshTemplate();
    const problems = checkRemediationTemplate({ body: body + '#'.repeat(TEMPLATE_BODY_MAX_BYTES), template });
    expect(problems.map((p) => p.message).join('\n')).toMatch(/template body is \d+ bytes/);
  });
});

describe('checkRemediationTemplate on a package folder (cisfleet validate)', () => {
  /** A copy of the package's stacksets/ in a temporary package root, with the template text changed. */
  function packageWith(change: (yaml: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'cisfleet-template-'));
    cpSync(join(root, 'stacksets'), join(dir, 'stacksets'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{}');
    const file = join(dir, REMEDIATION_TEMPLATE_PATH);
    writeFileSync(file, change(readFileSync(file, 'utf8')));
    return dir;
  }
  const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

  it('gives each problem the file, line and column of the part it names', () => {
    const dir = packageWith((yaml) =>
      yaml.replace(
        "FunctionName: !Sub '${ResourcePrefix}-access-key-remediation'",
        'FunctionName: access-key-remediation',
      ),
    );
    const problems = checkRemediationTemplate(undefined, { packageRoot: dir });
    const yaml = readFileSync(join(dir, REMEDIATION_TEMPLATE_PATH), 'utf8');
    expect(problems).toEqual([
      expect.objectContaining({
        file: REMEDIATION_TEMPLATE_PATH,
        path: 'Resources.AccessKeyFunction.Properties.FunctionName',
        line: lineOf(yaml, 'FunctionName: access-key-remediation'),
        severity: 'error',
      }),
    ]);
  });

  it('reports YAML errors as problems instead of throwing', () => {
    const dir = packageWith((yaml) => yaml.replace('Resources:\n', 'Resources:\n  Broken: [\n'));
    const problems = checkRemediationTemplate(undefined, { packageRoot: dir });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: REMEDIATION_TEMPLATE_PATH, severity: 'error', line: expect.any(Number) });
    expect(problems[0]?.line).toBeGreaterThan(0);
    expect(() => loadRemediationTemplate({ packageRoot: dir })).toThrow(/cis-remediation\.yaml:\d+:\d+/);
  });
});
