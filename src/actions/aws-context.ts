import type { AwsCredentialIdentity } from '@smithy/types';
import { AwsClientFactory } from '../aws/client-factory.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { GlobalOptions } from '../cli/global-options.js';

/** Overrides the demo and tests use to point cisfleet at the simulator with its credentials. */
export interface AwsOverrides {
  endpoint?: string;
  credentials?: AwsCredentialIdentity;
}

/**
 * The composition root for AWS access: settings merged once, flags over environment over accounts.yaml
 * (style.md §11), and one client factory for the whole run.
 */
export function createClientFactory(globals: GlobalOptions, config: CisfleetConfig, overrides: AwsOverrides = {}): AwsClientFactory {
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
  });
}
