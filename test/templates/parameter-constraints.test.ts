/**
 * One source of truth for what the template's parameters accept: accounts.yaml refuses exactly what the
 * template (CloudFormation) would refuse, and the checks fail as soon as the two drift apart.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '../../src/config/load-config.js';
import { NUMBER_PARAMETER_BOUNDS, RESOURCE_PREFIX_PATTERN } from '../../src/controls/parameter-constraints.js';
import { ConfigError } from '../../src/errors.js';
import { configFitProblems } from '../../src/templates/config-fit.js';
import { checkRemediationTemplate, loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { freshTemplate, parameterOf } from './template-helpers.js';

const SHIPPED = readFileSync(join(REPO_ROOT, 'accounts.yaml'), 'utf8');
const { template } = loadRemediationTemplate();

/** The shipped accounts.yaml with one line's value replaced. */
const withValue = (key: string, value: string) => {
  const pattern = new RegExp(`^(\\s*${key}:) .*$`, 'm');
  expect(SHIPPED).toMatch(pattern);
  return SHIPPED.replace(pattern, `$1 ${value}`);
};
const problemsOf = (text: string): string[] => {
  try {
    return parseConfigText(text, 'accounts.yaml')
      .warnings.filter((p) => p.severity === 'error')
      .map((p) => `${p.path}: ${p.message}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`);
  }
};

/** accounts.yaml field → template parameter it feeds (desired-stackset.ts). */
const FIELDS: Array<[string, string, keyof typeof NUMBER_PARAMETER_BOUNDS]> = [
  ['maxAccessKeyAge', 'controls.access-keys-rotated.maxAccessKeyAge', 'MaxAccessKeyAge'],
  ['deleteGraceDays', 'controls.access-keys-rotated.deleteGraceDays', 'DeleteGraceDays'],
  ['maxCredentialUsageAge', 'controls.unused-credentials.maxCredentialUsageAge', 'MaxCredentialUsageAge'],
  ['maxAutomaticAttempts', 'remediation.maxAutomaticAttempts', 'RemediationMaxAttempts'],
  ['retryAttemptSeconds', 'remediation.retryAttemptSeconds', 'RemediationRetrySeconds'],
];

describe('number parameters: accounts.yaml accepts what the template accepts', () => {
  it.each(FIELDS)('%s takes the bounds of the template parameter', (key, path, parameter) => {
    const declared = parameterOf(template, parameter);
    const [min, max] = [Number(declared.MinValue), Number(declared.MaxValue)];
    expect(problemsOf(withValue(key, String(max)))).toEqual([]);
    expect(problemsOf(withValue(key, String(min)))).toEqual([]);
    expect(problemsOf(withValue(key, String(max + 1)))).toEqual([expect.stringContaining(`${path}: `)]);
    expect(problemsOf(withValue(key, String(min - 1)))).toEqual([expect.stringContaining(`${path}: `)]);
  });

  it('the template check fails when a MaxValue drifts from the bounds accounts.yaml uses', () => {
    const { body, template: changed } = freshTemplate();
    parameterOf(changed, 'MaxAccessKeyAge').MaxValue = 3650;
    expect(checkRemediationTemplate({ body, template: changed }).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^Parameters.MaxAccessKeyAge: MinValue\/MaxValue must be 1\/1095/),
    ]);
  });
});

describe('resourcePrefix: accounts.yaml refuses what CloudFormation and the services refuse', () => {
  const templatePattern = new RegExp(parameterOf(template, 'ResourcePrefix').AllowedPattern!);

  it('the template and accounts.yaml use the one pattern', () => {
    expect(parameterOf(template, 'ResourcePrefix').AllowedPattern).toBe(RESOURCE_PREFIX_PATTERN);
  });

  it.each([
    ['a', /at least 2 characters/],
    ['awsome', /must not start with aws, amazon, amzn: AWS reserves them for SSM document names/],
    ['amazonia', /must not start with aws/],
    ['amzn-tools', /must not start with aws/],
    ['acme-', /must not end with "-"/],
    ['a'.repeat(21), /at most 20 characters/],
    ['Acme', /cannot start resource names/],
  ])('refuses %s, as the template does, naming the field and the fix', (prefix, message) => {
    expect(templatePattern.test(prefix)).toBe(false);
    const problems = problemsOf(withValue('resourcePrefix', prefix));
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^resourcePrefix: .*${message.source}`))]);
  });

  it.each(['ab', 'acme', 'acme-sec', 'a'.repeat(20)])('accepts %s, as the template does', (prefix) => {
    expect(templatePattern.test(prefix)).toBe(true);
    expect(problemsOf(withValue('resourcePrefix', prefix))).toEqual([]);
  });
});

describe('names the prefix makes too long, per region', () => {
  const configWith = (prefix: string, home: string) =>
    parseConfigText(
      withValue('resourcePrefix', prefix)
        .replace(/^(\s*homeRegion:) .*$/m, `$1 ${home}`)
        .replace(/^regions:\n {2}- us-east-1\n/m, `regions:\n  - ${home}\n`),
      'accounts.yaml',
    ).config;

  it('refuses a 20-character prefix whose home-region role name would pass 64 characters in ap-northeast-1', () => {
    const problems = configFitProblems(configWith('a'.repeat(20), 'ap-northeast-1'), template, 'accounts.yaml');
    expect(problems.map((p) => `${p.file} ${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^accounts.yaml resourcePrefix: .*UnusedCredentialsRemediationRole in ap-northeast-1 .*\(66 characters, the limit is 64\): use a prefix of at most 18 characters$/,
      ),
    ]);
  });

  it('accepts the same prefix with a shorter home region, and the longest prefix that fits', () => {
    expect(configFitProblems(configWith('a'.repeat(20), 'us-east-1'), template, 'accounts.yaml')).toEqual([]);
    expect(configFitProblems(configWith('a'.repeat(18), 'ap-northeast-1'), template, 'accounts.yaml')).toEqual([]);
  });
});
