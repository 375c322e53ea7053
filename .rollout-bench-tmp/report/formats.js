export const REPORT_FORMATS = ['table', 'json', 'csv', 'md', 'html'];
//# sourceMappingURL=formats.js.map