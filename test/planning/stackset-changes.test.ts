import { describe, it, expect } from '@jest/globals';
import { desiredStackSet } from '../../src/planning/desired-stackset.js';
import { sha256, stackSetChanges, stackSetOperations } from '../../src/planning/stackset-changes.js';
import { BODY, NO_MANAGEMENT, current, deployedSet, instance, setup, template } from './rollout-fixtures.js';
import { only } from '../helpers/elements.js';

describe('stackSetChanges', () => {
  it('a new stack set shows its resources, every parameter and every tag as added', () => {
    const { desired } = setup(NO_MANAGEMENT);

    const changes = stackSetChanges(desired, undefined);

    expect(changes.action).toBe('create');
    expect(changes.changes.template).toMatchObject({
      toSha: desired.templateSha256,
      resources: [{ logicalId: 'Rule', type: 'AWS::Config::ConfigRule', change: 'add', impact: 'WILL_CREATE' }],
      diffText: expect.stringMatching(/^Resources\n\[\+\] AWS::Config::ConfigRule Rule/) as unknown,
    });
    expect(changes.changes.parameters.map((p) => p.key)).toEqual(Object.keys(desired.spec.parameters).sort());
    expect(changes.changes.parameters.every((p) => p.from === undefined)).toBe(true);
  });

  it('nothing changes when the deployed stack set is what accounts.yaml asks for', () => {
    const { desired } = setup(NO_MANAGEMENT);

    const changes = stackSetChanges(desired, deployedSet(desired, []));

    expect(changes.action).toBe('none');
    expect(changes.changes).toEqual({ template: undefined, parameters: [], tags: [], other: [] });
  });

  it('a template change carries both hashes and the CloudFormation diff', () => {
    const { config } = setup(NO_MANAGEMENT);
    const deployed = deployedSet(desiredStackSet(config, template()), []);
    const desired = desiredStackSet(config, template(BODY.replace('SourceIdentifier: X', 'SourceIdentifier: Y')));

    const changes = stackSetChanges(desired, deployed);

    expect(changes.action).toBe('update');
    expect(changes.changes.template).toMatchObject({ fromSha: sha256(BODY), toSha: desired.templateSha256 });
    expect(changes.changes.template?.diffText).toMatch(/\[~\] AWS::Config::ConfigRule Rule/);
    expect(changes.changes.template?.resources).toEqual([
      {
        logicalId: 'Rule',
        type: 'AWS::Config::ConfigRule',
        change: 'update',
        impact: 'WILL_UPDATE',
        properties: ['Source'],
      },
    ]);
  });

  it('a body that differs only in comments is a change with no resource changes', () => {
    const { config } = setup(NO_MANAGEMENT);
    const deployed = deployedSet(desiredStackSet(config, template()), []);
    const desired = desiredStackSet(config, template(`# a comment\n${BODY}`));

    const changes = stackSetChanges(desired, deployed);

    expect(changes.action).toBe('update');
    expect(changes.changes.template?.diffText).toBe('(no resource changes: formatting or comments only)');
  });

  it('parameter and tag changes list the old and the new value; the other attributes too', () => {
    const { desired } = setup(NO_MANAGEMENT);
    const deployed = {
      ...deployedSet(desired, []),
      parameters: { ...desired.spec.parameters, KeyAction: 'delete' },
      tags: { ...desired.spec.tags, team: 'platform' },
      description: 'old description',
    };

    const changes = stackSetChanges(desired, deployed);

    expect(changes.action).toBe('update');
    expect(changes.changes.parameters).toEqual([
      { key: 'KeyAction', from: 'delete', to: desired.spec.parameters.KeyAction },
    ]);
    expect(changes.changes.tags).toEqual([{ key: 'team', from: 'platform', to: undefined }]);
    expect(changes.changes.other.map((c) => c.key)).toEqual(['description']);
  });
});

describe('stackSetOperations', () => {
  it('a new service-managed stack set first turns trusted access on when it is off', () => {
    const { desired } = setup(NO_MANAGEMENT);
    const state = { ...current(undefined, []), trustedAccess: false };

    const operations = stackSetOperations(stackSetChanges(desired, undefined), desired, state, {});

    expect(operations.map((o) => o.kind)).toEqual(['activate-trusted-access', 'create-stack-set']);
  });

  it('an update is one UpdateStackSet that names the instances it reaches, and its scope when narrowed', () => {
    const { config, targets } = setup(NO_MANAGEMENT);
    const deployed = deployedSet(desiredStackSet(config, template()), [only(targets.ouIds, 'target OU')]);
    const desired = desiredStackSet(config, template(BODY.replace('SourceIdentifier: X', 'SourceIdentifier: Y')));
    const state = current(deployed, [instance('200000000001', 'us-east-1', only(targets.ouIds, 'target OU'))]);
    const changes = stackSetChanges(desired, deployed);
    const scope = { targets: { accounts: ['200000000001'] }, regions: ['us-east-1'] };

    expect(stackSetOperations(changes, desired, state, {})).toEqual([
      {
        kind: 'update-stack-set',
        title: 'UpdateStackSet',
        why: 'one operation updates all 1 existing instance with the new template, parameters and tags',
      },
    ]);
    expect(stackSetOperations(changes, desired, state, { scope })).toEqual([
      expect.objectContaining({ kind: 'update-stack-set', scope, why: expect.stringMatching(/--ou\/--region scope/) }),
    ]);
  });
});
