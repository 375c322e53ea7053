/**
 * `cisfleet rollout` with a SELF_MANAGED stack set against the demo organization: targets resolved to
 * account ids, the execution role checked per account by preflight, and `--remove` by account.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CloudFormationClient, DescribeStackSetCommand } from '@aws-sdk/client-cloudformation';
import { EXIT_CODES } from '../../src/errors.js';
import { rolloutHarness, stackSetReader, writeConfig, writes, type RolloutHarness } from './rollout-fixtures.js';
import { EXECUTION_ROLE, selfManagedConfig, selfManagedScenario } from './self-managed-fixtures.js';

const STACK_SET = 'cisfleet-cis-remediation';
const REGIONS = ['us-east-1', 'eu-west-1'];
/** ACTIVE targeted accounts of the demo organization (101… is suspended); here every one is reachable. */
const DEPLOYED = [
  '121212121212',
  '131313131313',
  '222222222222',
  '333333333333',
  '444444444444',
  '555555555555',
  '666666666666',
  '777777777777',
  '888888888888',
  '999999999999',
];
/** At the root, not targeted yet; it has the execution role. */
const NEWCOMER = '141414141414';
/** At the root, not targeted yet; it has the member role but no execution role. */
const WITHOUT_EXECUTION_ROLE = '151515151515';

describe('cisfleet rollout with a SELF_MANAGED stack set', () => {
  let h: RolloutHarness;
  let cfn: CloudFormationClient;
  const config = writeConfig(selfManagedConfig());

  const { instances, overridesOf } = stackSetReader(() => cfn, STACK_SET);
  const everywhere = (accounts: readonly string[], status = 'CURRENT') =>
    accounts.flatMap((a) => REGIONS.map((r) => `${a} ${r} ${status}`)).sort();
  const listed = async () => (await instances()).map((i) => `${i.Account} ${i.Region} ${i.Status}`).sort();

  beforeAll(async () => {
    h = await rolloutHarness(
      selfManagedScenario(
        [
          { id: NEWCOMER, name: 'Newcomer', email: 'newcomer@example.com' },
          { id: WITHOUT_EXECUTION_ROLE, name: 'No Execution Role', email: 'no-exec@example.com' },
        ],
        [WITHOUT_EXECUTION_ROLE],
      ),
    );
    cfn = new CloudFormationClient(h.sim.clientConfig);
  });
  afterAll(async () => {
    cfn.destroy();
    await h.stop();
  });

  it('first rollout: creates the stack set and deploys to every targeted account × region by account id, with per-account overrides', async () => {
    const run = await h.run({}, { config });

    expect(run.plan.stackSet).toMatchObject({ action: 'create', permissionModel: 'SELF_MANAGED' });
    // No trusted access is needed (or asked for) for a self-managed stack set.
    expect(run.plan.operations.map((o) => o.kind)).not.toContain('activate-trusted-access');
    for (const op of run.plan.operations) {
      if (op.kind === 'create-instances') expect(op.targets).toEqual({ accounts: expect.any(Array) });
    }
    expect(await listed()).toEqual(everywhere(DEPLOYED));
    const { StackSet } = await cfn.send(new DescribeStackSetCommand({ StackSetName: STACK_SET }));
    expect(StackSet).toMatchObject({
      PermissionModel: 'SELF_MANAGED',
      ExecutionRoleName: EXECUTION_ROLE,
      OrganizationalUnitIds: [],
    });
    expect(StackSet?.AdministrationRoleARN).toBe(
      'arn:aws:iam::111111111111:role/AWSCloudFormationStackSetAdministrationRole',
    );
    expect(StackSet?.AutoDeployment).toBeUndefined();
    // Control Tower's recorder in 333…: the instance does not create another; the exempt account runs DETECT.
    for (const region of REGIONS)
      expect(await overridesOf('333333333333', region)).toEqual({ CreateConfigRecorder: 'false' });
    expect(await overridesOf('121212121212', 'eu-west-1')).toEqual({ AdminPortsMode: 'DETECT' });
    expect(await overridesOf('222222222222', 'us-east-1')).toEqual({});
    expect(run.outcome?.operations.every((o) => o.status === 'SUCCEEDED' && o.failed.length === 0)).toBe(true);
    expect(run.exitCode).toBe(EXIT_CODES.ok);
  });

  it('no-op rerun: up to date, no operation, no write call', async () => {
    h.resetCalls();
    const run = await h.run({}, { config });

    expect(run.plan.upToDate).toBe(true);
    expect(run.plan.instances.unchanged).toBe(DEPLOYED.length * REGIONS.length);
    expect(run.reporter.all).toMatch(/up to date/);
    expect(writes(h.calls())).toEqual([]);
    // Every targeted account holds CURRENT instances: none needs preflight.
    expect(h.calls()['sts:AssumeRole'] ?? 0).toBe(0);
    expect(run.exitCode).toBe(EXIT_CODES.ok);
  });

  it('an account added to includeAccounts gets exactly its instances, in one CreateStackInstances', async () => {
    h.resetCalls();
    const run = await h.run(
      {},
      { config: writeConfig(selfManagedConfig({ includeAccounts: ['131313131313', NEWCOMER] })) },
    );

    expect(run.plan.instances.add.map((i) => `${i.accountId} ${i.region}`).sort()).toEqual(
      REGIONS.map((r) => `${NEWCOMER} ${r}`).sort(),
    );
    expect(run.plan.operations).toEqual([
      expect.objectContaining({
        kind: 'create-instances',
        targets: { accounts: [NEWCOMER] },
        regions: [...REGIONS].sort(),
      }),
    ]);
    expect(writes(h.calls())).toEqual(['cloudformation:CreateStackInstances']);
    expect(h.calls()['cloudformation:CreateStackInstances']).toBe(1);
    expect(await listed()).toEqual(everywhere([...DEPLOYED, NEWCOMER]));
    expect(run.exitCode).toBe(EXIT_CODES.ok);
  });

  it('an account whose execution role is missing, then does not trust the administrator, is reported by preflight with the fix and gets no instance; once fixed, a rerun deploys it', async () => {
    const targets = writeConfig(
      selfManagedConfig({ includeAccounts: ['131313131313', NEWCOMER, WITHOUT_EXECUTION_ROLE] }),
    );
    h.resetCalls();
    const missing = await h.run({}, { config: targets });

    expect(missing.plan.unreachable).toEqual([
      expect.objectContaining({
        accountId: WITHOUT_EXECUTION_ROLE,
        reason: expect.stringContaining(`the StackSets execution role ${EXECUTION_ROLE} does not exist`),
      }),
    ]);
    expect(missing.reporter.all).toContain(
      `${WITHOUT_EXECUTION_ROLE}: the StackSets execution role ${EXECUTION_ROLE} does not exist: create it, trusting account 111111111111`,
    );
    expect(missing.exitCode).toBe(EXIT_CODES.partial);
    // Only the account that needs an instance is looked into, and no operation is started for nothing.
    expect(h.calls()['iam:GetRole']).toBe(1);
    expect(writes(h.calls())).toEqual([]);
    expect((await listed()).filter((i) => i.startsWith(WITHOUT_EXECUTION_ROLE))).toEqual([]);

    // A role that trusts another account would fail the same way in StackSets: preflight names the account to add.
    h.sim.world
      .accountIam(WITHOUT_EXECUTION_ROLE)
      .roles.set(EXECUTION_ROLE, { name: EXECUTION_ROLE, trustedAccountIds: ['999999999999'] });
    const untrusted = await h.run({ dryRun: true }, { config: targets });
    expect(untrusted.plan.unreachable.map((u) => u.reason)).toEqual([
      `the StackSets execution role ${EXECUTION_ROLE} trusts 999999999999, not the administration account 111111111111: add it to the role's trust policy`,
    ]);

    // The administrator fixes the trust; the next rollout deploys the account, and only it.
    h.sim.world
      .accountIam(WITHOUT_EXECUTION_ROLE)
      .roles.set(EXECUTION_ROLE, { name: EXECUTION_ROLE, trustedAccountIds: ['111111111111'] });
    h.resetCalls();
    const retry = await h.run({}, { config: targets });
    expect(retry.plan.unreachable).toEqual([]);
    expect(retry.plan.instances.add.map((i) => `${i.accountId} ${i.region}`).sort()).toEqual(
      REGIONS.map((r) => `${WITHOUT_EXECUTION_ROLE} ${r}`).sort(),
    );
    expect(writes(h.calls())).toEqual(['cloudformation:CreateStackInstances']);
    expect(retry.exitCode).toBe(EXIT_CODES.ok);
    expect(await listed()).toEqual(everywhere([...DEPLOYED, NEWCOMER, WITHOUT_EXECUTION_ROLE]));
  });

  it('an account dropped from includeAccounts loses its instances, and only it', async () => {
    h.resetCalls();
    const run = await h.run(
      {},
      { config: writeConfig(selfManagedConfig({ includeAccounts: ['131313131313', NEWCOMER] })) },
    );

    expect(run.plan.instances.remove.map((i) => `${i.accountId} ${i.region}`).sort()).toEqual(
      REGIONS.map((r) => `${WITHOUT_EXECUTION_ROLE} ${r}`).sort(),
    );
    expect(run.plan.operations).toEqual([
      expect.objectContaining({ kind: 'delete-instances', targets: { accounts: [WITHOUT_EXECUTION_ROLE] } }),
    ]);
    expect(writes(h.calls())).toEqual(['cloudformation:DeleteStackInstances']);
    expect(await listed()).toEqual(everywhere([...DEPLOYED, NEWCOMER]));
  });

  it('another execution role in accounts.yaml is a stack set change the plan shows (--dry-run writes nothing)', async () => {
    h.resetCalls();
    const renamed = selfManagedConfig({ includeAccounts: ['131313131313', NEWCOMER] }).replace(
      'permissionModel: SELF_MANAGED',
      'permissionModel: SELF_MANAGED\n  executionRoleName: CisfleetStackSetExecution',
    );
    const run = await h.run({ dryRun: true }, { config: writeConfig(renamed) });

    expect(run.plan.stackSet.action).toBe('update');
    expect(run.plan.stackSet.changes.other).toEqual([
      { key: 'executionRoleName', from: EXECUTION_ROLE, to: 'CisfleetStackSetExecution' },
    ]);
    expect(run.plan.operations.map((o) => o.kind)).toEqual(['update-stack-set']);
    expect(writes(h.calls())).toEqual([]);
  });

  it('accounts.yaml switched back to SERVICE_MANAGED: refused before any write (exit 2), naming the way out', async () => {
    h.resetCalls();
    const error = (await h.run({}, { config: writeConfig() }).catch((e: unknown) => e)) as Error & { exitCode: number };

    expect(error.exitCode).toBe(EXIT_CODES.usage);
    expect(error.message).toContain(`stack set ${STACK_SET} is SELF_MANAGED, accounts.yaml says SERVICE_MANAGED`);
    expect(error.message).toContain('cisfleet rollout --remove');
    expect(writes(h.calls())).toEqual([]);
  });

  it('--remove: every instance by account id, then the stack set and the management stacks go', async () => {
    const dry = await h.run({ remove: true, dryRun: true }, { config });
    expect(dry.plan.instances.remove).toHaveLength((DEPLOYED.length + 1) * REGIONS.length);

    const run = await h.run({ remove: true }, { config });
    expect(run.plan.operations.map((o) => o.kind)).toEqual([
      'delete-instances',
      'delete-stack-set',
      'delete-stack',
      'delete-stack',
    ]);
    expect(run.plan.operations[0]).toMatchObject({ targets: { accounts: [...DEPLOYED, NEWCOMER].sort() } });
    expect(run.exitCode).toBe(EXIT_CODES.ok);
    await expect(cfn.send(new DescribeStackSetCommand({ StackSetName: STACK_SET }))).rejects.toMatchObject({
      name: 'StackSetNotFoundException',
    });
    expect((await h.run({ remove: true }, { config })).plan.upToDate).toBe(true);
  });
});
