import { resolveEndpoint } from '../aws/endpoints.js';
import type { GlobalOptions } from './command-context.js';

/** Quotes a value for a POSIX shell when it needs it, so the printed command can be pasted as it is. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `cisfleet status --operation ID` with the global options that reach the same stack set as this run (the
 * accounts file, profile, region and endpoint it was given): the exact command that picks the operation up.
 */
export function statusCommandFor(operationId: string, globals: GlobalOptions): string {
  const words = ['cisfleet', 'status', '--operation', operationId];
  if (globals.config !== 'accounts.yaml') words.push('--config', globals.config);
  if (globals.profile) words.push('--profile', globals.profile);
  if (globals.region) words.push('--region', globals.region);
  // The endpoint this run's clients used, from the flag or AWS_ENDPOINT_URL.
  const endpoint = resolveEndpoint(globals.endpointUrl);
  if (endpoint) words.push('--endpoint-url', endpoint);
  return words.map(shellWord).join(' ');
}
