import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseConfigText } from '../../src/config/load-config.js';
import { accountOverrides, desiredStackSet, stackSetParameters } from '../../src/planning/desired-stackset.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

const shipped = readFileSync(`${REPO_ROOT}/accounts.yaml`, 'utf8');
const configFrom = (text: string) => parseConfigText(text, 'accounts.yaml').config;

describe('desired stack set', () => {
  it('sets every template parameter from accounts.yaml, and only parameters the template declares', () => {
    const config = configFrom(shipped);
    const parameters = stackSetParameters(config);
    const declared = Object.keys(loadRemediationTemplate().template.Parameters ?? {});
    expect(Object.keys(parameters).filter((p) => !declared.includes(p))).toEqual([]);
    expect(parameters.HomeRegion).toBe(config.organization.homeRegion);
    expect(parameters.AccessKeysMode).toBe(config.controls['access-keys-rotated'].mode);
  });

  it('carries the template identity, the named-IAM capability and the resource tag', () => {
    const config = configFrom(shipped);
    const template = loadRemediationTemplate();
    const desired = desiredStackSet(config, template);
    expect(desired.spec.templateBody).toBe(template.body);
    expect(desired.templateSha256).toBe(template.sha256);
    expect(desired.spec.capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(desired.spec.tags[config.resourceTag.key]).toBe(config.resourceTag.value);
  });
});

describe('accountOverrides', () => {
  it('switches recorder creation off only in the regions where one exists (auto mode)', () => {
    const config = configFrom(shipped);
    const overrides = accountOverrides(config, '333333333333', {
      'us-east-1': { recorderName: 'aws-controltower-BaselineConfigRecorder' },
      'eu-west-1': {},
    });
    expect(overrides).toEqual({ 'us-east-1': { CreateConfigRecorder: 'false' } });
  });

  it('never overrides in create or skip mode: the stack set parameter decides', () => {
    const config = configFrom(shipped.replace(/^(\s*)mode: auto\b/m, '$1mode: skip'));
    expect(config.configRecorder.mode).toBe('skip');
    expect(stackSetParameters(config).CreateConfigRecorder).toBe('false');
    expect(accountOverrides(config, '333333333333', { 'us-east-1': { recorderName: 'x' } })).toEqual({});
  });

  it('puts the controls an account is exempt from in DETECT, in every region', () => {
    const config = configFrom(shipped);
    const exemption = config.exemptions.accounts.find((e) => !e.expired);
    expect(exemption).toBeDefined();
    const overrides = accountOverrides(config, exemption!.accountId, undefined);
    for (const region of config.regions) {
      expect(Object.values(overrides[region] ?? {})).toContain('DETECT');
    }
  });
});
