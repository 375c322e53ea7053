/**
 * Step 4 of loading accounts.yaml: rules that involve more than one field. Each rule reads the schema's
 * output (the document's own shape, so every problem has a path into the file) and returns its problems.
 * A rule declares the top-level sections it reads and runs whenever those sections are valid, even if
 * others are not: the user sees as many problems as possible in one go.
 */
import { error, warning, type PathProblem } from './problems.js';
import { isOptInRegion } from '../controls/regions.js';
import { regionCapabilities } from '../controls/region-capabilities.js';
import type { AccountsFile } from './schema.js';

export interface RuleContext {
  /** YYYY-MM-DD, for exemption expiry. */
  today: string;
}

type Section = keyof AccountsFile;

interface Rule {
  needs: readonly Section[];
  check: (file: AccountsFile, context: RuleContext) => PathProblem[];
}

/** A rule that reads only the sections it names (the type of `check`'s argument holds it to that). */
function rule<S extends Section>(
  needs: readonly S[],
  check: (file: Pick<AccountsFile, S>, context: RuleContext) => PathProblem[],
): Rule {
  return { needs, check };
}

const OPERATION_PREFERENCES = ['stackSet', 'operationPreferences'] as const;
/** Role chaining (base credentials that are themselves a role session) caps AssumeRole at one hour. */
const ROLE_CHAINING_MAX_SECONDS = 3600;

const homeRegionIsDeployed = rule(['organization', 'regions'], ({ organization, regions }) =>
  regions.includes(organization.homeRegion)
    ? []
    : [
        error(
          ['organization', 'homeRegion'],
          `home region ${organization.homeRegion} is not in regions: add it there (the stack set and the IAM rules live in the home region)`,
        ),
      ],
);

const optInRegionsNeedEnabling = rule(['regions'], ({ regions }) =>
  regions.flatMap((region, i) =>
    isOptInRegion(region)
      ? [
          warning(
            ['regions', i],
            `${region} is an opt-in region: every target account must have it enabled, or its stack instances fail`,
          ),
        ]
      : [],
  ),
);

const regionOrderFitsRegions = rule(['stackSet', 'regions'], ({ stackSet, regions }) => {
  const { regionOrder, regionConcurrencyType } = stackSet.operationPreferences;
  if (!regionOrder) return [];
  const problems = regionOrder.flatMap((region, i) =>
    regions.includes(region)
      ? []
      : [
          error(
            [...OPERATION_PREFERENCES, 'regionOrder', i],
            `${region} is not in regions: add it there or remove it here`,
          ),
        ],
  );
  if (regionConcurrencyType === 'PARALLEL') {
    problems.push(
      warning(
        [...OPERATION_PREFERENCES, 'regionOrder'],
        'regionOrder only matters with regionConcurrencyType: SEQUENTIAL',
      ),
    );
  }
  return problems;
});

/** StackSets takes a count or a percentage for each limit, never both. */
const countXorPercentage = rule(['stackSet'], ({ stackSet }) => {
  const preferences = stackSet.operationPreferences;
  return (['maxConcurrent', 'failureTolerance'] as const).flatMap((limit) =>
    preferences[`${limit}Count`] !== undefined && preferences[`${limit}Percentage`] !== undefined
      ? [
          error(
            [...OPERATION_PREFERENCES, `${limit}Percentage`],
            `give ${limit}Count or ${limit}Percentage, not both: remove one`,
          ),
        ]
      : [],
  );
});

/**
 * STRICT_FAILURE_TOLERANCE starts at min(maxConcurrent, failureTolerance + 1) accounts and lowers the
 * concurrency as failures add up, so StackSets rejects a maxConcurrentCount above failureToleranceCount + 1.
 * Percentages are only resolved against the account count at run time, so only counts can be checked here.
 */
const strictModeConcurrency = rule(['stackSet'], ({ stackSet }) => {
  const { concurrencyMode, maxConcurrentCount, failureToleranceCount } = stackSet.operationPreferences;
  if (
    concurrencyMode !== 'STRICT_FAILURE_TOLERANCE' ||
    maxConcurrentCount === undefined ||
    failureToleranceCount === undefined
  )
    return [];
  if (maxConcurrentCount <= failureToleranceCount + 1) return [];
  return [
    error(
      [...OPERATION_PREFERENCES, 'maxConcurrentCount'],
      `with STRICT_FAILURE_TOLERANCE, maxConcurrentCount (${maxConcurrentCount}) can be at most failureToleranceCount + 1 (${failureToleranceCount + 1}), ` +
        'because strict mode never runs more accounts at once than it may let fail: lower it, raise failureToleranceCount, or use SOFT_FAILURE_TOLERANCE',
    ),
  ];
});

const permissionModelFields = rule(['stackSet'], ({ stackSet }) => {
  const problems: PathProblem[] = [];
  if (stackSet.permissionModel === 'SERVICE_MANAGED') {
    for (const field of ['administrationRoleArn', 'executionRoleName'] as const) {
      if (stackSet[field] !== undefined) {
        problems.push(
          error(
            ['stackSet', field],
            `${field} is for SELF_MANAGED stack sets; SERVICE_MANAGED ones use roles that Organizations creates: remove it or set permissionModel: SELF_MANAGED`,
          ),
        );
      }
    }
  } else if (stackSet.autoDeployment !== undefined) {
    problems.push(
      error(
        ['stackSet', 'autoDeployment'],
        'autoDeployment needs permissionModel: SERVICE_MANAGED (StackSets learns of new accounts from Organizations): remove it',
      ),
    );
  }
  const auto = stackSet.autoDeployment;
  if (auto && auto.enabled === false && auto.retainStacksOnAccountRemoval !== undefined) {
    problems.push(
      error(
        ['stackSet', 'autoDeployment', 'retainStacksOnAccountRemoval'],
        'retainStacksOnAccountRemoval only applies with autoDeployment.enabled: true: remove it',
      ),
    );
  }
  return problems;
});

const targetsSelectAccounts = rule(['targets', 'stackSet'], ({ targets, stackSet }) => {
  if (targets.organizationalUnits.length > 0 || targets.includeAccounts.length > 0) return [];
  const how =
    stackSet.permissionModel === 'SELF_MANAGED'
      ? 'a SELF_MANAGED stack set deploys to account ids: list them in includeAccounts, or list organizationalUnits for cisfleet to resolve into accounts'
      : 'list organizationalUnits (e.g. /Root/Workloads) or includeAccounts';
  return [error(['targets'], `no member account is targeted: ${how}`)];
});

const includedAndExcluded = rule(['targets'], ({ targets }) =>
  targets.excludeAccounts.flatMap((id, i) =>
    targets.includeAccounts.includes(id)
      ? [error(['targets', 'excludeAccounts', i], `${id} is both included and excluded: remove it from one list`)]
      : [],
  ),
);

const managementAccountTargeting = rule(
  ['organization', 'targets', 'stackSet'],
  ({ organization, targets, stackSet }) => {
    const management = organization.managementAccountId;
    const problems: PathProblem[] = [];
    targets.excludeAccounts.forEach((id, i) => {
      if (id === management && targets.includeManagementAccount) {
        problems.push(
          error(
            ['targets', 'excludeAccounts', i],
            `${id} is the management account, which includeManagementAccount: true deploys to: set that to false or remove it here`,
          ),
        );
      }
    });
    targets.includeAccounts.forEach((id, i) => {
      if (id === management && stackSet.permissionModel === 'SERVICE_MANAGED') {
        problems.push(
          error(
            ['targets', 'includeAccounts', i],
            `${id} is the management account, which a SERVICE_MANAGED stack set never deploys to: remove it and use includeManagementAccount: true`,
          ),
        );
      }
    });
    return problems;
  },
);

const delegatedAdministrator = rule(['organization', 'stackSet'], ({ organization, stackSet }) => {
  const { runsFrom, delegatedAdminAccountId, managementAccountId } = organization;
  if (runsFrom === 'management') {
    return delegatedAdminAccountId === undefined
      ? []
      : [
          error(
            ['organization', 'delegatedAdminAccountId'],
            'delegatedAdminAccountId only applies with runsFrom: delegatedAdmin: remove it or set runsFrom',
          ),
        ];
  }
  const problems: PathProblem[] = [];
  if (delegatedAdminAccountId === undefined) {
    problems.push(
      error(
        ['organization'],
        'runsFrom: delegatedAdmin needs delegatedAdminAccountId: the account registered as StackSets delegated administrator',
      ),
    );
  } else if (delegatedAdminAccountId === managementAccountId) {
    problems.push(
      error(
        ['organization', 'delegatedAdminAccountId'],
        'the management account cannot be its own delegated administrator: use runsFrom: management',
      ),
    );
  }
  if (stackSet.permissionModel === 'SELF_MANAGED') {
    problems.push(
      error(
        ['organization', 'runsFrom'],
        'a delegated administrator (CallAs DELEGATED_ADMIN) can only manage SERVICE_MANAGED stack sets: use runsFrom: management',
      ),
    );
  }
  return problems;
});

const memberRoleSession = rule(['memberRole'], ({ memberRole }) =>
  memberRole.sessionDurationSeconds > ROLE_CHAINING_MAX_SECONDS
    ? [
        // A warning, not an error: cisfleet cannot know here whether its own credentials will be a role
        // session; preflight finds out. But with SSO (the usual case) this is chaining and AssumeRole fails.
        warning(
          ['memberRole', 'sessionDurationSeconds'],
          `${memberRole.sessionDurationSeconds} s is over the 3600 s that role chaining allows: when cisfleet runs with SSO or assumed-role credentials, AssumeRole will fail; use 3600 or less`,
        ),
      ]
    : [],
);

const accessKeyDeletion = rule(['controls'], ({ controls }) => {
  const accessKeys = controls['access-keys-rotated'];
  return accessKeys.action === 'DELETE' && accessKeys.deleteGraceDays < 1
    ? [
        error(
          ['controls', 'access-keys-rotated', 'deleteGraceDays'],
          'action DELETE needs deleteGraceDays of at least 1: a deactivated key must have time to be missed before it is gone for good',
        ),
      ]
    : [];
});

const exemptionsAreCurrent = rule(['exemptions', 'targets'], ({ exemptions, targets }, { today }) =>
  exemptions.accounts.flatMap((exemption, i) => {
    const problems: PathProblem[] = [];
    const path = ['exemptions', 'accounts', i] as const;
    if (exemption.expires !== undefined && exemption.expires < today) {
      problems.push(
        warning(
          [...path, 'expires'],
          `expired on ${exemption.expires}: account ${exemption.accountId} is checked and remediated again; renew or remove it`,
        ),
      );
    }
    if (targets.excludeAccounts.includes(exemption.accountId)) {
      problems.push(
        warning(
          [...path, 'accountId'],
          `${exemption.accountId} is excluded from targets already: the exemption has no effect`,
        ),
      );
    }
    exemption.controls.forEach((control, j) => {
      if (exemption.controls.indexOf(control) !== j)
        problems.push(warning([...path, 'controls', j], `${control} is listed twice`));
    });
    return problems;
  }),
);

const reportSource = rule(['report'], ({ report }) => {
  if (report.aggregatorName !== undefined) return [];
  const problems: PathProblem[] = [];
  if (report.source === 'aggregator') {
    problems.push(
      error(
        ['report', 'source'],
        'source: aggregator needs aggregatorName: the organization Config aggregator to read',
      ),
    );
  }
  if (report.aggregatorRegion !== undefined) {
    problems.push(warning(['report', 'aggregatorRegion'], 'aggregatorRegion has no effect without aggregatorName'));
  }
  return problems;
});

const recorderDelivery = rule(['configRecorder'], ({ configRecorder }) =>
  configRecorder.mode === 'skip' && Object.keys(configRecorder.delivery).length > 0
    ? [warning(['configRecorder', 'delivery'], 'mode: skip creates no recorder, so delivery has no effect')]
    : [],
);

/** OU paths can be compared here; ids only resolve against the organization at run time. */
const ouPathsCoverOnboarding = rule(['targets'], ({ targets }) => {
  const paths = targets.organizationalUnits;
  const covered = (ou: string) => paths.some((target) => ou === target || ou.startsWith(`${target}/`));
  const problems: PathProblem[] = [];
  paths.forEach((ou, i) => {
    const parent = paths.find((target) => ou.startsWith(`${target}/`));
    if (parent)
      problems.push(
        warning(
          ['targets', 'organizationalUnits', i],
          `${ou} is inside ${parent}, which is targeted already (nested OUs are included)`,
        ),
      );
  });
  if (paths.some((ou) => !ou.startsWith('/'))) return problems;
  targets.onboard.forEach((account, i) => {
    if (account.organizationalUnit.startsWith('/') && !covered(account.organizationalUnit)) {
      problems.push(
        warning(
          ['targets', 'onboard', i, 'organizationalUnit'],
          `${account.organizationalUnit} is not under a targeted OU: the new account will not get the controls`,
        ),
      );
    }
  });
  return problems;
});

/** The IAM rules and IAM recording live in the home region: it must be a region that has them. */
const homeRegionHasIamRules = rule(['organization'], ({ organization }) =>
  regionCapabilities(organization.homeRegion).iamRules
    ? []
    : [
        error(
          ['organization', 'homeRegion'],
          `${organization.homeRegion} cannot be the home region: AWS Config does not record IAM users there (it opened after February 2022) and offers neither access-keys-rotated nor iam-user-unused-credentials-check; choose an older region such as us-east-1 or eu-west-1 (docs/controls.md, region table)`,
        ),
      ],
);

const regionsOfferControls = rule(['regions'], ({ regions }) =>
  regions.flatMap((region, i) =>
    regionCapabilities(region).adminPortsRule
      ? []
      : [
          warning(
            ['regions', i],
            `${region} does not offer the Config rule vpc-sg-open-only-to-authorized-ports: admin-ports-closed is left out there (reports show it not deployed); the other controls deploy`,
          ),
        ],
  ),
);

/** CIS v1.4.0 to v5.0.0 (the labels reports print) require 45 days. */
const CIS_CURRENT_UNUSED_DAYS = 45;

const credentialAgeMatchesCis = rule(['controls'], ({ controls }) => {
  const days = controls['unused-credentials'].maxCredentialUsageAge;
  return days > CIS_CURRENT_UNUSED_DAYS
    ? [
        warning(
          ['controls', 'unused-credentials', 'maxCredentialUsageAge'],
          `${days} days satisfies CIS v1.2.0 only (at most 90): CIS v1.4.0 to v5.0.0, which reports label, require ${CIS_CURRENT_UNUSED_DAYS}; set ${CIS_CURRENT_UNUSED_DAYS} or less`,
        ),
      ]
    : [];
});

const RULES: readonly Rule[] = [
  homeRegionIsDeployed,
  homeRegionHasIamRules,
  regionsOfferControls,
  credentialAgeMatchesCis,
  optInRegionsNeedEnabling,
  regionOrderFitsRegions,
  countXorPercentage,
  strictModeConcurrency,
  permissionModelFields,
  targetsSelectAccounts,
  includedAndExcluded,
  managementAccountTargeting,
  delegatedAdministrator,
  memberRoleSession,
  accessKeyDeletion,
  exemptionsAreCurrent,
  reportSource,
  recorderDelivery,
  ouPathsCoverOnboarding,
];

/** Runs every cross-field rule whose sections are present (valid) in `sections`. */
export function checkRules(sections: Partial<AccountsFile>, context: RuleContext): PathProblem[] {
  return RULES.filter((r) => r.needs.every((section) => sections[section] !== undefined)).flatMap((r) =>
    r.check(sections as AccountsFile, context),
  );
}
