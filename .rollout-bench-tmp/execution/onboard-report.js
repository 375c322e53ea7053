/**
 * The account's report at the end of onboard: compliance read from the account itself (an aggregator lags
 * behind a brand-new account), built and rendered exactly as `cisfleet report` does.
 */
import { AccountComplianceReader } from '../aws/compliance-gateway.js';
import { buildReport, rulesForRegion } from '../report/build.js';
/** Reads the account's compliance in every region and builds the one-account report. */
export async function accountReport(factory, config, organizationId, account, instances, generatedAt) {
    const reader = new AccountComplianceReader(factory);
    const compliance = await reader.readAccounts([account.id], config.regions, (region) => rulesForRegion(config, region), { concurrency: 1 });
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
//# sourceMappingURL=onboard-report.js.map