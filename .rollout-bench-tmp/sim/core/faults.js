/** The most specific value for a call among `service:Action`, `service` and `default`. */
export function mostSpecific(table, service, action) {
    return table[`${service}:${action}`] ?? table[service] ?? table.default;
}
/** The key of the most specific entry, so that each key has its own bucket. */
function mostSpecificKey(table, service, action) {
    return [`${service}:${action}`, service, 'default'].find((key) => key in table);
}
/** Added latency for a call, in ms (0 when the scenario sets none). */
export function latencyFor(faults, service, action) {
    return Math.max(0, mostSpecific(faults.latencyMs, service, action) ?? 0);
}
/** Token buckets keyed by calling account and throttle key. */
export class Throttler {
    nowMs;
    buckets = new Map();
    constructor(nowMs = () => performance.now()) {
        this.nowMs = nowMs;
    }
    /** Takes a token for the call; false when the caller is over the rate and must be throttled. */
    tryAcquire(faults, accountId, service, action) {
        const key = mostSpecificKey(faults.throttle, service, action);
        if (key === undefined)
            return true;
        const { ratePerSecond, burst = Math.max(1, ratePerSecond) } = faults.throttle[key];
        const now = this.nowMs();
        const bucketKey = `${accountId}|${key}`;
        let bucket = this.buckets.get(bucketKey);
        if (!bucket) {
            bucket = { tokens: burst, refilledAt: now };
            this.buckets.set(bucketKey, bucket);
        }
        bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * ratePerSecond);
        bucket.refilledAt = now;
        if (bucket.tokens < 1)
            return false;
        bucket.tokens -= 1;
        return true;
    }
}
/** Whether every call with this account's credentials is refused. */
export function isDenied(faults, accountId) {
    return faults.deniedAccounts.has(accountId);
}
//# sourceMappingURL=faults.js.map