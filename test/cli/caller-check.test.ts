/**
 * The credentials must belong to the organization and account accounts.yaml names before anything changes:
 * through the real CLI against the simulator, a mismatch is exit 2 with both ids and the fix, and the simulator
 * served no call that writes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT, runCliAsync } from '../helpers/run-cli.js';
import { builtinScenarioPath, startSimulator, type RunningSimulator } from '../../src/sim/index.js';

const SHIPPED = readFileSync(join(REPO_ROOT, 'accounts.yaml'), 'utf8');
const SECRET = 'h4-caller-secret';
/** AWS calls that change something, by the simulator's `service:Action` count. */
const WRITE =
  /:(Create|Update|Delete|Put|Start|Stop|Register|Deregister|Enable|Disable|Activate|Deactivate|Move|Tag|Untag|Attach|Detach|Import)/;

/** The shipped accounts.yaml with its organization section edited. */
function configWith(edit: (organization: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cisfleet-caller-')), 'accounts.yaml');
  writeFileSync(
    file,
    SHIPPED.replace(/organization:\n(?: {2}.*\n)+/, (section) => edit(section)),
  );
  return file;
}

/** runsFrom: delegatedAdmin from `account`. */
const fromDelegatedAdmin = (account: string) => (section: string) =>
  section.replace('runsFrom: management', `runsFrom: delegatedAdmin\n  delegatedAdminAccountId: "${account}"`);

let sim: RunningSimulator;
const writes = (): string[] => [...sim.world.calls.keys()].filter((key) => WRITE.test(key));
const env = (principal: string) => ({
  AWS_ACCESS_KEY_ID: sim.credentialsFor(principal).accessKeyId,
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: sim.url,
});

beforeAll(async () => {
  // The demo organization: management account 111111111111, StackSets delegated administrator 222222222222.
  sim = await startSimulator({ scenarioFile: builtinScenarioPath('demo') });
});
afterAll(async () => sim.stop());

describe('credentials of another organization or account', () => {
  it('rollout --yes with another management account in accounts.yaml: exit 2, both ids and the fix, no write', async () => {
    const config = configWith((s) => s.replace('"111111111111"', '"999999999999"'));
    const run = await runCliAsync(['rollout', '--yes', '--config', config], { env: env('admin') });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'organization.managementAccountId: expected the organization of management account 999999999999',
    );
    expect(run.stderr).toContain('belong to organization o-cisfleetdemo, whose management account is 111111111111');
    expect(run.stderr).toContain('correct managementAccountId');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(writes()).toEqual([]);
  });

  it('rollout --yes from a member account with runsFrom: management: exit 2 naming both accounts, no write', async () => {
    const run = await runCliAsync(['rollout', '--yes'], { env: env('delegated-admin') });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('runsFrom: management expects the management account 111111111111');
    expect(run.stderr).toContain('are of account 222222222222');
    expect(writes()).toEqual([]);
  });

  it('onboard --yes with another management account: exit 2 before any write', async () => {
    const config = configWith((s) => s.replace('"111111111111"', '"999999999999"'));
    const run = await runCliAsync(['onboard', '--account', '999999999999', '--yes', '--config', config], {
      env: env('admin'),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('expected the organization of management account 999999999999');
    expect(writes()).toEqual([]);
  });

  it('runsFrom: delegatedAdmin from the management account: exit 2, set runsFrom: management', async () => {
    const config = configWith(fromDelegatedAdmin('222222222222'));
    const run = await runCliAsync(['rollout', '--yes', '--config', config], { env: env('admin') });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('runsFrom: delegatedAdmin expects a delegated administrator account');
    expect(writes()).toEqual([]);
  });

  it('delegatedAdminAccountId that is not the caller: exit 2 with both ids', async () => {
    const config = configWith(fromDelegatedAdmin('333333333333'));
    const run = await runCliAsync(['rollout', '--yes', '--config', config], { env: env('delegated-admin') });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('expected the delegated administrator account 333333333333, but the credentials');
    expect(run.stderr).toContain('are of account 222222222222');
    expect(writes()).toEqual([]);
  });
});

describe('an account that is not a registered StackSets delegated administrator', () => {
  let other: RunningSimulator;
  beforeAll(async () => {
    // The same organization, with 222222222222 no longer registered for StackSets (still for Config).
    other = await startSimulator({ scenarioFile: builtinScenarioPath('demo') });
    other.world.org.delegatedAdmins.get('member.org.stacksets.cloudformation.amazonaws.com')?.clear();
  });
  afterAll(async () => other.stop());

  it('rollout --yes: exit 2 with the register-delegated-administrator command, no write', async () => {
    const config = configWith(fromDelegatedAdmin('222222222222'));
    const run = await runCliAsync(['rollout', '--yes', '--config', config], {
      env: {
        ...env('delegated-admin'),
        AWS_ACCESS_KEY_ID: other.credentialsFor('delegated-admin').accessKeyId,
        AWS_ENDPOINT_URL: other.url,
      },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('account 222222222222');
    expect(run.stderr).toContain('is not registered as delegated administrator for CloudFormation StackSets');
    expect(run.stderr).toContain(
      '--service-principal member.org.stacksets.cloudformation.amazonaws.com --account-id 222222222222',
    );
    expect([...other.world.calls.keys()]).toContain('organizations:ListDelegatedAdministrators');
    expect([...other.world.calls.keys()].filter((key) => WRITE.test(key))).toEqual([]);
  });
});

describe('matching credentials are shown', () => {
  it('org names the account, its role and the organization (and --json carries it)', async () => {
    const run = await runCliAsync(['org'], { env: env('admin') });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'Credentials: account 111111111111 (management account) of organization o-cisfleetdemo',
    );
    const json = await runCliAsync(['org', '--json'], { env: env('admin') });
    expect((JSON.parse(json.stdout) as { caller: unknown }).caller).toMatchObject({
      accountId: '111111111111',
      organizationId: 'o-cisfleetdemo',
      managementAccountId: '111111111111',
    });
  });

  it('rollout --dry-run from the delegated administrator shows it above the plan, and writes nothing', async () => {
    const config = configWith(fromDelegatedAdmin('222222222222'));
    const run = await runCliAsync(['rollout', '--dry-run', '--config', config], { env: env('delegated-admin') });
    expect(run.stderr).not.toMatch(/problem/);
    expect(run.stdout).toContain(
      'Credentials: account 222222222222 (StackSets delegated administrator) of organization o-cisfleetdemo',
    );
    expect(writes()).toEqual([]);
  });
});
