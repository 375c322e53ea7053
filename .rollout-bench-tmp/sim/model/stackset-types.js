export const instanceKey = (accountId, region) => `${accountId}:${region}`;
//# sourceMappingURL=stackset-types.js.map