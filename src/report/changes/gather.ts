/**
 * Reads what automatic remediation recorded in every targeted account × region, through the member role: the
 * remediation executions of the rules remediated by runbooks (every region for the network controls, the home
 * region for unused credentials), SSM's record of those runbooks when Config says some succeeded (a success may
 * be a skip of an exempt resource), and the access-key function's log (home region). One failing account × region
 * is a failure entry; the rest go on.
 */
import { controlById, ruleNameFor, runbookDocumentNameFor, type ControlId } from '../../controls/catalog.js';
import { describeAwsError, formatAwsError } from '../../aws/errors.js';
import type { AutomationGateway } from '../../aws/automation-gateway.js';
import type { ChangesGateway } from '../../aws/changes-gateway.js';
import type { RemediationExecutionRecord } from '../../model/remediation-records.js';
import { mapBounded } from '../../bounded.js';
import type { OrgAccount } from '../../org/model.js';
import { buildChangesSection } from './build.js';
import { configExecutionChanges } from './config-executions.js';
import { FUNCTION_LOG_FILTER, readFunctionLog } from './function-log.js';
import type { ChangesReadFailure, ChangesSection, FunctionRun, RemediationChange } from './model.js';
import { runbookLookup } from './runbook-outputs.js';

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

type Where = Pick<RemediationChange, 'accountId' | 'accountName' | 'ouPath' | 'region'>;

/**
 * The runbook controls' changes in one account × region: Config's executions of each rule, and, only when one
 * of them succeeded within the window, one read of SSM's executions of the template's documents since then,
 * whose outputs say which successes were skips of exempt resources (and name every execution).
 */
async function runbookChanges(
  gateways: { changes: ChangesGateway; automation: AutomationGateway },
  accountId: string | undefined,
  where: Where,
  scope: ChangesScope,
): Promise<RemediationChange[]> {
  const home = where.region === scope.homeRegion;
  const read: Array<{ controlId: ControlId; records: RemediationExecutionRecord[] }> = [];
  for (const controlId of RUNBOOK_CONTROLS) {
    const control = controlById(controlId);
    if (!home && control.homeRegionOnly) continue;
    const ruleName = ruleNameFor(control, scope.resourcePrefix);
    read.push({ controlId, records: await gateways.changes.remediationExecutions(accountId, where.region, ruleName) });
  }
  const succeededInWindow = read.some(({ records }) =>
    records.some(
      (x) => x.state === 'SUCCEEDED' && Date.parse(x.lastUpdatedAt ?? x.invokedAt ?? '') >= scope.since.getTime(),
    ),
  );
  const automation = succeededInWindow
    ? await gateways.automation.automationExecutions(accountId, where.region, `${scope.resourcePrefix}-`, scope.since)
    : [];
  return read.flatMap(({ controlId, records }) => {
    const documentName = runbookDocumentNameFor(controlById(controlId), scope.resourcePrefix);
    const lookup = documentName !== undefined ? runbookLookup(automation, documentName) : undefined;
    return configExecutionChanges(records, controlId, where, scope.since, lookup);
  });
}

export async function gatherChanges(
  gateways: { changes: ChangesGateway; automation: AutomationGateway },
  scope: ChangesScope,
): Promise<ChangesSection> {
  const gateway = gateways.changes;
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
        changes.push(...(await runbookChanges(gateways, id, where, scope)));
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
