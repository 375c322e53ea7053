import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  ConfigServiceClient,
  DescribeRemediationConfigurationsCommand,
  GetComplianceDetailsByConfigRuleCommand,
  StartRemediationExecutionCommand,
  type ComplianceType,
  type ResourceKey,
} from '@aws-sdk/client-config-service';
import { CONTROLS, controlById, ruleNameFor, type ControlMode } from '../../src/controls/catalog.js';
import { orgBuilder, parentIdOf, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { createRemediationStackSet, deployToAccount } from '../helpers/remediation-stack-set.js';

const REGION = 'us-east-1';
const STACKSETS = 'member.org.stacksets.cloudformation.amazonaws.com';
/** One account per mode; each gets the same broken resources. */
const ACCOUNT_BY_MODE: Record<ControlMode, string> = {
  AUTO: '222222222222',
  DETECT: '333333333333',
  MANUAL: '444444444444',
};
const brokenResources = {
  regions: {
    [REGION]: {
      defaultSecurityGroup: 'open' as const,
      securityGroups: [{ name: 'bastion', ingress: [{ protocol: 'tcp' as const, ports: '22', cidr: '0.0.0.0/0' }] }],
    },
  },
  iamUsers: [{ name: 'old-key-user', accessKeys: [{ ageDays: 200 }] }],
};

describe('the remediation template deployed by a stack set honours each control mode', () => {
  let sim: TestSimulator;
  let cfn: CloudFormationClient;

  const config = (mode: ControlMode) => new ConfigServiceClient(sim.assumeRoleConfig(ACCOUNT_BY_MODE[mode]));

  async function complianceOf(
    mode: ControlMode,
    controlId: Parameters<typeof controlById>[0],
  ): Promise<ComplianceType[]> {
    const result = await config(mode).send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: ruleNameFor(controlById(controlId), 'cisfleet'),
        ComplianceTypes: ['NON_COMPLIANT', 'COMPLIANT'],
      }),
    );
    return (result.EvaluationResults ?? []).map((r) => r.ComplianceType!).sort();
  }

  /** Lets evaluations, remediation attempts and re-evaluations run their course in simulated time. */
  async function settle(mode: ControlMode): Promise<void> {
    sim.clock.advance(10 * 60 * 1000);
    await complianceOf(mode, 'default-sg-closed'); // any request runs every due event
  }

  const keyStatus = (mode: ControlMode) =>
    sim.world.accountIam(ACCOUNT_BY_MODE[mode]).users.get('old-key-user')!.accessKeys[0]?.status;

  beforeAll(async () => {
    let builder = orgBuilder().with({
      organization: { managementAccount: { id: '111111111111' }, trustedAccess: [STACKSETS] },
    });
    for (const account of Object.values(ACCOUNT_BY_MODE))
      builder = builder.account(account, { ou: 'Workloads', ...brokenResources });
    sim = await startTestSimulator(builder);
    cfn = new CloudFormationClient(sim.clientConfig);
    const ou = await parentIdOf(sim.clientConfig, ACCOUNT_BY_MODE.AUTO);
    await createRemediationStackSet(cfn, { HomeRegion: REGION });
    for (const [mode, account] of Object.entries(ACCOUNT_BY_MODE)) {
      const overrides = Object.fromEntries(CONTROLS.map((c) => [c.modeParameter, mode]));
      expect(await deployToAccount(sim, cfn, { ou, account, region: REGION, overrides })).toBe('SUCCEEDED');
    }
    for (const mode of Object.keys(ACCOUNT_BY_MODE) as ControlMode[]) await settle(mode);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('AUTO fixes the default group, the world-open SSH group and deactivates the old key', async () => {
    expect(await complianceOf('AUTO', 'default-sg-closed')).toEqual(['COMPLIANT']);
    // A group left with no world-open ingress is NOT_APPLICABLE to this rule, so nothing is reported at all.
    expect(await complianceOf('AUTO', 'admin-ports-closed')).not.toContain('NON_COMPLIANT');
    expect(await complianceOf('DETECT', 'admin-ports-closed')).toContain('NON_COMPLIANT');
    expect(keyStatus('AUTO')).toBe('Inactive');
  });

  it('DETECT reports the same resources and leaves them alone, with no remediation configured', async () => {
    expect(await complianceOf('DETECT', 'default-sg-closed')).toEqual(['NON_COMPLIANT']);
    // The bastion group and the open default group both expose SSH to the world.
    expect(await complianceOf('DETECT', 'admin-ports-closed')).toEqual(['NON_COMPLIANT', 'NON_COMPLIANT']);
    expect(keyStatus('DETECT')).toBe('Active');
    const remediations = await config('DETECT').send(
      new DescribeRemediationConfigurationsCommand({
        ConfigRuleNames: CONTROLS.map((c) => ruleNameFor(c, 'cisfleet')),
      }),
    );
    expect(remediations.RemediationConfigurations ?? []).toEqual([]);
  });

  it('MANUAL waits: configured but not automatic, and fixes a resource when remediation is started', async () => {
    expect(await complianceOf('MANUAL', 'default-sg-closed')).toEqual(['NON_COMPLIANT']);
    expect(keyStatus('MANUAL')).toBe('Active');
    const rule = ruleNameFor(controlById('default-sg-closed'), 'cisfleet');
    const client = config('MANUAL');
    const configured = await client.send(new DescribeRemediationConfigurationsCommand({ ConfigRuleNames: [rule] }));
    expect(configured.RemediationConfigurations?.[0]?.Automatic).toBe(false);

    const details = await client.send(
      new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule, ComplianceTypes: ['NON_COMPLIANT'] }),
    );
    const resourceKeys = details.EvaluationResults!.map((r): ResourceKey => ({
      resourceType: r.EvaluationResultIdentifier!.EvaluationResultQualifier!
        .ResourceType as ResourceKey['resourceType'],
      resourceId: r.EvaluationResultIdentifier!.EvaluationResultQualifier!.ResourceId!,
    }));
    await client.send(new StartRemediationExecutionCommand({ ConfigRuleName: rule, ResourceKeys: resourceKeys }));
    await settle('MANUAL');
    expect(await complianceOf('MANUAL', 'default-sg-closed')).toEqual(['COMPLIANT']);
  });
});
