/** Deploying the real remediation template as a stack set in the simulator, for the tests that need it. */
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackSetOperationCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import type { TestSimulator } from './sim.js';

export const STACK_SET = 'cis';

const parametersOf = (values: Readonly<Record<string, string>>): Parameter[] =>
  Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

/** The template as a service-managed stack set (`cis` unless named), without auto-deployment, with these parameters. */
export async function createRemediationStackSet(
  cfn: CloudFormationClient,
  parameters: Readonly<Record<string, string>>,
  name = STACK_SET,
): Promise<void> {
  await cfn.send(
    new CreateStackSetCommand({
      StackSetName: name,
      TemplateBody: loadRemediationTemplate().body,
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: parametersOf(parameters),
    }),
  );
}

/**
 * Instances for one account of an OU (INTERSECTION) with these overrides; waits for the operation in simulated
 * time and returns how it ended.
 */
export async function deployToAccount(
  sim: TestSimulator,
  cfn: CloudFormationClient,
  target: { ou: string; account: string; region: string; overrides?: Readonly<Record<string, string>> },
): Promise<string | undefined> {
  const { OperationId } = await cfn.send(
    new CreateStackInstancesCommand({
      StackSetName: STACK_SET,
      Regions: [target.region],
      DeploymentTargets: {
        OrganizationalUnitIds: [target.ou],
        Accounts: [target.account],
        AccountFilterType: 'INTERSECTION',
      },
      ParameterOverrides: parametersOf(target.overrides ?? {}),
    }),
  );
  for (let i = 0; i < 100; i++) {
    sim.clock.advance(sim.world.timing.stackInstanceMs);
    const { StackSetOperation: op } = await cfn.send(
      new DescribeStackSetOperationCommand({ StackSetName: STACK_SET, OperationId }),
    );
    if (op?.Status !== 'RUNNING' && op?.Status !== 'QUEUED') return op?.Status;
  }
  return 'TIMED_OUT';
}
