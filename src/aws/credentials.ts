import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { credentialsError } from './errors.js';

/** Refresh this long before credentials expire, so a long fan-out never uses a dying session. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Shares one credentials fetch between every client and concurrent call of an account. The SDK memoizes
 * per client; cisfleet builds a client per service and region, so without this each would call
 * AssumeRole on its own.
 */
export function shareCredentials(
  provider: AwsCredentialIdentityProvider,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let current: AwsCredentialIdentity | undefined;
  return async () => {
    if (current && (!current.expiration || current.expiration.getTime() - REFRESH_MARGIN_MS > now())) {
      return current;
    }
    pending ??= provider().then(
      (credentials) => {
        current = credentials;
        pending = undefined;
        return credentials;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

/**
 * The credential chain's failures as AuthError with the fix ("run aws sso login", "check the profile name"); the
 * SDK's own "Could not load credentials from any providers" does not say which.
 */
export function explainCredentialFailures(
  provider: AwsCredentialIdentityProvider,
  profile: string | undefined,
): AwsCredentialIdentityProvider {
  return async (props) => {
    try {
      return await provider(props);
    } catch (error) {
      throw credentialsError(error, profile, profile === undefined ? undefined : profileExists(profile));
    }
  };
}

/** Whether a profile is named in the shared config or credentials file (where the SDK looks for it). */
export function profileExists(profile: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const sections = (file: string): string[] => {
    try {
      return [...readFileSync(file, 'utf8').matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)].map((m) => m[1] ?? '');
    } catch {
      return [];
    }
  };
  const config = sections(env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config')).map((s) =>
    s.replace(/^profile\s+/, ''),
  );
  const credentials = sections(env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'));
  return config.includes(profile) || credentials.includes(profile);
}
