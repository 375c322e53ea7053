import { UsageError } from '../errors.js';

/**
 * The one place that works out where AWS calls go: `given` (--endpoint-url, or the simulator's address the demo
 * and tests pass), else AWS_ENDPOINT_URL (empty counts as unset), else undefined for AWS's own endpoints. The
 * client factory sends every client there, and a resume hint names it, so both always agree.
 */
export function resolveEndpoint(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return checkedEndpoint(given ?? (env.AWS_ENDPOINT_URL || undefined));
}

/**
 * An endpoint other than http(s)://host is refused before any call: the SDK would send `ftp://` or `file://` to
 * port 80 of whatever host it finds. Credentials in the URL are never echoed.
 */
function checkedEndpoint(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  const shown = url && (url.username || url.password) ? `${url.protocol}//…@${url.host}${url.pathname}` : endpoint;
  const problem = !url
    ? 'is not a URL'
    : url.protocol !== 'http:' && url.protocol !== 'https:'
      ? `uses ${url.protocol.replace(/:$/, '')}: only http and https are AWS endpoints`
      : !url.hostname
        ? 'has no host'
        : url.username || url.password
          ? 'carries credentials: cisfleet takes credentials from the AWS chain, never from the endpoint'
          : undefined;
  if (problem) {
    throw new UsageError(
      `--endpoint-url (or AWS_ENDPOINT_URL) '${shown}' ${problem}. Give http(s)://host[:port], e.g. http://127.0.0.1:4566, or leave it unset for AWS.`,
    );
  }
  return endpoint;
}
