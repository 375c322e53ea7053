/**
 * Reads the SigV4 credential scope of a request. The simulator routes by it (service, region) and finds the
 * caller by the access key id; it never verifies signatures (the secrets are fake).
 */

export interface CredentialScope {
  accessKeyId: string;
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** The scope from an `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, …` header. */
export function parseCredentialScope(authorization: string | undefined): CredentialScope | undefined {
  const match = authorization ? CREDENTIAL.exec(authorization) : null;
  if (!match) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  return { accessKeyId, date, region, service };
}
