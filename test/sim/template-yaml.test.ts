import { describe, expect, it } from '@jest/globals';
import { readTemplateYaml, TemplateYamlError } from '../../src/sim/model/template-yaml.js';
import { parseTemplate } from '../../src/sim/model/template-intrinsics.js';
import { parseCfnYaml } from '../../src/templates/cfn-yaml.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';

describe("the simulator's own template reading (src/sim/model/template-yaml.ts)", () => {
  it('turns every documented short form into its long form, nested too', () => {
    const value = readTemplateYaml(
      [
        'A: !Ref Bucket',
        'B: !GetAtt Role.Arn.With.Dots',
        'C: !GetAtt [Role, Arn]',
        'D: !Sub ["${X}-x", { X: !If [IsProd, !Ref AWS::Region, !Join ["", [a, b]]] }]',
        'E: !Select [0, !GetAZs ""]',
        'F: !Condition IsProd',
        'G: !And [!Equals [a, b], !Not [!Or [!Condition C1, !Condition C2]]]',
        'H: !FindInMap [M, !Ref AWS::Region, k]',
        'I: !Base64 text',
      ].join('\n'),
    );
    expect(value).toEqual({
      A: { Ref: 'Bucket' },
      B: { 'Fn::GetAtt': ['Role', 'Arn.With.Dots'] },
      C: { 'Fn::GetAtt': ['Role', 'Arn'] },
      D: {
        'Fn::Sub': [
          '${X}-x',
          { X: { 'Fn::If': ['IsProd', { Ref: 'AWS::Region' }, { 'Fn::Join': ['', ['a', 'b']] }] } },
        ],
      },
      E: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      F: { Condition: 'IsProd' },
      G: {
        'Fn::And': [
          { 'Fn::Equals': ['a', 'b'] },
          { 'Fn::Not': [{ 'Fn::Or': [{ Condition: 'C1' }, { Condition: 'C2' }] }] },
        ],
      },
      H: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'k'] },
      I: { 'Fn::Base64': 'text' },
    });
  });

  it('refuses a tag CloudFormation does not define, saying where (Fn::ToJsonString has no short form)', () => {
    const read = () => readTemplateYaml('Resources:\n  X:\n    Type: T\n    Properties:\n      P: !ToJsonString {}\n');
    expect(read).toThrow(TemplateYamlError);
    expect(read).toThrow('unknown tag !ToJsonString (line 5, column 24)');
    expect(() => parseTemplate('Resources:\n  X:\n    Type: T\n    Properties:\n      P: !Nope x\n')).toThrow(
      'Template format error: YAML not well-formed. (line 5, column 16)',
    );
  });

  it('refuses malformed YAML and unbounded aliases', () => {
    expect(() => readTemplateYaml('Resources: [')).toThrow(TemplateYamlError);
    const laughs = [
      'a: &a [x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [*${'abcdefghij'[i]}, *${'abcdefghij'[i]}]`,
      ),
    ];
    expect(() => readTemplateYaml(laughs.join('\n'))).toThrow('too many aliases');
  });

  it("reads the remediation template exactly as cisfleet's own parser does (two independent readings agree)", () => {
    const { body } = loadRemediationTemplate();
    const cisfleets = parseCfnYaml(body);
    expect(cisfleets.problems).toEqual([]);
    const simulators = readTemplateYaml(body) as { Resources: Record<string, unknown> };
    expect(Object.keys(simulators.Resources).length).toBeGreaterThan(5);
    expect(simulators).toEqual(cisfleets.value);
  });
});
