import { AwsOperationError, ConfigError, UsageError, type CisfleetError } from '../errors.js';
import { terminalText, terminalView } from '../safe-text.js';
import type { Reporter } from '../ui/reporter.js';

/** The one place errors become text. */
export function printError(reporter: Reporter, error: CisfleetError): void {
  if (error instanceof ConfigError) {
    reporter.error(error.message);
  } else if (error instanceof UsageError) {
    reporter.error(`${error.message}\nRun with --help for usage.`);
  } else if (error instanceof AwsOperationError) {
    reporter.error(`${error.operation}: ${terminalText(error.message)}${error.requestId ? ` (request ${terminalText(error.requestId)})` : ''}`);
    for (const f of terminalView(error.failures)) {
      reporter.error(`  ${f.accountId}${f.region ? ` ${f.region}` : ''}: ${f.reason}`);
    }
  } else {
    reporter.error(error.message);
  }
  if (reporter.mode.debug) {
    reporter.debug(error.stack ?? '');
    if (error.cause) reporter.debug(`caused by: ${error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : String(error.cause)}`);
  } else if (error.code === 'INTERNAL') {
    reporter.info('Run again with --debug for the stack trace.');
  }
}
