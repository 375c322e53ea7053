import { inspect } from 'node:util';
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
    const request =
      error.requestId && !error.message.includes(error.requestId) ? ` (request ${terminalText(error.requestId)})` : '';
    reporter.error(`${error.operation}: ${terminalText(error.message)}${request}`);
    if (error.fix) reporter.error(error.fix);
    for (const f of terminalView(error.failures)) {
      reporter.error(`  ${f.accountId}${f.region ? ` ${f.region}` : ''}: ${f.reason}`);
    }
  } else {
    // Auth and network errors quote AWS's message: one line each, escaped like any text from AWS.
    reporter.error(error.message.split('\n').map(terminalText).join('\n'));
  }
  if (reporter.mode.debug) {
    reporter.debug(error.stack ?? '');
    if (error.cause)
      reporter.debug(
        `caused by: ${error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : inspect(error.cause)}`,
      );
  } else if (error.code === 'INTERNAL') {
    reporter.info('Run again with --debug for the stack trace.');
  }
}
