/** The report formats, in a module of their own so the CLI can list them without loading the renderers. */
export type ReportFormat = 'table' | 'json' | 'csv' | 'md' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv', 'md', 'html'];
