import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { PropertyType, ResourceProperties, SpecDatabase } from '@aws-cdk/service-spec-types';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';

const { template } = loadRemediationTemplate();
let db: SpecDatabase;
beforeAll(async () => {
  db = await loadAwsServiceSpec();
});

const resources = Object.entries(template.Resources);

/** `{Ref: …}`, `{Fn::…: …}`: the value is only known at deploy time, so its shape cannot be checked here. */
function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

/**
 * Problems of `value` against a property type of the specification, by path: unknown or missing properties of
 * nested property types, lists where a structure belongs and the reverse, primitives of the wrong kind.
 * CloudFormation turns numbers and booleans into strings and back, so those pass either way.
 */
function typeProblems(value: unknown, type: PropertyType, path: string): string[] {
  if (isIntrinsic(value)) return [];
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  switch (type.type) {
    case 'json':
      return [];
    case 'string':
    case 'date-time':
      return ['string', 'number', 'boolean'].includes(typeof value) ? [] : [`${path}: expected a string`];
    case 'number':
    case 'integer':
      return typeof value === 'number' ||
        (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
        ? []
        : [`${path}: expected a number`];
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : [`${path}: expected a boolean`];
    case 'null':
      return value === null ? [] : [`${path}: expected null`];
    case 'tag':
      return isObject
        ? propertiesProblems(
            value as Record<string, unknown>,
            { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } },
            path,
          )
        : [`${path}: expected a tag`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((element, i) => typeProblems(element, type.element, `${path}[${i}]`))
        : [`${path}: expected a list`];
    case 'map':
      return isObject
        ? Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
            typeProblems(v, type.element, `${path}.${key}`),
          )
        : [`${path}: expected a map`];
    case 'union': {
      const each = type.types.map((variant) => typeProblems(value, variant, path));
      return each.some((problems) => problems.length === 0) ? [] : each.flat();
    }
    case 'ref':
      return isObject
        ? propertiesProblems(
            value as Record<string, unknown>,
            db.get('typeDefinition', type.reference).properties,
            path,
          )
        : [`${path}: expected a structure`];
  }
}

function propertiesProblems(given: Record<string, unknown>, spec: ResourceProperties, path: string): string[] {
  const problems = Object.keys(given)
    .filter((name) => !(name in spec))
    .map((name) => `${path}.${name}: not a property here`);
  for (const [name, property] of Object.entries(spec)) {
    if (!(name in given)) {
      if (property.required) problems.push(`${path}.${name}: required`);
      continue;
    }
    problems.push(...typeProblems(given[name], property.type, `${path}.${name}`));
  }
  return problems;
}

function resourceProblems(id: string, resource: { Type: string; Properties?: Record<string, unknown> }): string[] {
  const spec = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type).only().properties;
  return propertiesProblems(resource.Properties ?? {}, spec, id);
}

describe('remediation template against the CloudFormation resource specification', () => {
  it.each(resources)('%s has a known type, known properties and every required property', (_id, resource) => {
    const hit = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    expect(hit.length).toBe(1);
    const spec = hit.only().properties;
    const given = Object.keys(resource.Properties ?? {});
    expect(given.filter((p) => !(p in spec))).toEqual([]);
    const required = Object.keys(spec).filter((p) => spec[p]?.required);
    expect(required.filter((p) => !given.includes(p))).toEqual([]);
  });

  it('every nested property has the name and shape its property type gives it', () => {
    expect(resources.flatMap(([id, resource]) => resourceProblems(id, resource))).toEqual([]);
  });

  it('the nested check finds a misspelt property, a missing required one and a list where a structure belongs', () => {
    const broken = {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        Source: { Owner: 'AWS', SourceIdentifer: 'ACCESS_KEYS_ROTATED' },
        Scope: [{ ComplianceResourceTypes: ['AWS::IAM::User'] }],
      },
    };
    expect(resourceProblems('Broken', broken)).toEqual([
      'Broken.Scope: expected a structure',
      'Broken.Source.SourceIdentifer: not a property here',
    ]);
  });

  it('every GetAtt names an attribute the resource type has', () => {
    const bad: string[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value === null || typeof value !== 'object') return;
      const getAtt = (value as Record<string, unknown>)['Fn::GetAtt'];
      if (Array.isArray(getAtt)) {
        const type = template.Resources[String(getAtt[0])]?.Type;
        const attrs = type ? db.lookup('resource', 'cloudFormationType', 'equals', type).only().attributes : {};
        if (!(String(getAtt[1]) in attrs)) bad.push(getAtt.join('.'));
      }
      Object.values(value).forEach(visit);
    };
    visit([template.Resources, template.Outputs]);
    expect(bad).toEqual([]);
  });

  it('every taggable resource carries TagKey/TagValue', () => {
    const untagged = resources
      .filter(([, r]) => 'Tags' in db.lookup('resource', 'cloudFormationType', 'equals', r.Type).only().properties)
      .filter(
        ([, r]) =>
          !JSON.stringify(r.Properties?.Tags ?? []).includes('{"Key":{"Ref":"TagKey"},"Value":{"Ref":"TagValue"}}'),
      )
      .map(([id]) => id);
    expect(untagged).toEqual([]);
  });
});
