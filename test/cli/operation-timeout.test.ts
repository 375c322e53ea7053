/**
 * Every wait for a stack set operation is bounded (--operation-timeout): the real CLI, in a child process, waits
 * for an operation that never ends (the simulator's clock stands still) and gives up after the timeout, naming
 * the operation, its state and how to follow it, instead of waiting forever.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudFormationClient, CreateStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { createRemediationStackSet } from '../helpers/remediation-stack-set.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { reportScenarioFields, STACK_SET, writeConfig } from '../report/report-sim.js';
import { only } from '../helpers/elements.js';

const MEMBER = '222222222222';

describe('--operation-timeout', () => {
  let sim: TestSimulator;
  let operationId: string;
  let config: string;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder().with(reportScenarioFields('us-east-1')).account(MEMBER, { ou: 'Workloads' }),
    );
    const cfn = new CloudFormationClient(sim.clientConfig);
    const organizations = new OrganizationsClient(sim.clientConfig);
    try {
      await createRemediationStackSet(cfn, { HomeRegion: 'us-east-1' }, STACK_SET);
      const ou = only(
        (await organizations.send(new ListParentsCommand({ ChildId: MEMBER }))).Parents ?? [],
        'parent',
      ).Id!;
      // Simulated time never moves in this test: the operation stays RUNNING.
      const started = await cfn.send(
        new CreateStackInstancesCommand({
          StackSetName: STACK_SET,
          Regions: ['us-east-1'],
          DeploymentTargets: { OrganizationalUnitIds: [ou] },
        }),
      );
      operationId = started.OperationId!;
    } finally {
      cfn.destroy();
      organizations.destroy();
    }
    config = writeConfig();
  });

  afterAll(() => sim.stop());

  const cli = (args: string[]) => {
    const admin = sim.credentialsFor('admin');
    return runCliAsync([...args, '--config', config], {
      env: {
        AWS_ENDPOINT_URL: sim.url,
        AWS_ACCESS_KEY_ID: admin.accessKeyId,
        AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
      },
    });
  };

  it('status --watch gives up after it, leaving the operation running and saying how to follow it', async () => {
    const run = await cli(['status', '--operation', operationId, '--watch', '--operation-timeout', '1s']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `Gave up waiting for operation ${operationId} on stack set ${STACK_SET} after 1 s \\(it is RUNNING and keeps running in AWS\\)\\. Follow it with: cisfleet status --operation ${operationId}`,
      ),
    );
    expect(run.stderr).not.toMatch(/bug in cisfleet/);
  });

  it('a duration it cannot read is a usage error (exit 2)', async () => {
    const run = await cli(['status', '--operation', operationId, '--watch', '--operation-timeout', 'soon']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--operation-timeout takes a duration such as 90s, 30m or 4h, not "soon"/);
  });
});
