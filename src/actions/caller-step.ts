import { ConfigError } from '../errors.js';
import { readCaller } from '../aws/caller-gateway.js';
import type { AwsClientFactory } from '../aws/client-factory.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { CallerIdentity } from '../model/caller.js';
import { callerProblems, describeCaller } from '../planning/caller-check.js';
import type { ProgressSession } from '../ui/tasks.js';

/**
 * The first step of every command that can change AWS (and of `org`): the credentials must belong to the
 * organization and account accounts.yaml names, or the run stops with exit 2 before any write.
 */
export function checkCaller(
  session: ProgressSession,
  factory: AwsClientFactory,
  config: CisfleetConfig,
  file: string,
): Promise<CallerIdentity> {
  return session.step('Check the credentials against accounts.yaml', async (progress) => {
    const caller = await readCaller(factory, { delegatedAdmin: config.organization.callAs === 'DELEGATED_ADMIN' });
    const problems = callerProblems(config, file, caller);
    if (problems.length > 0) throw new ConfigError(problems);
    progress.title(describeCaller(config, caller));
    return caller;
  });
}
