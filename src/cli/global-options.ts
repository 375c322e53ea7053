import type { Argv } from 'yargs';
import { optionText } from './option-value.js';
import type { GlobalOptions } from '../actions/command-context.js';

export type { GlobalOptions };

export function withGlobalOptions<T>(y: Argv<T>) {
  return y
    .option('config', {
      alias: 'c',
      type: 'string',
      default: 'accounts.yaml',
      describe: 'Path to the accounts.yaml that describes the organization and the controls',
      global: true,
    })
    .option('profile', {
      type: 'string',
      describe: 'AWS profile for the base credentials (SSO, role_arn and credential_process work)',
      global: true,
    })
    .option('region', {
      type: 'string',
      describe: 'Region for the stack set and global calls (default: accounts.yaml home region)',
      global: true,
    })
    .option('endpoint-url', {
      type: 'string',
      describe: 'Send every AWS call to this endpoint (a local simulator or emulator); also AWS_ENDPOINT_URL',
      global: true,
    })
    .option('request-timeout', {
      type: 'number',
      describe:
        'Seconds an AWS request may go unanswered before it is retried, then reported (default 60; 0 = no limit)',
      global: true,
    })
    .option('connect-timeout', {
      type: 'number',
      describe: 'Seconds connecting to an AWS endpoint may take (default 10; 0 = no limit)',
      global: true,
    })
    .option('operation-timeout', {
      type: 'string',
      describe:
        'How long to wait for a stack set operation before leaving it running and saying how to follow it: 90s, 30m, 4h (default 4h)',
      global: true,
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print only machine-readable JSON on stdout',
      global: true,
    })
    .option('verbose', {
      alias: 'v',
      type: 'boolean',
      default: false,
      describe: 'Show more detail on stderr',
      global: true,
    })
    .option('debug', { type: 'boolean', default: false, describe: 'Show debug logs and stack traces', global: true })
    .option('yes', {
      alias: 'y',
      type: 'boolean',
      default: false,
      describe: 'Answer yes to confirmations (required without a terminal)',
      global: true,
    })
    .option('color', {
      type: 'boolean',
      default: true,
      describe: 'Colour output (--no-color or NO_COLOR to turn off)',
      global: true,
    });
}

/** The typed, readonly global options from parsed argv. */
export function globalOptionsFrom(argv: Record<string, unknown>): GlobalOptions {
  return {
    config: optionText(argv.config, 'config') ?? 'accounts.yaml',
    profile: argv.profile as string | undefined,
    region: argv.region as string | undefined,
    endpointUrl: argv.endpointUrl as string | undefined,
    ...(argv.requestTimeout !== undefined ? { requestTimeoutSeconds: Number(argv.requestTimeout) } : {}),
    ...(argv.connectTimeout !== undefined ? { connectTimeoutSeconds: Number(argv.connectTimeout) } : {}),
    ...(argv.operationTimeout !== undefined
      ? { operationTimeout: optionText(argv.operationTimeout, 'operation-timeout') }
      : {}),
    json: Boolean(argv.json),
    verbose: Boolean(argv.verbose),
    debug: Boolean(argv.debug),
    yes: Boolean(argv.yes),
    color: argv.color !== false,
  };
}
