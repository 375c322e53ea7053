/**
 * Compliance as cisfleet reads it from AWS Config, in plain JSON-serialisable types: the report builds its
 * account × region × control rows from these, whichever reader (member accounts or the aggregator) produced them.
 */
export {};
//# sourceMappingURL=compliance.js.map