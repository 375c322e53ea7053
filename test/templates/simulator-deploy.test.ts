import { describe, expect, it } from '@jest/globals';
import { CONTROLS, ruleNameFor } from '../../src/controls/catalog.js';
import { applyTemplate, validateTemplate } from '../../src/sim/model/template-engine.js';
import { loadRemediationTemplate, ruleNameOutputKey } from '../../src/templates/remediation-template.js';
import { testWorld } from '../sim/stacksets-fixtures.js';
import { deployedResources, HOME } from './template-helpers.js';

const ACCOUNT = '222222222222';
const { body, template } = loadRemediationTemplate();
// The template reads its unique name suffixes from the stack id, so the id has AWS's shape.
const stackIdOf = (region: string) =>
  `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/cisfleet/0c1e6a70-1b1f-11ef-9b7a-0a1b2c3d4e5f`;

describe('the remediation template in the simulator', () => {
  it('passes the simulator template validation with CAPABILITY_NAMED_IAM', () => {
    expect(() => validateTemplate(body, ['CAPABILITY_NAMED_IAM'])).not.toThrow();
  });

  it.each([
    ['the home region', HOME, {}],
    [
      'another region, AWS-owned admin-ports runbook',
      'us-east-2',
      { AdminPortsRunbook: 'AWS', ResourcePrefix: 'acme' },
    ],
  ])(
    'deploys in %s with the resources the conditions select and the rule-name outputs',
    (_name, region, params: Record<string, string>) => {
      const { world } = testWorld();
      const parameters = { HomeRegion: HOME, ...params };
      const result = applyTemplate(world, {
        accountId: ACCOUNT,
        region,
        stackId: stackIdOf(region),
        stackName: 'cisfleet',
        templateBody: body,
        parameters,
      });
      if (!result.ok) throw new Error(result.statusReason);
      expect([...result.stack.resources.keys()].sort()).toEqual(
        Object.keys(deployedResources(template, parameters, region)).sort(),
      );
      const prefix = params.ResourcePrefix ?? 'cisfleet';
      for (const control of CONTROLS.filter((c) => region === HOME || !c.homeRegionOnly)) {
        expect(result.stack.outputs[ruleNameOutputKey(control.id)]).toBe(ruleNameFor(control, prefix));
      }
      expect(result.stack.outputs.TemplateVersion).toBe(loadRemediationTemplate().version);
    },
  );
});

describe('the delivery key prefix', () => {
  it('goes to the delivery channel and into the recorder role and bucket policy object paths', () => {
    const { world } = testWorld();
    const parameters = { HomeRegion: HOME, DeliveryKeyPrefix: 'org/config' };
    const result = applyTemplate(world, {
      accountId: ACCOUNT,
      region: HOME,
      stackId: stackIdOf(HOME),
      stackName: 'cisfleet',
      templateBody: body,
      parameters,
    });
    if (!result.ok) throw new Error(result.statusReason);
    expect(world.region(ACCOUNT, HOME).deliveryChannel?.s3KeyPrefix).toBe('org/config');
    const policies = JSON.stringify(
      [...result.stack.resources.values()]
        .filter((r) => /IAM::Role|BucketPolicy/.test(r.type))
        .map((r) => r.properties),
    );
    expect(policies).toContain('/org/config/AWSLogs/');
    expect(policies).not.toMatch(/[^g]\/AWSLogs\//);
  });
});
