/**
 * `report --changes` from the report action's side: the window from `--since` (checked before any AWS call),
 * the read over the targeted accounts, and the lines it adds to the run's log.
 */
import { AutomationGateway } from '../../aws/automation-gateway.js';
import { ChangesGateway } from '../../aws/changes-gateway.js';
import type { AwsClientFactory } from '../../aws/client-factory.js';
import type { CisfleetConfig } from '../../config/schema.js';
import type { OrgAccount } from '../../org/model.js';
import { gatherChanges } from './gather.js';
import type { ChangesSection } from './model.js';
import { DEFAULT_SINCE, parseSince } from './since.js';

/** The start of the window: `now` minus `--since` (default 24h); a bad duration is a usage error. */
export function changesWindow(since: string | undefined, now: Date): Date {
  return new Date(now.getTime() - parseSince(since ?? DEFAULT_SINCE));
}

export function readChanges(
  factory: AwsClientFactory,
  config: CisfleetConfig,
  scope: {
    since: Date;
    accounts: readonly OrgAccount[];
    managementAccountId?: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ChangesSection> {
  return gatherChanges(
    { changes: new ChangesGateway(factory), automation: new AutomationGateway(factory) },
    {
      ...scope,
      regions: config.regions,
      homeRegion: config.organization.homeRegion,
      resourcePrefix: config.resourcePrefix,
      concurrency: config.concurrency.accounts,
    },
  );
}

/** Where the run's log lines go: the reporter, seen from report/ (which sits below ui/ in the layer map). */
export interface RunLog {
  info(text: string): void;
  warn(text: string): void;
}

/** Logs the changes' totals and each account × region not read; false when some could not be read (exit 3). */
export function logChanges(reporter: RunLog, changes: ChangesSection): boolean {
  const t = changes.totals;
  reporter.info(
    `Since ${changes.since}: ${t.succeeded} changes made by automatic remediation, ${t.failed} failed, ${t.inProgress} in progress, ` +
      `${t.exemptResources} exempt resources left alone, ${t.failedRuns} access-key function runs with failures`,
  );
  for (const f of changes.failures)
    reporter.warn(`${f.accountId} (${f.accountName}) ${f.region}: changes not read: ${f.kind}: ${f.message}`);
  return changes.failures.length === 0;
}
