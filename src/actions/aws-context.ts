import type { AwsCredentialIdentity } from '@smithy/types';
import { AwsClientFactory } from '../aws/client-factory.js';
import { DEFAULT_REQUEST_TIMEOUTS, type RequestTimeouts } from '../aws/request-timeouts.js';
import { UsageError } from '../errors.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { GlobalOptions } from './command-context.js';

/** Overrides the demo and tests use to point cisfleet at the simulator with its credentials. */
export interface AwsOverrides {
  endpoint?: string;
  credentials?: AwsCredentialIdentity;
}

/**
 * The composition root for AWS access: settings merged once, flags over environment over accounts.yaml
 * (docs/commands.md, global options), and one client factory for the whole run.
 */
export function createClientFactory(
  globals: GlobalOptions,
  config: CisfleetConfig,
  overrides: AwsOverrides = {},
): AwsClientFactory {
  const region = globals.region ?? process.env.AWS_REGION ?? config.organization.homeRegion;
  return new AwsClientFactory({
    region,
    endpoint: overrides.endpoint ?? globals.endpointUrl,
    profile: globals.profile,
    credentials: overrides.credentials,
    memberRole: {
      name: config.memberRole.name,
      externalId: config.memberRole.externalId,
      sessionName: config.memberRole.sessionName,
      durationSeconds: config.memberRole.sessionDurationSeconds,
      stsRegion: config.organization.homeRegion,
    },
    userAgent: 'cisfleet',
    timeouts: requestTimeouts(globals),
  });
}

/** --request-timeout and --connect-timeout (seconds) over the defaults; a bad value is a usage error before any call. */
export function requestTimeouts(
  globals: Pick<GlobalOptions, 'requestTimeoutSeconds' | 'connectTimeoutSeconds'>,
): RequestTimeouts {
  const ms = (flag: string, seconds: number | undefined, fallback: number): number => {
    if (seconds === undefined) return fallback;
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new UsageError(`--${flag} takes a number of seconds (0 for no limit), not ${String(seconds)}.`);
    return Math.round(seconds * 1000);
  };
  return {
    connectMs: ms('connect-timeout', globals.connectTimeoutSeconds, DEFAULT_REQUEST_TIMEOUTS.connectMs),
    responseMs: ms('request-timeout', globals.requestTimeoutSeconds, DEFAULT_REQUEST_TIMEOUTS.responseMs),
  };
}

/** --operation-timeout (`90s`, `30m`, `4h`, or seconds) in ms; undefined leaves the gateway's default. */
export function operationTimeoutMs(globals: Pick<GlobalOptions, 'operationTimeout'>): number | undefined {
  return globals.operationTimeout === undefined
    ? undefined
    : parseDuration('operation-timeout', globals.operationTimeout);
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
const isUnit = (text: string | undefined): text is keyof typeof UNIT_MS => text !== undefined && text in UNIT_MS;

/** `90s`, `30m`, `4h` or a number of seconds; anything else is a usage error naming the flag. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smh]?)$/.exec(text.trim());
  if (!match) throw new UsageError(`--${flag} takes a duration such as 90s, 30m or 4h, not "${text}".`);
  const [, amount, unit] = match;
  return Math.round(Number(amount) * UNIT_MS[isUnit(unit) ? unit : 's']);
}
