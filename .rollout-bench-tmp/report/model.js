export const REPORT_VERSION = 1;
//# sourceMappingURL=model.js.map