/**
 * Reads what automatic remediation recorded in every targeted account × region, through the member role: the
 * remediation executions of the rules remediated by runbooks (every region for the network controls, the home
 * region for unused credentials) and the access-key function's log (home region). One failing account × region
 * is a failure entry; the rest go on.
 */
import { controlById, ruleNameFor, type ControlId } from '../../controls/catalog.js';
import { describeAwsError, formatAwsError } from '../../aws/errors.js';
import type { ChangesGateway } from '../../aws/changes-gateway.js';
import { mapBounded } from '../../bounded.js';
import type { OrgAccount } from '../../org/model.js';
import { buildChangesSection } from './build.js';
import { configExecutionChanges } from './config-executions.js';
import { FUNCTION_LOG_FILTER, readFunctionLog } from './function-log.js';
import type { ChangesReadFailure, ChangesSection, FunctionRun, RemediationChange } from './model.js';

/** The controls Config remediates with a runbook; access-keys-rotated is the function's. */
const RUNBOOK_CONTROLS: readonly ControlId[] = ['default-sg-closed', 'admin-ports-closed', 'unused-credentials'];

/** The access-key function's log groups: the template names them `/cisfleet/<prefix>/access-key-remediation/<stack>`. */
export const accessKeyLogGroupPrefix = (resourcePrefix: string): string =>
  `/cisfleet/${resourcePrefix}/access-key-remediation/`;

export interface ChangesScope {
  readonly accounts: readonly OrgAccount[];
  /** The management account, read with the base credentials. */
  readonly managementAccountId?: string;
  readonly regions: readonly string[];
  readonly homeRegion: string;
  readonly resourcePrefix: string;
  readonly concurrency: number;
  readonly since: Date;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function gatherChanges(gateway: ChangesGateway, scope: ChangesScope): Promise<ChangesSection> {
  const changes: RemediationChange[] = [];
  const runs: FunctionRun[] = [];
  const failures: ChangesReadFailure[] = [];
  let done = 0;
  await mapBounded(scope.accounts, scope.concurrency, async (account) => {
    const id = account.id === scope.managementAccountId ? undefined : account.id;
    for (const region of scope.regions) {
      const where = { accountId: account.id, accountName: account.name, ouPath: account.ouPath, region };
      const home = region === scope.homeRegion;
      try {
        for (const controlId of RUNBOOK_CONTROLS) {
          const control = controlById(controlId);
          if (!home && control.homeRegionOnly) continue;
          const records = await gateway.remediationExecutions(id, region, ruleNameFor(control, scope.resourcePrefix));
          changes.push(...configExecutionChanges(records, controlId, where, scope.since));
        }
        if (home) {
          const records = await gateway.logEvents(
            id,
            region,
            accessKeyLogGroupPrefix(scope.resourcePrefix),
            scope.since,
            FUNCTION_LOG_FILTER,
          );
          const read = readFunctionLog(records, where);
          changes.push(...read.changes);
          runs.push(...read.runs);
        }
      } catch (error) {
        const info = describeAwsError(error);
        failures.push({
          ...where,
          kind: info.accessDenied ? 'access-denied' : info.throttled ? 'throttled' : 'error',
          message: formatAwsError(error),
        });
      }
    }
    gateway.releaseAccount(id);
    scope.onProgress?.(++done, scope.accounts.length);
  });
  return buildChangesSection({ since: scope.since, changes, runs, failures });
}
