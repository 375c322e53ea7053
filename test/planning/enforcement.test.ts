import { describe, expect, it } from '@jest/globals';
import { controlsTurnedToAuto } from '../../src/planning/enforcement.js';

const plan = (
  action: 'create' | 'update' | 'none',
  parameters: Array<{ key: string; from?: string; to?: string }> = [],
  mode: 'deploy' | 'remove' = 'deploy',
) =>
  ({ mode, stackSet: { action, changes: { parameters, tags: [], other: [] } } }) as unknown as Parameters<
    typeof controlsTurnedToAuto
  >[0];

describe('controlsTurnedToAuto', () => {
  it('names the controls a new stack set deploys in AUTO', () => {
    expect(
      controlsTurnedToAuto(plan('create'), {
        AdminPortsMode: 'AUTO',
        DefaultSecurityGroupMode: 'DETECT',
        AccessKeysMode: 'AUTO',
      }),
    ).toEqual(['admin-ports-closed', 'access-keys-rotated']);
  });

  it('names the controls an update moves to AUTO, and none that stay AUTO or leave it', () => {
    const changes = [
      { key: 'AdminPortsMode', from: 'DETECT', to: 'AUTO' },
      { key: 'AccessKeysMode', from: 'AUTO', to: 'DETECT' },
      { key: 'UnusedCredentialsMode', from: 'MANUAL', to: 'AUTO' },
      { key: 'MaxAccessKeyAge', from: '90', to: '60' },
    ];
    expect(controlsTurnedToAuto(plan('update', changes), { DefaultSecurityGroupMode: 'AUTO' })).toEqual([
      'admin-ports-closed',
      'unused-credentials',
    ]);
    expect(controlsTurnedToAuto(plan('none'), { DefaultSecurityGroupMode: 'AUTO' })).toEqual([]);
  });

  it('names nothing when the plan removes the stack set', () => {
    expect(controlsTurnedToAuto(plan('create', [], 'remove'), { AdminPortsMode: 'AUTO' })).toEqual([]);
  });
});
