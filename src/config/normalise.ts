/**
 * Step 3 of loading accounts.yaml: the schema's output → the shape the rest of cisfleet uses. OU targets
 * are split into ids and paths, lists lose their duplicates (with a warning: a repeat is usually a
 * copy-paste slip), the home region goes first, and the defaults that depend on another field are applied.
 */
import { echoValue } from '../safe-text.js';
import { warning, type DocPath, type PathProblem } from './problems.js';
import { isOuId, type AccountsFile, type CisfleetConfig, type OperationPreferences } from './schema.js';

export interface NormaliseOptions {
  /** YYYY-MM-DD: exemptions that expire before it are marked expired. */
  today: string;
}

export interface Normalised {
  config: CisfleetConfig;
  problems: PathProblem[];
}

/** The operation preferences that suit an organization rollout (see the comments in accounts.yaml). */
export const DEFAULT_MAX_CONCURRENT_PERCENTAGE = 25;
export const DEFAULT_FAILURE_TOLERANCE_PERCENTAGE = 10;

const DEFAULT_ADMINISTRATION_ROLE = 'AWSCloudFormationStackSetAdministrationRole';
const DEFAULT_EXECUTION_ROLE = 'AWSCloudFormationStackSetExecutionRole';

export function normalise(file: AccountsFile, options: NormaliseOptions): Normalised {
  const problems: PathProblem[] = [];
  const unique = <T>(values: readonly T[], path: DocPath): T[] => {
    const seen = new Set<T>();
    values.forEach((value, i) => {
      if (seen.has(value))
        problems.push(warning([...path, i], `${echoValue(String(value))} is listed twice: remove the repeat`));
      seen.add(value);
    });
    return [...seen];
  };

  const { organization, targets, stackSet } = file;
  const homeRegion = organization.homeRegion;
  const regions = unique(file.regions, ['regions']);
  const organizationalUnits = unique(targets.organizationalUnits, ['targets', 'organizationalUnits']);
  const serviceManaged = stackSet.permissionModel === 'SERVICE_MANAGED';

  const config: CisfleetConfig = {
    version: file.version,
    organization: {
      managementAccountId: organization.managementAccountId,
      callAs: organization.runsFrom === 'delegatedAdmin' ? 'DELEGATED_ADMIN' : 'SELF',
      ...(organization.delegatedAdminAccountId !== undefined && {
        delegatedAdminAccountId: organization.delegatedAdminAccountId,
      }),
      homeRegion,
    },
    targets: {
      organizationalUnitIds: organizationalUnits.filter(isOuId),
      organizationalUnitPaths: organizationalUnits.filter((ou) => !isOuId(ou)),
      includeAccounts: unique(targets.includeAccounts, ['targets', 'includeAccounts']),
      excludeAccounts: unique(targets.excludeAccounts, ['targets', 'excludeAccounts']),
      includeManagementAccount: targets.includeManagementAccount,
      onboard: targets.onboard,
    },
    regions: [...regions.filter((r) => r === homeRegion), ...regions.filter((r) => r !== homeRegion)],
    memberRole: file.memberRole,
    stackSet: {
      name: stackSet.name,
      permissionModel: stackSet.permissionModel,
      ...(!serviceManaged && {
        administrationRoleArn:
          stackSet.administrationRoleArn ??
          `arn:aws:iam::${organization.managementAccountId}:role/${DEFAULT_ADMINISTRATION_ROLE}`,
        executionRoleName: stackSet.executionRoleName ?? DEFAULT_EXECUTION_ROLE,
      }),
      ...(serviceManaged && {
        autoDeployment: {
          enabled: stackSet.autoDeployment?.enabled ?? true,
          retainStacksOnAccountRemoval: stackSet.autoDeployment?.retainStacksOnAccountRemoval ?? false,
        },
      }),
      managedExecution: stackSet.managedExecution,
      operationPreferences: operationPreferences(stackSet.operationPreferences),
      tags: stackSet.tags,
    },
    configRecorder: file.configRecorder,
    controls: file.controls,
    remediation: file.remediation,
    exemptions: {
      tagKey: file.exemptions.tagKey,
      accounts: file.exemptions.accounts.map((exemption) => ({
        ...exemption,
        controls: exemption.controls,
        expired: exemption.expires !== undefined && exemption.expires < options.today,
      })),
    },
    resourcePrefix: file.resourcePrefix,
    resourceTag: file.resourceTag,
    report: {
      ...file.report,
      ...(file.report.aggregatorName !== undefined && { aggregatorRegion: file.report.aggregatorRegion ?? homeRegion }),
    },
    concurrency: file.concurrency,
  };
  return { config: deepFreeze(config), problems };
}

/** Fills in the percentage defaults only where the user gave neither a count nor a percentage. */
function operationPreferences(given: AccountsFile['stackSet']['operationPreferences']): OperationPreferences {
  const { maxConcurrentCount, maxConcurrentPercentage, failureToleranceCount, failureTolerancePercentage, ...rest } =
    given;
  return {
    ...rest,
    ...(rest.regionOrder && { regionOrder: rest.regionOrder }),
    ...(maxConcurrentCount === undefined
      ? { maxConcurrentPercentage: maxConcurrentPercentage ?? DEFAULT_MAX_CONCURRENT_PERCENTAGE }
      : { maxConcurrentCount, ...(maxConcurrentPercentage !== undefined && { maxConcurrentPercentage }) }),
    ...(failureToleranceCount === undefined
      ? { failureTolerancePercentage: failureTolerancePercentage ?? DEFAULT_FAILURE_TOLERANCE_PERCENTAGE }
      : { failureToleranceCount, ...(failureTolerancePercentage !== undefined && { failureTolerancePercentage }) }),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
