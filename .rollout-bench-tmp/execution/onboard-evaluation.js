/** StartConfigRulesEvaluation in each region, with that region's rules (≤ 25: cisfleet deploys four at most). */
export async function startEvaluations(gateway, accountId, regions, rules) {
    const out = [];
    // Regions in turn: one account, a handful of regions, and Config's rate limits are per account.
    for (const region of regions)
        out.push({ region, started: await gateway.startEvaluation(accountId, region, rules(region)) });
    return out;
}
/** Waits for every region's first results, each region bounded by `timeoutMs` of polling. */
export async function waitForFirstResults(gateway, accountId, regions, rules, options) {
    const out = [];
    for (const region of regions)
        out.push({ region, ...(await gateway.waitForFirstResults(accountId, region, rules(region), options)) });
    return out;
}
//# sourceMappingURL=onboard-evaluation.js.map