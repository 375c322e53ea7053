import { describe, expect, it } from '@jest/globals';
import { problemsWith } from './config-builder.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');

/** Each cross-field rule: the overrides that break it, and the problem it must report (path, severity, words). */
const CASES: {
  rule: string;
  overrides: Record<string, unknown>;
  path: string;
  severity: 'error' | 'warning';
  says: RegExp;
}[] = [
  {
    rule: 'the home region must be deployed',
    overrides: { organization: { homeRegion: 'eu-central-1' } },
    path: 'organization.homeRegion',
    severity: 'error',
    says: /eu-central-1 is not in regions/,
  },
  {
    rule: 'opt-in regions must be enabled',
    overrides: { regions: ['us-east-1', 'eu-south-2'] },
    path: 'regions[1]',
    severity: 'warning',
    says: /opt-in/,
  },
  {
    rule: 'failure tolerance: count XOR percentage',
    overrides: { stackSet: { operationPreferences: { failureToleranceCount: 1, failureTolerancePercentage: 10 } } },
    path: 'stackSet.operationPreferences.failureTolerancePercentage',
    severity: 'error',
    says: /failureToleranceCount or failureTolerancePercentage, not both/,
  },
  {
    rule: 'max concurrent: count XOR percentage',
    overrides: { stackSet: { operationPreferences: { maxConcurrentCount: 3, maxConcurrentPercentage: 25 } } },
    path: 'stackSet.operationPreferences.maxConcurrentPercentage',
    severity: 'error',
    says: /not both/,
  },
  {
    rule: 'STRICT mode caps maxConcurrentCount at failureToleranceCount + 1',
    overrides: {
      stackSet: {
        operationPreferences: {
          concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
          maxConcurrentCount: 5,
          failureToleranceCount: 1,
        },
      },
    },
    path: 'stackSet.operationPreferences.maxConcurrentCount',
    severity: 'error',
    says: /at most failureToleranceCount \+ 1 \(2\)/,
  },
  {
    rule: 'SELF_MANAGED needs accounts or OUs to resolve',
    overrides: { stackSet: { permissionModel: 'SELF_MANAGED' }, targets: { organizationalUnits: [] } },
    path: 'targets',
    severity: 'error',
    says: /SELF_MANAGED stack set deploys to account ids/,
  },
  {
    rule: 'SERVICE_MANAGED takes no administration role',
    overrides: { stackSet: { administrationRoleArn: 'arn:aws:iam::111111111111:role/Admin' } },
    path: 'stackSet.administrationRoleArn',
    severity: 'error',
    says: /for SELF_MANAGED stack sets/,
  },
  {
    rule: 'SERVICE_MANAGED takes no execution role',
    overrides: { stackSet: { executionRoleName: 'Exec' } },
    path: 'stackSet.executionRoleName',
    severity: 'error',
    says: /for SELF_MANAGED stack sets/,
  },
  {
    rule: 'autoDeployment only with SERVICE_MANAGED',
    overrides: { stackSet: { permissionModel: 'SELF_MANAGED', autoDeployment: { enabled: true } } },
    path: 'stackSet.autoDeployment',
    severity: 'error',
    says: /needs permissionModel: SERVICE_MANAGED/,
  },
  {
    rule: 'retainStacksOnAccountRemoval only with autoDeployment enabled',
    overrides: { stackSet: { autoDeployment: { enabled: false, retainStacksOnAccountRemoval: true } } },
    path: 'stackSet.autoDeployment.retainStacksOnAccountRemoval',
    severity: 'error',
    says: /only applies with autoDeployment.enabled: true/,
  },
  {
    rule: 'DELETE needs a grace period',
    overrides: { controls: { 'access-keys-rotated': { action: 'DELETE', deleteGraceDays: 0 } } },
    path: 'controls.access-keys-rotated.deleteGraceDays',
    severity: 'error',
    says: /at least 1/,
  },
  {
    rule: 'an account is not both included and excluded',
    overrides: { targets: { includeAccounts: ['222222222222'], excludeAccounts: ['222222222222'] } },
    path: 'targets.excludeAccounts[0]',
    severity: 'error',
    says: /both included and excluded/,
  },
  {
    rule: 'SERVICE_MANAGED never deploys to the management account',
    overrides: { targets: { includeAccounts: ['111111111111'] } },
    path: 'targets.includeAccounts[0]',
    severity: 'error',
    says: /use includeManagementAccount: true/,
  },
  {
    rule: 'the management account is not excluded while included',
    overrides: { targets: { excludeAccounts: ['111111111111'] } },
    path: 'targets.excludeAccounts[0]',
    severity: 'error',
    says: /is the management account/,
  },
  {
    rule: 'a delegated admin needs its account id',
    overrides: { organization: { runsFrom: 'delegatedAdmin' } },
    path: 'organization',
    severity: 'error',
    says: /needs delegatedAdminAccountId/,
  },
  {
    rule: 'a delegated admin needs SERVICE_MANAGED',
    overrides: {
      organization: { runsFrom: 'delegatedAdmin', delegatedAdminAccountId: '222222222222' },
      stackSet: { permissionModel: 'SELF_MANAGED' },
    },
    path: 'organization.runsFrom',
    severity: 'error',
    says: /only manage SERVICE_MANAGED/,
  },
  {
    rule: 'the management account is not its own delegated admin',
    overrides: { organization: { runsFrom: 'delegatedAdmin', delegatedAdminAccountId: '111111111111' } },
    path: 'organization.delegatedAdminAccountId',
    severity: 'error',
    says: /cannot be its own delegated administrator/,
  },
  {
    rule: 'delegatedAdminAccountId only with runsFrom: delegatedAdmin',
    overrides: { organization: { delegatedAdminAccountId: '222222222222' } },
    path: 'organization.delegatedAdminAccountId',
    severity: 'error',
    says: /only applies with runsFrom: delegatedAdmin/,
  },
  {
    rule: 'sessions over an hour break under role chaining',
    overrides: { memberRole: { sessionDurationSeconds: 7200 } },
    path: 'memberRole.sessionDurationSeconds',
    severity: 'warning',
    says: /role chaining/,
  },
  {
    rule: 'expired exemptions are reported',
    overrides: {
      exemptions: {
        accounts: [
          { accountId: '333333333333', controls: ['admin-ports-closed'], reason: 'lab', expires: '2026-01-31' },
        ],
      },
    },
    path: 'exemptions.accounts[0].expires',
    severity: 'warning',
    says: /expired on 2026-01-31/,
  },
  {
    rule: 'exempting an excluded account has no effect',
    overrides: {
      targets: { excludeAccounts: ['333333333333'] },
      exemptions: { accounts: [{ accountId: '333333333333', controls: ['admin-ports-closed'], reason: 'lab' }] },
    },
    path: 'exemptions.accounts[0].accountId',
    severity: 'warning',
    says: /excluded from targets already/,
  },
  {
    rule: 'an aggregator source needs an aggregator name',
    overrides: { report: { source: 'aggregator' } },
    path: 'report.source',
    severity: 'error',
    says: /needs aggregatorName/,
  },
  {
    rule: 'regionOrder lists deployed regions',
    overrides: {
      stackSet: {
        operationPreferences: { regionConcurrencyType: 'SEQUENTIAL', regionOrder: ['eu-west-1', 'us-west-2'] },
      },
    },
    path: 'stackSet.operationPreferences.regionOrder[1]',
    severity: 'error',
    says: /us-west-2 is not in regions/,
  },
  {
    rule: 'delivery is unused when recorders are skipped',
    overrides: { configRecorder: { mode: 'skip', delivery: { centralBucketName: 'org-config-logs' } } },
    path: 'configRecorder.delivery',
    severity: 'warning',
    says: /no effect/,
  },
  {
    rule: 'onboarded accounts land in a targeted OU',
    overrides: {
      targets: { onboard: [{ name: 'new', email: 'new@example.com', organizationalUnit: '/Root/Sandbox' }] },
    },
    path: 'targets.onboard[0].organizationalUnit',
    severity: 'warning',
    says: /not under a targeted OU/,
  },
  {
    rule: 'a nested OU is already covered by its parent',
    overrides: { targets: { organizationalUnits: ['/Root/Workloads', '/Root/Workloads/Prod'] } },
    path: 'targets.organizationalUnits[1]',
    severity: 'warning',
    says: /inside \/Root\/Workloads/,
  },
  {
    rule: 'repeated regions are dropped',
    overrides: { regions: ['us-east-1', 'eu-west-1', 'us-east-1'] },
    path: 'regions[2]',
    severity: 'warning',
    says: /listed twice/,
  },
];

describe('cross-field rules', () => {
  it.each(CASES)('$rule', ({ overrides, path, severity, says }) => {
    const problems = problemsWith(overrides, { now: NOW });
    // Listing every problem makes a failure show what was reported instead.
    const summaries = problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);
    expect(summaries).toContainEqual(
      expect.stringMatching(new RegExp(`^${severity} ${escapeRegExp(path)}: .*${says.source}`)),
    );
    expect(problems.every((p) => p.line > 0 && p.file === 'accounts.yaml')).toBe(true);
  });

  it('the minimal file has no problems, so every case above is caused by its overrides', () => {
    expect(problemsWith({}, { now: NOW })).toEqual([]);
  });

  it.each([
    [
      'STRICT mode with maxConcurrentCount = failureToleranceCount + 1',
      {
        stackSet: {
          operationPreferences: {
            concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
            maxConcurrentCount: 2,
            failureToleranceCount: 1,
          },
        },
      },
    ],
    ['SELF_MANAGED with OUs to resolve', { stackSet: { permissionModel: 'SELF_MANAGED' } }],
    [
      'SELF_MANAGED with accounts only',
      {
        stackSet: { permissionModel: 'SELF_MANAGED' },
        targets: { organizationalUnits: [], includeAccounts: ['222222222222'] },
      },
    ],
    ['DELETE with a grace period', { controls: { 'access-keys-rotated': { action: 'DELETE', deleteGraceDays: 1 } } }],
    [
      'a delegated admin with SERVICE_MANAGED',
      { organization: { runsFrom: 'delegatedAdmin', delegatedAdminAccountId: '222222222222' } },
    ],
    ['an aggregator with its name', { report: { source: 'aggregator', aggregatorName: 'org-aggregator' } }],
    [
      'an exemption that has not expired',
      {
        exemptions: {
          accounts: [
            { accountId: '333333333333', controls: ['admin-ports-closed'], reason: 'lab', expires: '2026-11-28' },
          ],
        },
      },
    ],
  ])('accepts %s', (_, overrides) => {
    expect(problemsWith(overrides, { now: NOW })).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
