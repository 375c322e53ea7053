import { describe, expect, it } from '@jest/globals';
import { activeResourceIds, evaluateConditions, resolveIfs } from '../../src/templates/conditions.js';
import { asCfnTemplate } from '../../src/templates/template-model.js';

const template = asCfnTemplate({
  Parameters: { Mode: { Type: 'String', Default: 'AUTO' }, Home: { Type: 'String' } },
  Conditions: {
    IsHome: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'Home' }] },
    Remediate: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Mode' }, 'DETECT'] }] },
    HomeRemediate: { 'Fn::And': [{ Condition: 'IsHome' }, { Condition: 'Remediate' }] },
    Either: { 'Fn::Or': [{ Condition: 'IsHome' }, { Condition: 'Remediate' }] },
  },
  Resources: {
    A: { Type: 'X', Condition: 'HomeRemediate', Properties: { S: { 'Fn::If': ['IsHome', 'on', 'off'] } } },
    B: { Type: 'X' },
  },
});

describe('evaluateConditions', () => {
  it('evaluates Equals, Not, And, Or and Condition with defaults and pseudo parameters', () => {
    expect(evaluateConditions(template, { Home: 'eu-west-1' }, { 'AWS::Region': 'eu-west-1' })).toEqual({
      IsHome: true,
      Remediate: true,
      HomeRemediate: true,
      Either: true,
    });
    expect(evaluateConditions(template, { Home: 'eu-west-1', Mode: 'DETECT' }, { 'AWS::Region': 'us-east-1' })).toEqual(
      { IsHome: false, Remediate: false, HomeRemediate: false, Either: false },
    );
  });

  it('fails loudly on a Ref without a value', () => {
    expect(() => evaluateConditions(template, {}, { 'AWS::Region': 'eu-west-1' })).toThrow(/no value for Ref Home/);
  });

  it('selects resources and resolves Fn::If under the outcome', () => {
    const conditions = evaluateConditions(template, { Home: 'eu-west-1' }, { 'AWS::Region': 'eu-west-1' });
    expect(activeResourceIds(template, conditions)).toEqual(['A', 'B']);
    expect(resolveIfs(template.Resources.A?.Properties, conditions)).toEqual({ S: 'on' });
    expect(activeResourceIds(template, { ...conditions, HomeRemediate: false })).toEqual(['B']);
  });
});
