import { mapBounded } from './bounded.js';
/**
 * Assumes the member role into every account (bounded) and reads its Config recorder and delivery channel
 * per region. An account that cannot be reached is reported with the reason and never stops the others.
 */
export async function preflightAccounts(access, accounts, regions, options) {
    const outcomes = await mapBounded(accounts, options.concurrency, async (account) => {
        let result;
        try {
            const identity = await access.whoAmI(account.id);
            if (identity.account !== account.id) {
                result = { accountId: account.id, reachable: false, reason: `the member role answered as account ${identity.account}` };
            }
            else {
                const recorders = {};
                for (const region of regions)
                    recorders[region] = await access.recorderState(account.id, region);
                result = { accountId: account.id, reachable: true, recorders };
            }
        }
        catch (error) {
            result = { accountId: account.id, reachable: false, reason: options.describeError(error) };
        }
        options.onAccountDone?.(result);
        return result;
    });
    // mapBounded never rejects, and the body above catches everything it calls.
    return outcomes.map((o, i) => (o.ok ? o.value : { accountId: accounts[i].id, reachable: false, reason: String(o.error) }));
}
//# sourceMappingURL=preflight.js.map