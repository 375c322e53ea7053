/**
 * `cisfleet impact` against the simulator: the preview lists exactly what automatic remediation then changes
 * (same groups, rules, keys and passwords) in a 55-account organization, exempt resources survive AUTO, and a
 * default group that an interface uses is reported for a person and never emptied.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  DescribeStackSetOperationCommand,
} from '@aws-sdk/client-cloudformation';
import { CONTROLS } from '../../src/controls/catalog.js';
import { EXIT_CODES } from '../../src/errors.js';
import type { ImpactReport } from '../../src/model/impact.js';
import { createRemediationStackSet } from '../helpers/remediation-stack-set.js';
import { parentIdOf, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { settle, STACK_SET } from '../report/report-sim.js';
import {
  EXEMPT_TAG,
  HOME,
  OTHER,
  SPECIAL,
  impactOrg,
  liveState,
  previewedRemovals,
  runImpact,
  writeImpactConfig,
} from './impact-sim.js';

const ACCOUNTS = 55;
const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => String(200_000_000_000 + i));

/** Deploys the real template with every control AUTO to the Workloads OU in both regions, then lets Config work. */
async function enforce(sim: TestSimulator): Promise<void> {
  const cfn = new CloudFormationClient(sim.clientConfig);
  try {
    const ou = await parentIdOf(sim.clientConfig, SPECIAL);
    await createRemediationStackSet(
      cfn,
      {
        HomeRegion: HOME,
        ExemptTagKey: EXEMPT_TAG,
        ...Object.fromEntries(CONTROLS.map((c) => [c.modeParameter, 'AUTO'])),
      },
      STACK_SET,
    );
    const { OperationId } = await cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: STACK_SET,
        Regions: [HOME, OTHER],
        DeploymentTargets: { OrganizationalUnitIds: [ou] },
        OperationPreferences: { RegionConcurrencyType: 'PARALLEL', MaxConcurrentPercentage: 100 },
      }),
    );
    for (let i = 0; i < 200; i++) {
      sim.clock.advance(sim.world.timing.stackInstanceMs);
      const { StackSetOperation: op } = await cfn.send(
        new DescribeStackSetOperationCommand({ StackSetName: STACK_SET, OperationId }),
      );
      if (op?.Status !== 'RUNNING' && op?.Status !== 'QUEUED') break;
    }
    // Evaluation, remediation and its retries (5 attempts within 60 s), event-driven key deactivation.
    for (let i = 0; i < 6; i++) settle(sim);
  } finally {
    cfn.destroy();
  }
}

describe('cisfleet impact in the simulator', () => {
  let sim: TestSimulator;
  let preview: ImpactReport;
  let before: Set<string>;
  let after: Set<string>;

  beforeAll(async () => {
    sim = await startTestSimulator(impactOrg(ACCOUNTS));
    const run = await runImpact(sim, writeImpactConfig());
    expect(run.exitCode).toBe(EXIT_CODES.ok);
    preview = run.report;
    before = liveState(sim.world, accountIds, [HOME, OTHER]);
    await enforce(sim);
    after = liveState(sim.world, accountIds, [HOME, OTHER]);
  }, 120_000);

  afterAll(async () => {
    await sim.stop();
  });

  it('lists exactly what remediation then removed: the same group rules, keys and passwords', () => {
    const removed = new Set([...before].filter((x) => !after.has(x)));
    const previewed = previewedRemovals(preview);
    expect(removed.size).toBeGreaterThan(ACCOUNTS * 3);
    expect([...previewed].sort()).toEqual([...removed].sort());
    // Every kind of change is in the comparison, in every account.
    for (const action of ['revoke', 'deactivate-key', 'delete-password'] as const)
      expect(preview.changes.some((c) => c.action === action)).toBe(true);
    expect(new Set(preview.changes.filter((c) => c.action !== 'skipped').map((c) => c.accountId)).size).toBe(ACCOUNTS);
  });

  it('reads keys with their age, last use and service, and revocations with their group, VPC and source', () => {
    const idle = preview.changes.find(
      (c) => c.accountId === SPECIAL && c.resourceId === 'idle' && c.controlId === 'access-keys-rotated',
    )!;
    expect(idle).toMatchObject({
      action: 'deactivate-key',
      keyAgeDays: 200,
      lastUsedService: 'ec2',
      accessKeyId: expect.stringMatching(/^AKIA/),
    });
    const ssh = preview.changes.find(
      (c) => c.accountId === SPECIAL && c.resourceName === 'ssh-open' && c.region === OTHER,
    )!;
    expect(ssh).toMatchObject({
      action: 'revoke',
      direction: 'ingress',
      protocol: 'tcp',
      ports: '22',
      source: { kind: 'cidr', value: '0.0.0.0/0' },
      vpcId: expect.stringMatching(/^vpc-/),
    });
    // The office range of the same permission is not revoked.
    expect(preview.changes.some((c) => c.resourceName === 'ssh-open' && c.source?.value === '10.0.0.0/8')).toBe(false);
  });

  it('skips the tagged bastion group and the tagged break-glass user, with the reason, and AUTO leaves them alone', () => {
    const skipped = preview.changes.filter((c) => c.accountId === SPECIAL && c.action === 'skipped');
    expect(skipped.map((c) => `${c.controlId} ${c.resourceName ?? c.resourceId}`).sort()).toEqual([
      'access-keys-rotated break-glass',
      'admin-ports-closed bastion',
      'admin-ports-closed bastion',
      'unused-credentials break-glass',
    ]);
    expect(skipped[0]?.reason).toMatch(/exemption tag cisfleet:exempt=/);
    const bastion = [...sim.world.region(SPECIAL, HOME).securityGroups.values()].find(
      (g) => g.groupName === 'bastion',
    )!;
    expect(bastion.ingress[0]?.ipv4Ranges).toEqual(['0.0.0.0/0']);
    const breakGlass = sim.world.accountIam(SPECIAL).users.get('break-glass')!;
    expect(breakGlass.accessKeys[0]?.status).toBe('Active');
    expect(breakGlass.passwordLastUsed).toBe('never');
  });

  it('reports a default group an interface uses as needing a person, naming the interface, and AUTO does not empty it', () => {
    const needs = preview.changes.filter((c) => c.action === 'needs-person');
    expect(needs).toEqual([
      expect.objectContaining({
        accountId: SPECIAL,
        region: HOME,
        resourceName: 'default',
        interfaces: [expect.stringMatching(/^eni-\w+ \(i-0abc\) legacy app$/)],
      }),
    ]);
    const group = [...sim.world.region(SPECIAL, HOME).securityGroups.values()].find((g) => g.groupName === 'default')!;
    expect(group.ingress.length + group.egress.length).toBeGreaterThan(0);
    // The same account's default group in the other region has no interface: it is emptied.
    const other = [...sim.world.region(SPECIAL, OTHER).securityGroups.values()].find((g) => g.groupName === 'default')!;
    expect(other.ingress.length + other.egress.length).toBe(0);
  });

  it('totals changes per account, OU and control', () => {
    const t = preview.totals;
    const sum = (counts: Record<string, { changes: number }>) =>
      Object.values(counts).reduce((n, c) => n + c.changes, 0);
    expect(sum(t.byAccount)).toBe(t.total.changes);
    expect(sum(t.byControl)).toBe(t.total.changes);
    expect(Object.keys(t.byOu)).toEqual(['/Root/Workloads']);
    expect(t.total).toMatchObject({ needsPerson: 1, skipped: 4 });
  });
});
