import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseConfigText } from '../../src/config/load-config.js';
import { accountOverrides } from '../../src/planning/desired-stackset.js';
import { chooseRecorderBase, CONTROL_TOWER_RECORDER } from '../../src/planning/recorder-base.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

const shipped = readFileSync(`${REPO_ROOT}/accounts.yaml`, 'utf8');
const auto = parseConfigText(shipped, 'accounts.yaml').config;
const withMode = (mode: string) =>
  parseConfigText(shipped.replace(/^(\s*)mode: auto\b/m, `$1mode: ${mode}`), 'accounts.yaml').config;

const controlTower = { 'us-east-1': { recorderName: CONTROL_TOWER_RECORDER }, 'eu-west-1': {} };
const none = { 'us-east-1': {}, 'eu-west-1': {} };
const other = { 'us-east-1': { recorderName: 'default' }, 'eu-west-1': {} };

describe('chooseRecorderBase (decision 0006)', () => {
  it("is false for a new stack set when a checked account has Control Tower's recorder, and says so", () => {
    const base = chooseRecorderBase(auto, [none, controlTower, other], undefined);
    expect(base.value).toBe('false');
    expect(base.reason).toMatch(/^Control Tower's recorder found in 1 of 3 checked accounts: /);
  });

  it('is true for a new stack set without Control Tower, even where accounts have recorders of their own', () => {
    const base = chooseRecorderBase(auto, [none, other], undefined);
    expect(base).toEqual({
      value: 'true',
      reason: expect.stringMatching(/^no Control Tower recorder in the 2 checked/),
    });
    expect(chooseRecorderBase(auto, [], undefined).value).toBe('true');
  });

  it('keeps the value of a deployed stack set, which its instances inherit, and says what it would have chosen', () => {
    const kept = chooseRecorderBase(auto, [controlTower], 'true');
    expect(kept.value).toBe('true');
    expect(kept.reason).toMatch(/^kept from the deployed stack set \(Control Tower's recorder found in 1 of 1/);
    expect(chooseRecorderBase(auto, [none], 'false').value).toBe('false');
    expect(chooseRecorderBase(auto, [], 'false')).toEqual({
      value: 'false',
      reason: expect.stringMatching(/no account/),
    });
    expect(chooseRecorderBase(auto, [controlTower], 'false').reason).toMatch(/^Control Tower's recorder found/);
  });

  it('stays true without auto-deployment: every instance is made after its account is checked', () => {
    const off = parseConfigText(
      shipped
        .replace(/^(\s*)enabled: true\b/m, '$1enabled: false')
        .replace(/^\s*retainStacksOnAccountRemoval: .*\n/m, ''),
      'accounts.yaml',
    ).config;
    expect(off.stackSet.autoDeployment?.enabled).toBe(false);
    expect(chooseRecorderBase(off, [controlTower, none], undefined)).toEqual({
      value: 'true',
      reason: expect.stringMatching(/^no auto-deployment/),
    });
  });

  it('follows configRecorder.mode skip and create whatever preflight found', () => {
    expect(chooseRecorderBase(withMode('skip'), [none], 'true').value).toBe('false');
    expect(chooseRecorderBase(withMode('create'), [controlTower], 'false').value).toBe('true');
  });
});

describe('accountOverrides against the base', () => {
  it('under base false: true where no recorder exists or cisfleet made it, none where Control Tower has one', () => {
    const ours = { 'us-east-1': { recorderName: 'cisfleet-recorder', deliveryChannelName: 'cisfleet-delivery' } };
    expect(accountOverrides(auto, '222222222222', controlTower, 'false')).toEqual({
      'eu-west-1': { CreateConfigRecorder: 'true' },
    });
    expect(accountOverrides(auto, '222222222222', { ...none, ...ours }, 'false')).toEqual({
      'us-east-1': { CreateConfigRecorder: 'true' },
      'eu-west-1': { CreateConfigRecorder: 'true' },
    });
  });

  it('an account not checked (or a region not checked) keeps no recorder override', () => {
    expect(accountOverrides(auto, '222222222222', undefined, 'false')).toEqual({});
    expect(accountOverrides(auto, '222222222222', { 'us-east-1': {} }, 'false')).toEqual({
      'us-east-1': { CreateConfigRecorder: 'true' },
    });
  });
});
