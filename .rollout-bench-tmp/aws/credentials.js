/** Refresh this long before credentials expire, so a long fan-out never uses a dying session. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/**
 * Shares one credentials fetch between every client and concurrent call of an account. The SDK memoizes
 * per client; cisfleet builds a client per service and region, so without this each would call
 * AssumeRole on its own.
 */
export function shareCredentials(provider, now = Date.now) {
    let pending;
    let current;
    return async () => {
        if (current && (!current.expiration || current.expiration.getTime() - REFRESH_MARGIN_MS > now())) {
            return current;
        }
        pending ??= provider().then((credentials) => {
            current = credentials;
            pending = undefined;
            return credentials;
        }, (error) => {
            pending = undefined;
            throw error;
        });
        return pending;
    };
}
//# sourceMappingURL=credentials.js.map