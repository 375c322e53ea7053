const THROTTLING = new Set([
    'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded',
    'LimitExceededException', 'RequestThrottled', 'RequestThrottledException', 'SlowDown',
]);
const ACCESS_DENIED = new Set([
    'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'InvalidClientTokenId',
    'ExpiredToken', 'ExpiredTokenException', 'UnrecognizedClientException', 'AuthFailure',
]);
export function describeAwsError(error) {
    const e = error;
    const name = e?.name ?? 'Error';
    return {
        name,
        message: e?.message ?? String(error),
        requestId: e?.$metadata?.requestId,
        httpStatus: e?.$metadata?.httpStatusCode,
        throttled: THROTTLING.has(name) || e?.$metadata?.httpStatusCode === 429,
        accessDenied: ACCESS_DENIED.has(name),
    };
}
/** One line for a per-account failure: `AccessDenied: User … is not authorized … (request 1234)`. */
export function formatAwsError(error) {
    const info = describeAwsError(error);
    return `${info.name}: ${info.message}${info.requestId ? ` (request ${info.requestId})` : ''}`;
}
//# sourceMappingURL=errors.js.map