import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { SpecDatabase } from '@aws-cdk/service-spec-types';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';

const { template } = loadRemediationTemplate();
let db: SpecDatabase;
beforeAll(async () => {
  db = await loadAwsServiceSpec();
});

const resources = Object.entries(template.Resources);

describe('remediation template against the CloudFormation resource specification', () => {
  it.each(resources)('%s has a known type, known properties and every required property', (_id, resource) => {
    const hit = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    expect(hit.length).toBe(1);
    const spec = hit.only().properties;
    const given = Object.keys(resource.Properties ?? {});
    expect(given.filter((p) => !(p in spec))).toEqual([]);
    const required = Object.keys(spec).filter((p) => spec[p].required);
    expect(required.filter((p) => !given.includes(p))).toEqual([]);
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
      .filter(([, r]) => !JSON.stringify(r.Properties?.Tags ?? []).includes('{"Key":{"Ref":"TagKey"},"Value":{"Ref":"TagValue"}}'))
      .map(([id]) => id);
    expect(untagged).toEqual([]);
  });
});
