import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfigText } from '../../src/config/load-config.js';
import { exampleConfigPath } from '../../src/config/package-files.js';
import { formatConfigProblem } from '../../src/config/problems.js';
import { CONTROL_IDS } from '../../src/controls/catalog.js';
import { ConfigError } from '../../src/errors.js';
import { configText, problemsIn, problemsWith } from './config-builder.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'config');

async function configErrorFrom(load: Promise<unknown>): Promise<ConfigError> {
  const error = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('the shipped accounts.yaml', () => {
  it('loads with no problems at all, warnings included', async () => {
    const loaded = await loadConfig(exampleConfigPath());
    expect(loaded.warnings).toEqual([]);
    expect(loaded.path).toBe(exampleConfigPath());
  });

  it('describes the demo organization', async () => {
    const { config } = await loadConfig(exampleConfigPath());
    expect(config.organization).toMatchObject({
      managementAccountId: '111111111111',
      homeRegion: 'us-east-1',
      callAs: 'SELF',
    });
    expect(config.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(config.targets.organizationalUnitPaths).toEqual(['/Root/Security', '/Root/Workloads', '/Root/Sandbox']);
    expect(config.stackSet.operationPreferences).toMatchObject({
      regionConcurrencyType: 'PARALLEL',
      maxConcurrentPercentage: 25,
      failureTolerancePercentage: 10,
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
  });

  it('yields a frozen config', async () => {
    const { config } = await loadConfig(exampleConfigPath());
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.targets.organizationalUnitPaths)).toBe(true);
    expect(Object.isFrozen(config.controls['access-keys-rotated'])).toBe(true);
  });
});

describe('a file with many mistakes', () => {
  it('reports every one of them at once, each at its line and column', async () => {
    const error = await configErrorFrom(loadConfig(join(FIXTURES, 'many-mistakes.yaml')));
    const where = error.problems.map((p) => `${p.line}:${p.col} ${p.path}`);
    expect(where).toEqual([
      '4:24 organization.managementAccountId',
      '9:21 targets.excludeAccounts[0]',
      '13:5 regions[2]',
      '15:3 memberRole.nmae',
      '19:30 stackSet.operationPreferences.maxConcurrentPercentage',
      '21:9 configRecorder.mode',
      '25:22 controls.access-keys-rotated.deleteGraceDays',
      '28:18 exemptions.accounts[0].accountId',
      '29:18 exemptions.accounts[0].controls[0]',
      '32:11 report.source',
      '33:17 resourcePrefix',
      '34:1 concurency',
      '36:1 ',
    ]);
    expect(error.problems.every((p) => p.severity === 'error')).toBe(true);
  });

  it('formats each problem as file:line:col path: message (fix)', async () => {
    const file = join(FIXTURES, 'many-mistakes.yaml');
    const error = await configErrorFrom(loadConfig(file));
    const lines = error.problems.map(formatConfigProblem);
    expect(lines).toContain(`${file}:13:5 regions[2]: "us-est-1" is not an AWS region (did you mean us-east-1?)`);
    expect(lines).toContain(`${file}:15:3 memberRole.nmae: unknown key "nmae" (did you mean name?)`);
    expect(lines).toContain(`${file}:34:1 concurency: unknown key "concurency" (did you mean concurrency?)`);
    expect(lines).toContain(
      `${file}:21:9 configRecorder.mode: "creat" is not one of auto, create, skip (did you mean create?)`,
    );
    expect(lines).toContain(
      `${file}:29:18 exemptions.accounts[0].controls[0]: "admin-port-closed" is not a cisfleet control (did you mean admin-ports-closed?); controls: default-sg-closed, admin-ports-closed, access-keys-rotated, unused-credentials`,
    );
    expect(lines).toContain(
      `${file}:36:1: duplicate key "version": YAML keeps only one of them, so remove or merge the other`,
    );
    expect(error.message).toContain(`13 problems in ${file}`);
  });
});

describe('account ids', () => {
  it('asks to quote an unquoted id and restores its leading zero', () => {
    const text = configText().replace('managementAccountId: "111111111111"', 'managementAccountId: 012345678901');
    expect(text).toContain('managementAccountId: 012345678901');
    const [problem] = problemsIn(text);
    expect(problem?.message).toBe(
      '12345678901 is a number in YAML, which drops leading zeros: quote it ("012345678901")',
    );
  });

  it('rejects an id without 12 digits', () => {
    const problems = problemsWith({ targets: { excludeAccounts: ['12345'] } });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'targets.excludeAccounts[0]: "12345" is not an AWS account id (12 digits, quoted)',
    ]);
  });
});

describe('schema checks', () => {
  it.each([
    [
      'an ExternalId of one character',
      { memberRole: { externalId: 'x' } },
      'memberRole.externalId',
      /2–1224 characters/,
    ],
    ['an ExternalId with a space', { memberRole: { externalId: 'my id' } }, 'memberRole.externalId', /no spaces/],
    [
      'an OU path with a trailing slash',
      { targets: { organizationalUnits: ['/Root/Workloads/'] } },
      'targets.organizationalUnits[0]',
      /drop the trailing slash/,
    ],
    [
      'a session shorter than 900 s',
      { memberRole: { sessionDurationSeconds: 60 } },
      'memberRole.sessionDurationSeconds',
      /at least 900/,
    ],
    ['concurrency above 256', { concurrency: { accounts: 1000 } }, 'concurrency.accounts', /at most 256/],
    ['a resource prefix ending in -', { resourcePrefix: 'cis-' }, 'resourcePrefix', /must not end with "-"/],
    ['a reserved tag key', { exemptions: { tagKey: 'aws:exempt' } }, 'exemptions.tagKey', /reserved by AWS/],
    [
      'an impossible date',
      {
        exemptions: {
          accounts: [
            { accountId: '333333333333', controls: ['default-sg-closed'], reason: 'lab', expires: '2027-02-30' },
          ],
        },
      },
      'exemptions.accounts[0].expires',
      /not a calendar date/,
    ],
    [
      'a mode in the wrong case',
      { controls: { 'default-sg-closed': { mode: 'auto' } } },
      'controls.default-sg-closed.mode',
      /did you mean AUTO\?/,
    ],
    ['a version from the future', { version: 2 }, 'version', /this cisfleet reads version 1/],
    [
      'a reserved stack set tag key',
      { stackSet: { tags: { 'aws:team': 'x' } } },
      'stackSet.tags.aws:team',
      /key "aws:team": tag keys starting with "aws:" are reserved/,
    ],
    [
      'an exemption from no control',
      { exemptions: { accounts: [{ accountId: '333333333333', controls: [], reason: 'lab' }] } },
      'exemptions.accounts[0].controls',
      /needs at least 1 item$/,
    ],
    [
      'a list where a map belongs',
      { memberRole: ['OrganizationAccountAccessRole'] },
      'memberRole',
      /expected a map, found a list/,
    ],
  ])('rejects %s', (_, overrides, path, says) => {
    const problems = problemsWith(overrides);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toContainEqual(
      expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: .*${says.source}`)),
    );
  });

  it('reports a missing required key on the map it belongs in', () => {
    const text = [
      'version: 1',
      'organization:',
      '  managementAccountId: "111111111111"',
      'regions: [us-east-1]',
      'targets:',
      '  organizationalUnits: [/Root]',
      '',
    ].join('\n');
    expect(problemsIn(text).map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([
      '3:3 organization: missing required key "homeRegion"',
    ]);
  });

  it('reports a key written without a value at that key', () => {
    const text = configText().replace('homeRegion: us-east-1', 'homeRegion:');
    const [problem] = problemsIn(text);
    expect(problem).toMatchObject({
      path: 'organization.homeRegion',
      message: '"homeRegion" has no value',
      line: 4,
      col: 3,
    });
  });

  it('treats an empty map value as not given, so its defaults apply', () => {
    const text = `${configText()}configRecorder:\n  delivery:\n    # centralBucketName: org-config\n`;
    const { config } = parseConfigText(text, 'accounts.yaml');
    expect(config.configRecorder).toEqual({ mode: 'auto', delivery: {} });
  });
});

describe('normalising', () => {
  it('splits OU ids from paths, puts the home region first and drops repeats', () => {
    const text = configText({
      organization: { homeRegion: 'eu-west-1' },
      regions: ['us-east-1', 'eu-west-1', 'us-east-1'],
      targets: { organizationalUnits: ['ou-abcd-12345678', '/Root/Sandbox', 'r-ab12'] },
    });
    const { config, warnings } = parseConfigText(text, 'accounts.yaml');
    expect(config.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(config.targets.organizationalUnitIds).toEqual(['ou-abcd-12345678', 'r-ab12']);
    expect(config.targets.organizationalUnitPaths).toEqual(['/Root/Sandbox']);
    expect(warnings.map((w) => w.path)).toEqual(['regions[2]']);
  });

  it('fills in the percentage only where no count is given', () => {
    const { config } = parseConfigText(
      configText({ stackSet: { operationPreferences: { maxConcurrentCount: 4 } } }),
      'accounts.yaml',
    );
    expect(config.stackSet.operationPreferences).toMatchObject({
      maxConcurrentCount: 4,
      failureTolerancePercentage: 10,
    });
    expect(config.stackSet.operationPreferences.maxConcurrentPercentage).toBeUndefined();
  });

  it('applies defaults by permission model and from the control catalog', () => {
    const selfManaged = parseConfigText(
      configText({ stackSet: { permissionModel: 'SELF_MANAGED' } }),
      'accounts.yaml',
    ).config;
    expect(selfManaged.stackSet).toMatchObject({
      administrationRoleArn: 'arn:aws:iam::111111111111:role/AWSCloudFormationStackSetAdministrationRole',
      executionRoleName: 'AWSCloudFormationStackSetExecutionRole',
    });
    expect(selfManaged.stackSet.autoDeployment).toBeUndefined();
    const defaults = parseConfigText(configText(), 'accounts.yaml').config;
    expect(defaults.stackSet.autoDeployment).toEqual({ enabled: true, retainStacksOnAccountRemoval: false });
    // Staged enforcement: nothing is remediated until accounts.yaml opts a control into AUTO.
    for (const id of CONTROL_IDS) expect(defaults.controls[id].mode).toBe('DETECT');
    expect(defaults.controls['access-keys-rotated']).toEqual({
      mode: 'DETECT',
      maxAccessKeyAge: 90,
      action: 'DEACTIVATE',
      deleteGraceDays: 30,
    });
    expect(defaults.report.aggregatorRegion).toBeUndefined();
    const aggregated = parseConfigText(configText({ report: { aggregatorName: 'org' } }), 'accounts.yaml').config;
    expect(aggregated.report.aggregatorRegion).toBe('us-east-1');
  });

  it('marks an expired exemption and returns it as a warning', () => {
    const exemption = {
      accountId: '333333333333',
      controls: ['admin-ports-closed'],
      reason: 'lab',
      expires: '2026-01-31',
    };
    const { config, warnings } = parseConfigText(
      configText({ exemptions: { accounts: [exemption] } }),
      'accounts.yaml',
      { now: Date.parse('2026-06-01') },
    );
    expect(config.exemptions.accounts[0]?.expired).toBe(true);
    expect(warnings).toHaveLength(1);
  });
});

describe('files that are not configs', () => {
  it('reports a YAML syntax error at its position', () => {
    const text = 'version: 1\nregions: [us-east-1,\norganization:\n  homeRegion: us-east-1\n';
    const problems = problemsIn(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ severity: 'error', line: 3, col: 1 });
    expect(problems[0]?.message).toMatch(/^YAML: /);
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments', '# nothing here yet\n'],
  ])('says how to start from %s', (_, text) => {
    const problems = problemsIn(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(
      `the file is empty: start from the commented example ${exampleConfigPath()}`,
    );
  });

  it('rejects a top level that is not a map', () => {
    expect(problemsIn('- us-east-1\n').map((p) => p.message)).toEqual(['expected a map, found a list']);
  });

  it('names a missing file and says how to create one', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'cisfleet-config-')), 'accounts.yaml');
    const error = await configErrorFrom(loadConfig(missing));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain(missing);
    expect(error.message).toContain(`copy the commented example ${exampleConfigPath()}`);
    expect(error.exitCode).toBe(2);
  });

  it('loads a file given by path and reports its absolute path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cisfleet-config-'));
    const file = join(dir, 'org.yaml');
    writeFileSync(file, configText());
    expect((await loadConfig(file)).path).toBe(file);
  });
});

describe('the config module', () => {
  it('never reaches AWS: it imports neither src/aws nor the SDK', () => {
    const dir = join(import.meta.dirname, '..', '..', 'src', 'config');
    const offenders = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .filter((name) => /from '(@aws-sdk\/|\.\.\/aws\/)/.test(readFileSync(join(dir, name), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
