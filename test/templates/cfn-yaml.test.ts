import { describe, expect, it } from '@jest/globals';
import { parseCfnYaml } from '../../src/templates/cfn-yaml.js';

describe('parseCfnYaml', () => {
  it('turns short-form intrinsics into their long form, GetAtt strings included', () => {
    const { value, problems } = parseCfnYaml(
      'A: !Ref X\nB: !GetAtt Role.Arn\nC: !Sub [ "${a}", { a: !If [Cond, 1, 2] } ]\n',
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::GetAtt': ['Role', 'Arn'] },
      C: { 'Fn::Sub': ['${a}', { a: { 'Fn::If': ['Cond', 1, 2] } }] },
    });
  });

  it('reports syntax errors and unknown tags with their line and column', () => {
    const { problems } = parseCfnYaml('a: 1\nb: !Foo x\nc: [\n');
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', line: 2, col: 4, message: expect.stringContaining('!Foo') }),
    );
    expect(problems.some((p) => p.severity === 'error' && p.line > 0)).toBe(true);
  });
});
