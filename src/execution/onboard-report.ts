/**
 * The account's report at the end of onboard: compliance read from the account itself (an aggregator lags
 * behind a brand-new account), built and rendered exactly as `cisfleet report` does.
 */
import { AccountComplianceReader } from '../aws/account-compliance-reader.js';
import type { AwsClientFactory } from '../aws/client-factory.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { StackInstance } from '../model/stack-sets.js';
import type { OrgAccount } from '../org/model.js';
import { buildReport, rulesForRegion } from '../report/build.js';
import type { ComplianceReport } from '../report/model.js';

/** Reads the account's compliance in every region and builds the one-account report. */
export async function accountReport(
  factory: AwsClientFactory,
  config: CisfleetConfig,
  organizationId: string,
  account: OrgAccount,
  instances: readonly StackInstance[],
  generatedAt: Date,
): Promise<ComplianceReport> {
  const reader = new AccountComplianceReader(factory);
  const compliance = await reader.readAccounts(
    [account.id],
    config.regions,
    (region) => rulesForRegion(config, region),
    { concurrency: 1 },
  );
  return buildReport({
    generatedAt,
    organizationId,
    accounts: [account],
    config,
    source: 'accounts',
    compliance,
    instances: { status: 'read', instances },
  });
}
