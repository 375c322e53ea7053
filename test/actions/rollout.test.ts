import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  DescribeStackSetCommand,
  DetectStackSetDriftCommand,
  DescribeStackSetOperationCommand,
} from '@aws-sdk/client-cloudformation';
import { EXIT_CODES } from '../../src/errors.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { fakeClock } from '../helpers/fake-clock.js';
import {
  demoScenario,
  rolloutHarness,
  SHIPPED_CONFIG,
  stackSetReader,
  writeConfig,
  withoutControlTower,
  writes,
  type RolloutHarness,
} from './rollout-fixtures.js';
import { at } from '../helpers/elements.js';

const STACK_SET = 'cisfleet-cis-remediation';
const REGIONS = ['us-east-1', 'eu-west-1'];
/** Reachable, ACTIVE, targeted accounts of the demo organization (666… has no member role, 101… is suspended). */
const DEPLOYED = [
  '121212121212',
  '131313131313',
  '222222222222',
  '333333333333',
  '444444444444',
  '555555555555',
  '777777777777',
  '888888888888',
  '999999999999',
];
const RESEARCH_ACCOUNT = '141414141414';

/** The template with one Config rule's description changed and a new version: a real template change. */
function changedTemplate() {
  const base = loadRemediationTemplate();
  const body = base.body
    .replace('allows no inbound and no outbound traffic.', 'allows no inbound and no outbound traffic (CIS 5.4).')
    .replace(/Value: '\d+\.\d+\.\d+'/, "Value: '9.9.9'");
  expect(body).not.toBe(base.body);
  return { body, sha256: createHash('sha256').update(body).digest('hex'), version: '9.9.9' };
}

describe('cisfleet rollout against the demo organization', () => {
  let h: RolloutHarness;
  let cfn: CloudFormationClient;

  const { instances, overridesOf } = stackSetReader(() => cfn, STACK_SET);

  beforeAll(async () => {
    h = await rolloutHarness(
      demoScenario((s) => {
        // Plans of an organization without Control Tower (its case: rollout-recorder-base.test.ts).
        withoutControlTower(s);
        // An OU accounts.yaml does not target yet ("new OU added").
        s.ous = [
          ...(s.ous ?? []),
          {
            name: 'Research',
            accounts: [{ id: RESEARCH_ACCOUNT, name: 'Research Lab', email: 'research@example.com' }],
          },
        ];
      }),
    );
    cfn = new CloudFormationClient(h.sim.clientConfig);
  });
  afterAll(async () => {
    cfn.destroy();
    await h.stop();
  });

  it('first rollout: creates the stack set, deploys to every reachable targeted account × region, and the management account as a plain stack', async () => {
    const run = await h.run();

    expect(run.plan.stackSet.action).toBe('create');
    expect(run.plan.stackSet.changes.template?.diffText).toMatch(/\[\+\] AWS::Config::ConfigRule DefaultSgClosedRule/);
    const deployed = (await instances()).map((i) => `${i.Account} ${i.Region} ${i.Status}`).sort();
    expect(deployed).toEqual(DEPLOYED.flatMap((a) => REGIONS.map((r) => `${a} ${r} CURRENT`)).sort());
    // The OUs are recorded on the stack set, so accounts that join later get the controls without cisfleet.
    const { StackSet } = await cfn.send(new DescribeStackSetCommand({ StackSetName: STACK_SET }));
    expect(StackSet?.AutoDeployment?.Enabled).toBe(true);
    expect(StackSet?.OrganizationalUnitIds?.length).toBeGreaterThanOrEqual(3);
    // The management account got the same template as a plain stack, in every region.
    for (const region of REGIONS) {
      const mgmt = new CloudFormationClient({ ...h.sim.clientConfig, region });
      const { Stacks } = await mgmt.send(new DescribeStacksCommand({ StackName: STACK_SET }));
      mgmt.destroy();
      expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    }
    expect(run.plan.operationPreferences).toMatchObject({
      regionConcurrencyType: 'PARALLEL',
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
    // 666666666666 is unreachable: listed with the reason, exit code 3, everyone else deployed.
    expect(run.exitCode).toBe(EXIT_CODES.partial);
  });

  it('an account with an existing Config recorder gets the override that skips creating one, and its instance succeeds', async () => {
    for (const region of REGIONS)
      expect(await overridesOf('333333333333', region)).toEqual({ CreateConfigRecorder: 'false' });
    expect(await overridesOf('222222222222', 'us-east-1')).toEqual({});
    // The exempt account runs the admin-ports control in DETECT only.
    expect(await overridesOf('121212121212', 'eu-west-1')).toEqual({ AdminPortsMode: 'DETECT' });
    const ct = (await instances()).filter((i) => i.Account === '333333333333');
    expect(ct.map((i) => i.StackInstanceStatus?.DetailedStatus)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });

  it('an unreachable account is listed with the reason, gets no instance, and the rest proceeds', async () => {
    const run = await h.run({ dryRun: true });
    expect(run.plan.unreachable).toEqual([
      expect.objectContaining({
        accountId: '666666666666',
        reason: expect.stringMatching(/AccessDenied.*sts:AssumeRole/),
      }),
    ]);
    expect(run.reporter.all).toMatch(/666666666666: AccessDenied/);
    expect((await instances()).some((i) => i.Account === '666666666666')).toBe(false);
    expect(run.exitCode).toBe(EXIT_CODES.partial);
  });

  it('no-op rerun: says "up to date", starts no operation and makes no write call', async () => {
    h.resetCalls();
    const run = await h.run();

    expect(run.plan.upToDate).toBe(true);
    expect(run.plan.operations).toEqual([]);
    expect(run.plan.instances.unchanged).toBe(DEPLOYED.length * REGIONS.length);
    expect(run.reporter.all).toMatch(/up to date/);
    expect(writes(h.calls())).toEqual([]);
    expect(h.calls()['cloudformation:DescribeStackSet']).toBe(1);
    // Only the account without an instance is preflighted (accounts with CURRENT instances keep their overrides).
    expect(h.calls()['sts:AssumeRole']).toBe(1);
  });

  it('--dry-run of a change prints the plan and makes no write call', async () => {
    h.resetCalls();
    const config = writeConfig(SHIPPED_CONFIG.replace('maxAccessKeyAge: 90', 'maxAccessKeyAge: 60'));
    const run = await h.run({ dryRun: true }, { config });

    expect(run.plan.stackSet.changes.parameters).toEqual([{ key: 'MaxAccessKeyAge', from: '90', to: '60' }]);
    expect(run.reporter.stdout.join('\n')).toMatch(/MaxAccessKeyAge: 90 → 60/);
    expect(writes(h.calls())).toEqual([]);
  });

  it('template change: one UpdateStackSet operation updates every instance; the plan shows the CloudFormation diff', async () => {
    h.resetCalls();
    const template = changedTemplate();
    const run = await h.run({}, { overrides: { template } });

    expect(run.plan.stackSet.action).toBe('update');
    expect(run.plan.stackSet.changes.template?.diffText).toMatch(/\[~\] AWS::Config::ConfigRule DefaultSgClosedRule/);
    expect(run.plan.stackSet.changes.template?.diffText).toMatch(/CIS 5\.4/);
    expect(run.plan.operations.map((o) => o.kind)).toEqual(['update-stack-set', 'update-stack', 'update-stack']);
    expect(h.calls()['cloudformation:UpdateStackSet']).toBe(1);
    expect(h.calls()['cloudformation:CreateStackInstances'] ?? 0).toBe(0);
    expect(run.outcome?.operations[0]).toMatchObject({
      status: 'SUCCEEDED',
      verdict: 'succeeded',
      counts: { succeeded: DEPLOYED.length * REGIONS.length, failed: 0, cancelled: 0 },
      failed: [],
    });
    const { StackSet } = await cfn.send(new DescribeStackSetCommand({ StackSetName: STACK_SET }));
    expect(StackSet?.TemplateBody).toBe(template.body);

    // Back to the shipped template for the tests that follow.
    expect((await h.run()).plan.stackSet.action).toBe('update');
  });

  it('new OU added to accounts.yaml: one CreateStackInstances for that OU, nothing else', async () => {
    h.resetCalls();
    const config = writeConfig(
      SHIPPED_CONFIG.replace('    - /Root/Sandbox\n', '    - /Root/Sandbox\n    - /Root/Research\n'),
    );
    const run = await h.run({}, { config });

    expect(run.plan.stackSet.action).toBe('none');
    expect(run.plan.instances.add.map((i) => `${i.accountId} ${i.region}`).sort()).toEqual(
      REGIONS.map((r) => `${RESEARCH_ACCOUNT} ${r}`).sort(),
    );
    expect(run.plan.operations.map((o) => o.title)).toEqual(['CreateStackInstances (1 OU × 2 regions)']);
    expect(writes(h.calls())).toEqual(['cloudformation:CreateStackInstances']);
    expect((await instances()).filter((i) => i.Account === RESEARCH_ACCOUNT).map((i) => i.Status)).toEqual([
      'CURRENT',
      'CURRENT',
    ]);

    // And taken away again when the OU leaves accounts.yaml (its OU target is dropped, nothing else).
    const back = await h.run();
    expect(back.plan.instances.remove.map((i) => i.accountId)).toEqual([RESEARCH_ACCOUNT, RESEARCH_ACCOUNT]);
    expect(back.plan.operations.map((o) => o.kind)).toEqual(['delete-instances']);
    expect((await instances()).some((i) => i.Account === RESEARCH_ACCOUNT)).toBe(false);
    expect((await instances()).length).toBe(DEPLOYED.length * REGIONS.length);
  });

  it('an exemption deleted from accounts.yaml: a plain rollout cannot see its override; --refresh-overrides finds it and takes it away', async () => {
    const exemption = / {4}- accountId: "121212121212"\n(?: {6}.*\n)+/;
    expect(SHIPPED_CONFIG).toMatch(exemption);
    const config = writeConfig(SHIPPED_CONFIG.replace(exemption, '').replace('  accounts:\n', '  accounts: []\n'));

    h.resetCalls();
    const plain = await h.run({ dryRun: true }, { config });
    // The account is named nowhere now, so nothing reads its instances' overrides: the plan looks up to date.
    expect(plain.plan.upToDate).toBe(true);
    expect(h.calls()['cloudformation:DescribeStackInstance'] ?? 0).toBe(0);

    h.resetCalls();
    const refreshed = await h.run({ refreshOverrides: true }, { config });
    expect(h.calls()['cloudformation:DescribeStackInstance']).toBe(DEPLOYED.length * REGIONS.length);
    expect(refreshed.plan.instances.update.map((i) => `${i.accountId} ${i.region} ${i.reason}`).sort()).toEqual(
      REGIONS.map((r) => `121212121212 ${r} parameter overrides change`).sort(),
    );
    for (const region of REGIONS) expect(await overridesOf('121212121212', region)).toEqual({});
    // Accounts with a recorder of their own keep the override preflight gave them.
    for (const region of REGIONS)
      expect(await overridesOf('333333333333', region)).toEqual({ CreateConfigRecorder: 'false' });

    // The exemption back, for the tests that follow: named again, its override is read and restored.
    const back = await h.run();
    expect(back.plan.instances.update.map((i) => i.accountId)).toEqual(['121212121212', '121212121212']);
    expect(await overridesOf('121212121212', 'eu-west-1')).toEqual({ AdminPortsMode: 'DETECT' });
  });

  it('failures beyond the tolerance: the operation fails, the summary lists each account × region with its StatusReason, exit 3', async () => {
    const failing = ['444444444444', '555555555555'];
    h.sim.world.faults.failingInstances = failing.map((accountId) => ({
      accountId,
      reason: `Account ${accountId}: SCP denies config:PutConfigRule`,
    }));
    try {
      const config = writeConfig(
        SHIPPED_CONFIG.replace('maxAccessKeyAge: 90', 'maxAccessKeyAge: 75').replace(
          'failureTolerancePercentage: 10',
          'failureToleranceCount: 0',
        ),
      );
      const run = await h.run({}, { config });

      const update = at(run.outcome!.operations, 0, 'operation');
      expect(update.status).toBe('FAILED');
      expect(update.failed.map((f) => `${f.account} ${f.reason}`)).toEqual(
        expect.arrayContaining(failing.map((a) => `${a} Account ${a}: SCP denies config:PutConfigRule`)),
      );
      const summary = run.reporter.stdout.join('\n');
      for (const a of failing)
        expect(summary).toMatch(new RegExp(`${a} (us-east-1|eu-west-1): Account ${a}: SCP denies`));
      expect(run.exitCode).toBe(EXIT_CODES.partial);
    } finally {
      h.sim.world.faults.failingInstances = [];
    }
    // The failed instances are OUTDATED: the next rollout redeploys them (and only them, plus the cancelled ones).
    const retry = await h.run(
      {},
      { config: writeConfig(SHIPPED_CONFIG.replace('maxAccessKeyAge: 90', 'maxAccessKeyAge: 75')) },
    );
    expect(retry.plan.stackSet.action).toBe('none');
    expect(retry.plan.instances.update.length).toBeGreaterThanOrEqual(2);
    expect(retry.outcome?.operations.every((o) => o.status === 'SUCCEEDED')).toBe(true);
    expect((await instances()).every((i) => i.Status === 'CURRENT')).toBe(true);
    await h.run();
  });

  it('a rollout started while another operation runs waits for it (naming it), then proceeds', async () => {
    const { OperationId: foreign } = await cfn.send(new DetectStackSetDriftCommand({ StackSetName: STACK_SET }));
    const config = writeConfig(SHIPPED_CONFIG.replace('maxAccessKeyAge: 90', 'maxAccessKeyAge: 80'));
    const run = await h.run({}, { config });

    expect(run.waitedFor.map((o) => o.operationId)).toEqual([foreign]);
    expect(run.reporter.all).toMatch(new RegExp(`Waiting for operation ${foreign} \\(DETECT_DRIFT`));
    const theirs = await cfn.send(
      new DescribeStackSetOperationCommand({ StackSetName: STACK_SET, OperationId: foreign }),
    );
    expect(theirs.StackSetOperation?.Status).toBe('SUCCEEDED');
    const oursId = at(at(run.outcome!.operations, 0, 'operation').operationIds, 0, 'operation id');
    const ours = await cfn.send(new DescribeStackSetOperationCommand({ StackSetName: STACK_SET, OperationId: oursId }));
    expect(ours.StackSetOperation?.CreationTimestamp!.getTime()).toBeGreaterThanOrEqual(
      theirs.StackSetOperation!.EndTimestamp!.getTime(),
    );
    expect(ours.StackSetOperation?.Status).toBe('SUCCEEDED');
    expect(run.reporter.all).not.toMatch(/OperationInProgress/);
  });

  it('Ctrl-C while waiting leaves the operation running, exits 130 with how to resume; a rerun attaches and finishes', async () => {
    const controller = new AbortController();
    const config = writeConfig(SHIPPED_CONFIG.replace('maxAccessKeyAge: 90', 'maxAccessKeyAge: 70'));
    const interrupted = h.run(
      {},
      {
        config,
        overrides: { signal: controller.signal },
        clock: fakeClock(h.sim.clock, { onSleep: () => controller.abort() }),
      },
    );

    const error = (await interrupted.catch((e: unknown) => e)) as Error & { exitCode: number };
    expect(error.exitCode).toBe(EXIT_CODES.interrupted);
    const operationId = /operation ([0-9a-f-]{36})/.exec(error.message)?.[1];
    expect(operationId).toBeDefined();
    expect(error.message).toContain('cisfleet rollout');
    expect(error.message).toContain(`cisfleet status --operation ${operationId}`);
    const left = await cfn.send(
      new DescribeStackSetOperationCommand({ StackSetName: STACK_SET, OperationId: operationId }),
    );
    expect(left.StackSetOperation?.Status).toBe('RUNNING');

    const resumed = await h.run({}, { config });
    expect(resumed.waitedFor.map((o) => o.operationId)).toEqual([operationId]);
    // The stack set is current once the attached operation ends; what the interrupted run had not reached yet
    // (the management account's stacks) is done now.
    expect(resumed.plan.stackSet.action).toBe('none');
    expect(resumed.plan.operations.map((o) => o.kind)).toEqual(['update-stack', 'update-stack']);
    expect((await instances()).every((i) => i.Status === 'CURRENT')).toBe(true);
  });

  it('from a delegated administrator: every StackSet call says CallAs DELEGATED_ADMIN, and the management account is left to the management account', async () => {
    const config = writeConfig(
      SHIPPED_CONFIG.replace('runsFrom: management', 'runsFrom: delegatedAdmin')
        .replace('# delegatedAdminAccountId: "222222222222"', 'delegatedAdminAccountId: "222222222222"')
        .replace('maxAccessKeyAge: 90', 'maxAccessKeyAge: 85'),
    );
    const run = await h.run({}, { config, principal: 'delegated-admin' });

    // Without CallAs the delegated admin would see no stack set and plan a create.
    expect(run.plan.stackSet).toMatchObject({ callAs: 'DELEGATED_ADMIN', action: 'update' });
    expect(run.plan.managementAccount.action).toBe('skipped');
    expect(run.outcome?.operations.map((o) => [o.kind, o.status])).toEqual([['update-stack-set', 'SUCCEEDED']]);
    const { StackSet } = await cfn.send(new DescribeStackSetCommand({ StackSetName: STACK_SET }));
    expect(StackSet?.Parameters?.find((p) => p.ParameterKey === 'MaxAccessKeyAge')?.ParameterValue).toBe('85');
  });

  it('--remove: --dry-run writes nothing; then every instance, the stack set and the management stacks go', async () => {
    h.resetCalls();
    const dry = await h.run({ remove: true, dryRun: true });
    expect(dry.plan.mode).toBe('remove');
    expect(dry.plan.instances.remove).toHaveLength(DEPLOYED.length * REGIONS.length);
    expect(writes(h.calls())).toEqual([]);

    const run = await h.run({ remove: true });
    expect(run.plan.operations.map((o) => o.kind)).toEqual([
      'delete-instances',
      'delete-stack-set',
      'delete-stack',
      'delete-stack',
    ]);
    expect(run.exitCode).toBe(EXIT_CODES.ok);
    await expect(cfn.send(new DescribeStackSetCommand({ StackSetName: STACK_SET }))).rejects.toMatchObject({
      name: 'StackSetNotFoundException',
    });
    const gone = await new CloudFormationClient(h.sim.clientConfig)
      .send(new DescribeStacksCommand({}))
      .then((r) => r.Stacks ?? []);
    expect(gone.filter((s) => s.StackName === STACK_SET)).toEqual([]);
    // Nothing left: removing again has nothing to do.
    expect((await h.run({ remove: true })).plan.upToDate).toBe(true);
  });
});
