/**
 * A client nobody here wrote drives the simulator: Debian's AWS CLI v2 (/usr/bin/aws, botocore inside) through
 * every call cisfleet makes (the SDK commands and paginators in src/aws) and the read calls a user's script makes,
 * asserting exit status and parsed output. A response botocore cannot parse fails here, whatever cisfleet's own
 * SDK tolerates.
 *
 * Three calls cisfleet makes are newer than the CLI's own models (v2.9.19, December 2022) and cannot be made with
 * it: ActivateOrganizationsAccess, DescribeOrganizationsAccess, ListStackInstanceResourceDrifts (docs/simulator.md
 * lists them); cisfleet's SDK makes them in test/aws and test/actions.
 *
 * The simulator runs in-process (the same server `cisfleet sim serve` starts, which test/cli/demo-and-sim.test.ts
 * covers as a child process): its clock is stepped between writes so stack set operations finish at once, and
 * the suite's response check reports any model violation from this file. The CLI runs as separate processes,
 * a few at a time (each start costs about a second).
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pMap from 'p-map';
import { OPERATIONS_NEWER_THAN_MODEL } from '../../src/sim/core/output-check.js';
import { recordAutomationExecution } from '../../src/sim/model/automation-executions.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { describeWithTool } from '../helpers/debian-tools.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { at, only } from '../helpers/elements.js';
import type { UntypedJson } from '../helpers/untyped-json.js';

/**
 * The Debian package's path, named outright: a pyenv or pip `aws` (v1) earlier on PATH is not what users have.
 * CISFLEET_AWS_CLI points elsewhere (a missing file shows the skip path).
 */
const AWS_CLI = process.env.CISFLEET_AWS_CLI || '/usr/bin/aws';
const STACKSETS = 'member.org.stacksets.cloudformation.amazonaws.com';
const MEMBER = '222222222222';
/** A member account under the root, outside the stack set's OU. */
const OUTSIDE_OU = '444444444444';
const REGION = 'us-east-1';
/**
 * Each test makes a handful of CLI calls in sequence and every call starts a Python interpreter: about a second
 * on an idle machine, several on a loaded one. The limit bounds a hung CLI, not the normal case.
 */
const CLI_TEST_TIMEOUT_MS = 180_000;

const describeWithAwsCli = describeWithTool({
  name: `the AWS CLI (${AWS_CLI})`,
  present: existsSync(AWS_CLI),
  install: 'apt-get install awscli',
});

interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken?: string;
}

interface CliRun {
  args: string[];
  status: number;
  stdout: string;
  stderr: string;
  json: UntypedJson;
}

describeWithAwsCli('the AWS CLI against the simulator', () => {
  let sim: TestSimulator;
  let admin: Credentials;
  let member: Credentials;
  let ouId: string;
  let workDir: string;
  /** The CLI operations this file made (`describe-stack-set`, …), held against the calls cisfleet makes. */
  const made = new Set<string>();

  /** One CLI call; output parsed as JSON (empty output → undefined). */
  function aws(args: string[], credentials: Credentials = admin): Promise<CliRun> {
    made.add(at(args, 1, 'CLI operation'));
    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/bin:/bin',
      HOME: workDir,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
      ...(credentials.SessionToken ? { AWS_SESSION_TOKEN: credentials.SessionToken } : {}),
      AWS_DEFAULT_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const fullArgs = [...args, '--endpoint-url', sim.url, '--no-cli-pager', '--output', 'json'];
    return new Promise((resolve) => {
      execFile(AWS_CLI, fullArgs, { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let json: unknown;
        try {
          json = stdout.trim() === '' ? undefined : JSON.parse(stdout);
        } catch {
          json = { unparsable: stdout };
        }
        resolve({ args, status, stdout, stderr, json });
      });
    });
  }

  /** Asserts success with output botocore parsed; the failure message names the call and what the CLI said. */
  function ok(run: CliRun): UntypedJson {
    expect({ call: run.args.slice(0, 2).join(' '), status: run.status, stderr: run.stderr }).toEqual({
      call: run.args.slice(0, 2).join(' '),
      status: 0,
      stderr: '',
    });
    return run.json;
  }

  /** A session in a member account through the CLI's own AssumeRole, as a user's script gets one. */
  async function assumeRole(accountId: string, sessionName: string): Promise<Credentials> {
    const role = `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`;
    return ok(await aws(['sts', 'assume-role', '--role-arn', role, '--role-session-name', sessionName]))
      .Credentials as Credentials;
  }

  /** Runs calls a few at a time (the CLI is slow to start, and the machine is shared). */
  const all = <Calls extends readonly string[][]>(
    calls: readonly [...Calls],
    credentials?: Credentials,
  ): Promise<{ [K in keyof Calls]: CliRun }> =>
    // pMap keeps the order and the count of its input: one run per call, in place.
    pMap(calls, (args) => aws(args, credentials), { concurrency: 4 }) as Promise<{ [K in keyof Calls]: CliRun }>;

  /** Lets the stack set operation in flight finish in simulated time, then waits for it as cisfleet does. */
  async function finish(operationId: string, stackSet = 'cis'): Promise<void> {
    sim.clock.advance(10 * 60_000);
    const done = ok(
      await aws([
        'cloudformation',
        'describe-stack-set-operation',
        '--stack-set-name',
        stackSet,
        '--operation-id',
        operationId,
      ]),
    );
    expect(done.StackSetOperation.Status).toBe('SUCCEEDED');
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'cisfleet-aws-cli-'));
    sim = await startTestSimulator(
      orgBuilder()
        .with({
          organization: { managementAccount: { id: '111111111111' }, trustedAccess: [STACKSETS] },
          aggregator: { name: 'org-aggregator', region: REGION, allRegions: true },
        })
        .account(MEMBER, { ou: 'Workloads', iamUsers: [{ name: 'old-key-user', accessKeys: [{ ageDays: 200 }] }] })
        .account('333333333333', { ou: 'Workloads' })
        .account(OUTSIDE_OU, {
          // What `cisfleet impact` reads: a world-open group an interface uses, a user with an old key.
          regions: {
            [REGION]: {
              securityGroups: [{ name: 'bastion', ingress: [{ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] }],
              networkInterfaces: [{ description: 'bastion host', groups: ['bastion'], attachedTo: 'i-1' }],
            },
          },
          iamUsers: [{ name: 'ops', accessKeys: [{ ageDays: 120 }], password: { ageDays: 30, lastUsedDaysAgo: 2 } }],
        })
        .emptyPageEvery(2),
    );
    const keys = sim.credentialsFor('admin');
    admin = { AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey };
    writeFileSync(join(workDir, 'template.yaml'), loadRemediationTemplate().body);
  });

  afterAll(async () => {
    await sim.stop();
  }, CLI_TEST_TIMEOUT_MS);

  it(
    'STS: who am I, and a session in a member account',
    async () => {
      expect(ok(await aws(['sts', 'get-caller-identity'])).Account).toBe('111111111111');
      member = await assumeRole(MEMBER, 'aws-cli');
      expect(member).toMatchObject({ AccessKeyId: expect.stringMatching(/^ASIA/), SessionToken: expect.any(String) });
      expect(ok(await aws(['sts', 'get-caller-identity'], member)).Arn).toBe(
        `arn:aws:sts::${MEMBER}:assumed-role/OrganizationAccountAccessRole/aws-cli`,
      );
      expect(
        ok(await aws(['iam', 'get-role', '--role-name', 'OrganizationAccountAccessRole'], member)).Role.RoleName,
      ).toBe('OrganizationAccountAccessRole');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'Organizations: the tree and its accounts, read every way a script reads them',
    async () => {
      const [org, roots, accounts] = await all([
        ['organizations', 'describe-organization'],
        ['organizations', 'list-roots'],
        ['organizations', 'list-accounts'],
      ]);
      expect(ok(org).Organization.FeatureSet).toBe('ALL');
      const rootId = ok(roots).Roots[0].Id as string;
      // The CLI follows NextToken through the simulator's empty pages.
      expect(
        ok(accounts)
          .Accounts.map((a: { Id: string }) => a.Id)
          .sort(),
      ).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
      const [ous, children, parents, account, forRoot, services, admins] = await all([
        ['organizations', 'list-organizational-units-for-parent', '--parent-id', rootId],
        ['organizations', 'list-children', '--parent-id', rootId, '--child-type', 'ACCOUNT'],
        ['organizations', 'list-parents', '--child-id', MEMBER],
        ['organizations', 'describe-account', '--account-id', MEMBER],
        ['organizations', 'list-accounts-for-parent', '--parent-id', rootId],
        ['organizations', 'list-aws-service-access-for-organization'],
        ['organizations', 'list-delegated-administrators'],
      ]);
      ouId = ok(ous).OrganizationalUnits[0].Id;
      expect(
        ok(children)
          .Children.map((c: { Id: string }) => c.Id)
          .sort(),
      ).toEqual(['111111111111', '444444444444']);
      expect(ok(parents).Parents[0]).toEqual({ Id: ouId, Type: 'ORGANIZATIONAL_UNIT' });
      // The simulator sends State too, as AWS does; the CLI's 2022 model does not know it and drops it, so a
      // client that old sees only the deprecated Status (cisfleet reads State, else Status).
      expect(ok(account).Account).toMatchObject({ Id: MEMBER, Status: 'ACTIVE' });
      expect(ok(forRoot).Accounts).toHaveLength(2);
      expect(
        ok(services).EnabledServicePrincipals.map((p: { ServicePrincipal: string }) => p.ServicePrincipal),
      ).toEqual([STACKSETS]);
      expect(ok(admins).DelegatedAdministrators).toEqual([]);
      expect(
        ok(await aws(['organizations', 'describe-organizational-unit', '--organizational-unit-id', ouId]))
          .OrganizationalUnit.Name,
      ).toBe('Workloads');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'Organizations: create an account, follow its creation, move it into an OU',
    async () => {
      const created = ok(
        await aws(['organizations', 'create-account', '--email', 'new@example.com', '--account-name', 'New']),
      );
      expect(created.CreateAccountStatus.State).toBe('IN_PROGRESS');
      sim.clock.advance(10 * 60_000);
      const [status, list] = await all([
        [
          'organizations',
          'describe-create-account-status',
          '--create-account-request-id',
          created.CreateAccountStatus.Id,
        ],
        ['organizations', 'list-create-account-status', '--states', 'SUCCEEDED'],
      ]);
      const accountId = ok(status).CreateAccountStatus.AccountId as string;
      expect(ok(status).CreateAccountStatus.State).toBe('SUCCEEDED');
      expect(ok(list).CreateAccountStatuses).toHaveLength(1);
      const rootId = ok(await aws(['organizations', 'list-roots'])).Roots[0].Id;
      const move = await aws([
        'organizations',
        'move-account',
        '--account-id',
        accountId,
        '--source-parent-id',
        rootId,
        '--destination-parent-id',
        ouId,
      ]);
      expect(ok(move)).toBeUndefined();
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'CloudFormation: the stack set lifecycle cisfleet runs (create, deploy, update, drift)',
    async () => {
      const created = ok(
        await aws([
          'cloudformation',
          'create-stack-set',
          '--stack-set-name',
          'cis',
          '--template-body',
          `file://${join(workDir, 'template.yaml')}`,
          '--permission-model',
          'SERVICE_MANAGED',
          '--auto-deployment',
          'Enabled=true,RetainStacksOnAccountRemoval=false',
          '--capabilities',
          'CAPABILITY_NAMED_IAM',
          '--parameters',
          `ParameterKey=HomeRegion,ParameterValue=${REGION}`,
          'ParameterKey=CreateConfigRecorder,ParameterValue=true',
        ]),
      );
      expect(created.StackSetId).toMatch(/^cis:/);
      const deploy = ok(
        await aws([
          'cloudformation',
          'create-stack-instances',
          '--stack-set-name',
          'cis',
          '--deployment-targets',
          `OrganizationalUnitIds=${ouId}`,
          '--regions',
          REGION,
          '--operation-preferences',
          'MaxConcurrentCount=2,FailureToleranceCount=0,RegionConcurrencyType=PARALLEL',
        ]),
      );
      await finish(deploy.OperationId);
      const [set, instances, operations, results, instance, sets] = await all([
        ['cloudformation', 'describe-stack-set', '--stack-set-name', 'cis'],
        ['cloudformation', 'list-stack-instances', '--stack-set-name', 'cis'],
        ['cloudformation', 'list-stack-set-operations', '--stack-set-name', 'cis'],
        [
          'cloudformation',
          'list-stack-set-operation-results',
          '--stack-set-name',
          'cis',
          '--operation-id',
          deploy.OperationId,
        ],
        [
          'cloudformation',
          'describe-stack-instance',
          '--stack-set-name',
          'cis',
          '--stack-instance-account',
          MEMBER,
          '--stack-instance-region',
          REGION,
        ],
        ['cloudformation', 'list-stack-sets', '--status', 'ACTIVE'],
      ]);
      expect(ok(set).StackSet).toMatchObject({
        StackSetName: 'cis',
        PermissionModel: 'SERVICE_MANAGED',
        Status: 'ACTIVE',
      });
      expect(ok(instances).Summaries.length).toBeGreaterThanOrEqual(2);
      expect(ok(operations).Summaries[0]).toMatchObject({ OperationId: deploy.OperationId, Status: 'SUCCEEDED' });
      expect(ok(results).Summaries.every((r: { Status: string }) => r.Status === 'SUCCEEDED')).toBe(true);
      expect(ok(instance).StackInstance).toMatchObject({ Account: MEMBER, Region: REGION, Status: 'CURRENT' });
      expect(ok(sets).Summaries.map((s: { StackSetName: string }) => s.StackSetName)).toEqual(['cis']);

      const update = ok(
        await aws([
          'cloudformation',
          'update-stack-set',
          '--stack-set-name',
          'cis',
          '--use-previous-template',
          '--capabilities',
          'CAPABILITY_NAMED_IAM',
          '--parameters',
          `ParameterKey=HomeRegion,ParameterValue=${REGION}`,
          'ParameterKey=CreateConfigRecorder,UsePreviousValue=true',
        ]),
      );
      await finish(update.OperationId);
      const overrides = ok(
        await aws([
          'cloudformation',
          'update-stack-instances',
          '--stack-set-name',
          'cis',
          '--deployment-targets',
          `OrganizationalUnitIds=${ouId}`,
          '--regions',
          REGION,
          '--parameter-overrides',
          `ParameterKey=HomeRegion,ParameterValue=${REGION}`,
        ]),
      );
      await finish(overrides.OperationId);
      const drift = ok(await aws(['cloudformation', 'detect-stack-set-drift', '--stack-set-name', 'cis']));
      await finish(drift.OperationId);
      expect(
        ok(await aws(['cloudformation', 'describe-stack-set', '--stack-set-name', 'cis'])).StackSet
          .StackSetDriftDetectionDetails.DriftStatus,
      ).toBe('IN_SYNC');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'Config: what cisfleet reads in a member account where the stack set deployed',
    async () => {
      sim.clock.advance(10 * 60_000);
      const [recorders, status, channels, rules] = await all(
        [
          ['configservice', 'describe-configuration-recorders'],
          ['configservice', 'describe-configuration-recorder-status'],
          ['configservice', 'describe-delivery-channels'],
          ['configservice', 'describe-config-rules'],
        ],
        member,
      );
      expect(ok(recorders).ConfigurationRecorders).toHaveLength(1);
      expect(ok(status).ConfigurationRecordersStatus[0].recording).toBe(true);
      expect(ok(channels).DeliveryChannels).toHaveLength(1);
      const ruleNames = ok(rules).ConfigRules.map((r: { ConfigRuleName: string }) => r.ConfigRuleName) as string[];
      expect(ruleNames.length).toBeGreaterThanOrEqual(3);
      const keysRule = ruleNames.find((name) => name.includes('access-keys'))!;
      const [compliance, details, remediation, evaluation, evaluationStatus] = await all(
        [
          ['configservice', 'describe-compliance-by-config-rule'],
          ['configservice', 'get-compliance-details-by-config-rule', '--config-rule-name', keysRule],
          ['configservice', 'describe-remediation-configurations', '--config-rule-names', ...ruleNames],
          ['configservice', 'start-config-rules-evaluation', '--config-rule-names', keysRule],
          ['configservice', 'describe-config-rule-evaluation-status', '--config-rule-names', keysRule],
        ],
        member,
      );
      expect(ok(compliance).ComplianceByConfigRules.length).toBeGreaterThanOrEqual(3);
      expect(ok(details).EvaluationResults[0].ComplianceType).toBe('NON_COMPLIANT');
      expect(ok(remediation).RemediationConfigurations).toEqual([]);
      expect(ok(evaluation)).toBeUndefined(); // an empty result: the CLI prints nothing
      // onboard's first-results wait: the rule has run (a time botocore parsed), so it is not waited for.
      expect(ok(evaluationStatus).ConfigRulesEvaluationStatus[0]).toMatchObject({
        ConfigRuleName: keysRule,
        FirstEvaluationStarted: true,
      });
      expect(ok(evaluationStatus).ConfigRulesEvaluationStatus[0].LastSuccessfulEvaluationTime).toEqual(
        expect.any(String),
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'Config: the organization aggregator the report reads from the management account',
    async () => {
      const [aggregators, byRule] = await all([
        ['configservice', 'describe-configuration-aggregators'],
        [
          'configservice',
          'describe-aggregate-compliance-by-config-rules',
          '--configuration-aggregator-name',
          'org-aggregator',
        ],
      ]);
      expect(ok(aggregators).ConfigurationAggregators[0].ConfigurationAggregatorName).toBe('org-aggregator');
      const first = ok(byRule).AggregateComplianceByConfigRules[0];
      const details = await aws([
        'configservice',
        'get-aggregate-compliance-details-by-config-rule',
        '--configuration-aggregator-name',
        'org-aggregator',
        '--config-rule-name',
        first.ConfigRuleName,
        '--account-id',
        first.AccountId,
        '--aws-region',
        first.AwsRegion,
      ]);
      expect(Array.isArray(ok(details).AggregateEvaluationResults)).toBe(true);
      const summary = await aws([
        'configservice',
        'get-aggregate-config-rule-compliance-summary',
        '--configuration-aggregator-name',
        'org-aggregator',
        '--group-by-key',
        'ACCOUNT_ID',
      ]);
      expect(ok(summary).AggregateComplianceCounts.length).toBeGreaterThan(0);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'plain stacks: create, describe, update, delete',
    async () => {
      const body = JSON.stringify({
        Parameters: { Mode: { Type: 'String', Default: 'a' } },
        Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
      });
      writeFileSync(join(workDir, 'plain.json'), body);
      const created = ok(
        await aws([
          'cloudformation',
          'create-stack',
          '--stack-name',
          'plain',
          '--template-body',
          `file://${join(workDir, 'plain.json')}`,
        ]),
      );
      expect(created.StackId).toContain(':stack/plain/');
      expect(ok(await aws(['cloudformation', 'describe-stacks', '--stack-name', 'plain'])).Stacks[0].StackStatus).toBe(
        'CREATE_COMPLETE',
      );
      ok(
        await aws([
          'cloudformation',
          'update-stack',
          '--stack-name',
          'plain',
          '--use-previous-template',
          '--parameters',
          'ParameterKey=Mode,ParameterValue=b',
        ]),
      );
      expect(ok(await aws(['cloudformation', 'delete-stack', '--stack-name', 'plain']))).toBeUndefined();
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'impact: the EC2 (ec2 protocol) and IAM reads it makes in a member account',
    async () => {
      const session = await assumeRole(OUTSIDE_OU, 'impact');
      const [groups, report] = await all(
        [
          ['ec2', 'describe-security-groups', '--max-results', '1000'],
          ['iam', 'generate-credential-report'],
        ],
        session,
      );
      const bastion = (ok(groups).SecurityGroups as { GroupName: string; GroupId: string }[]).find(
        (g) => g.GroupName === 'bastion',
      );
      expect(bastion).toMatchObject({
        GroupId: expect.stringMatching(/^sg-/),
        IpPermissions: [
          expect.objectContaining({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
        ],
      });
      expect(ok(report).State).toEqual(expect.any(String));
      const [interfaces, csv, user, keys, login] = await all(
        [
          ['ec2', 'describe-network-interfaces', '--filters', `Name=group-id,Values=${bastion!.GroupId}`],
          ['iam', 'get-credential-report'],
          ['iam', 'get-user', '--user-name', 'ops'],
          ['iam', 'list-access-keys', '--user-name', 'ops'],
          ['iam', 'get-login-profile', '--user-name', 'ops'],
        ],
        session,
      );
      expect(ok(interfaces).NetworkInterfaces).toEqual([
        expect.objectContaining({
          Description: 'bastion host',
          Status: 'in-use',
          Groups: [{ GroupId: bastion!.GroupId, GroupName: 'bastion' }],
          Attachment: expect.objectContaining({ InstanceId: 'i-1', Status: 'attached' }),
        }),
      ]);
      // The CLI prints the report's blob base64-encoded.
      expect(Buffer.from(ok(csv).Content as string, 'base64').toString('utf8')).toMatch(/^user,arn,/);
      expect(ok(user).User.UserName).toBe('ops');
      expect(ok(login).LoginProfile.UserName).toBe('ops');
      const key = only(ok(keys).AccessKeyMetadata as { AccessKeyId: string; Status: string }[], 'access key');
      expect(key.Status).toBe('Active');
      const lastUsed = ok(await aws(['iam', 'get-access-key-last-used', '--access-key-id', key.AccessKeyId], session));
      expect(lastUsed.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'errors: botocore reads the code and message of a refused call in both protocols',
    async () => {
      const [orgs, config, cfn, remediation] = await all([
        ['organizations', 'describe-account', '--account-id', '12345'],
        ['configservice', 'get-compliance-details-by-config-rule', '--config-rule-name', 'no-such-rule'],
        ['cloudformation', 'describe-stack-set', '--stack-set-name', 'missing'],
        ['configservice', 'describe-remediation-execution-status', '--config-rule-name', 'no-such-rule'],
      ]);
      // The AWS CLI exits 254 when the service answered with an error (255 would be its own failure, e.g. parsing).
      expect([orgs.status, config.status, cfn.status, remediation.status]).toEqual([254, 254, 254, 254]);
      // What report reads for a rule without remediation (every control in DETECT): the model's error, not [].
      expect(remediation.stderr).toMatch(
        /An error occurred \(NoSuchRemediationConfigurationException\) when calling the DescribeRemediationExecutionStatus operation/,
      );
      expect(orgs.stderr).toMatch(
        /An error occurred \(InvalidInputException\) when calling the DescribeAccount operation: You provided a value that does not match the required pattern\./,
      );
      expect(config.stderr).toMatch(
        /An error occurred \(NoSuchConfigRuleException\) when calling the GetComplianceDetailsByConfigRule operation/,
      );
      expect(cfn.stderr).toMatch(
        /An error occurred \(StackSetNotFoundException\) when calling the DescribeStackSet operation: StackSet missing not found/,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "CloudWatch Logs: the access-key function's log groups and a refused event filter, as report --changes reads them",
    async () => {
      // Every control is in DETECT here, so the function and its log group do not exist: the prefix finds none.
      const groups = ok(
        await aws(['logs', 'describe-log-groups', '--log-group-name-prefix', '/cisfleet/'], member),
      ) as { logGroups: unknown[] };
      expect(groups.logGroups).toEqual([]);
      const missing = await aws(
        [
          'logs',
          'filter-log-events',
          '--log-group-name',
          '/cisfleet/none',
          '--start-time',
          '0',
          '--filter-pattern',
          '?"user failed"',
        ],
        member,
      );
      expect(missing.status).toBe(254);
      expect(missing.stderr).toMatch(
        /An error occurred \(ResourceNotFoundException\) when calling the FilterLogEvents operation: The specified log group does not exist\./,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "SSM: a runbook's automation executions with their outputs, and a refused time filter, as report --changes reads them",
    async () => {
      const state = sim.world.region(MEMBER, REGION);
      state.ssmDocuments.set('cisfleet-RevokeUnusedCredentials', {
        name: 'cisfleet-RevokeUnusedCredentials',
        content: {
          mainSteps: [
            {
              name: 'Revoke',
              action: 'aws:executeScript',
              outputs: [{ Name: 'Skipped', Selector: '$.Payload.Skipped', Type: 'String' }],
            },
          ],
          outputs: ['Revoke.Skipped'],
        },
      });
      const now = sim.clock.now();
      recordAutomationExecution(state, {
        documentName: 'cisfleet-RevokeUnusedCredentials',
        parameters: { IAMResourceId: 'AIDAEXAMPLE' },
        startedAt: now,
        endedAt: now,
        payload: { Skipped: 'break-glass carries the exemption tag cisfleet:exempt' },
      });
      const since = `${new Date(now - 60_000).toISOString().slice(0, 19)}Z`;
      const [found, badTime] = await all(
        [
          [
            'ssm',
            'describe-automation-executions',
            '--filters',
            'Key=DocumentNamePrefix,Values=cisfleet-',
            `Key=StartTimeAfter,Values=${since}`,
          ],
          ['ssm', 'describe-automation-executions', '--filters', 'Key=StartTimeAfter,Values=yesterday'],
        ],
        member,
      );
      const { AutomationExecutionMetadataList: executions } = ok(found) as {
        AutomationExecutionMetadataList: Array<Record<string, unknown>>;
      };
      const [execution] = executions;
      expect(execution).toMatchObject({
        DocumentName: 'cisfleet-RevokeUnusedCredentials',
        AutomationExecutionStatus: 'Success',
        Outputs: { 'Revoke.Skipped': ['break-glass carries the exemption tag cisfleet:exempt'] },
      });
      expect(badTime.status).toBe(254);
      expect(badTime.stderr).toMatch(
        /An error occurred \(InvalidFilterValue\) when calling the DescribeAutomationExecutions operation/,
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'CloudFormation: instances and the stack set deleted, as cisfleet removes them',
    async () => {
      const removal = ok(
        await aws([
          'cloudformation',
          'delete-stack-instances',
          '--stack-set-name',
          'cis',
          '--deployment-targets',
          `OrganizationalUnitIds=${ouId}`,
          '--regions',
          REGION,
          '--no-retain-stacks',
        ]),
      );
      await finish(removal.OperationId);
      expect(ok(await aws(['cloudformation', 'delete-stack-set', '--stack-set-name', 'cis']))).toBeUndefined();
    },
    CLI_TEST_TIMEOUT_MS,
  );

  // Runs last: every call above has been made.
  it('made every call cisfleet makes (its SDK commands and paginators in src/aws), but those newer than the CLI', () => {
    const newer = new Set(OPERATIONS_NEWER_THAN_MODEL.map(({ operation }) => operation));
    const missing = [...cisfleetCalls()].filter((operation) => !newer.has(operation) && !made.has(cliName(operation)));
    expect(missing).toEqual([]);
  });
});

/** The AWS operations cisfleet calls: every `new XCommand(` and `paginateX(` under src/aws. */
function cisfleetCalls(): Set<string> {
  const dir = 'src/aws';
  const calls = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const match of source.matchAll(/\bnew ([A-Z]\w+)Command\(|\bpaginate([A-Z]\w+)\(/g)) {
      const operation = match[1] ?? match[2];
      if (operation) calls.add(operation);
    }
  }
  return calls;
}

/** The AWS CLI's name of an operation: DescribeStackSet → describe-stack-set. */
const cliName = (operation: string): string => operation.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase();
