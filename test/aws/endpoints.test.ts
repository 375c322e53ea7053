/**
 * Where AWS calls go is worked out in one place, src/aws/endpoints.ts: the client factory and the resume hint
 * both ask it, so the command a run prints reaches the endpoint its clients used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { AwsClientFactory } from '../../src/aws/client-factory.js';
import { resolveEndpoint } from '../../src/aws/endpoints.js';
import { statusCommandFor } from '../../src/actions/resume-command.js';
import { UsageError } from '../../src/errors.js';

const SRC = join(import.meta.dirname, '../../src');
const ENV_ENDPOINT = 'http://127.0.0.1:4566';
const FLAG_ENDPOINT = 'http://127.0.0.1:9000';

function factory(endpoint?: string): AwsClientFactory {
  return new AwsClientFactory({
    region: 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'not-used' },
    memberRole: {
      name: 'OrganizationAccountAccessRole',
      sessionName: 't',
      durationSeconds: 900,
      stsRegion: 'us-east-1',
    },
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('resolveEndpoint: the one place that says where AWS calls go', () => {
  const saved = process.env.AWS_ENDPOINT_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
  });

  it('takes --endpoint-url over AWS_ENDPOINT_URL, AWS_ENDPOINT_URL without it, and AWS itself when neither is set', () => {
    expect(resolveEndpoint(FLAG_ENDPOINT, { AWS_ENDPOINT_URL: ENV_ENDPOINT })).toBe(FLAG_ENDPOINT);
    expect(resolveEndpoint(undefined, { AWS_ENDPOINT_URL: ENV_ENDPOINT })).toBe(ENV_ENDPOINT);
    expect(resolveEndpoint(undefined, { AWS_ENDPOINT_URL: '' })).toBeUndefined();
    expect(resolveEndpoint(undefined, {})).toBeUndefined();
  });

  it('refuses an endpoint that is no http(s) URL, from the flag or the environment, naming both', () => {
    expect(() => resolveEndpoint('ftp://127.0.0.1:21', {})).toThrow(UsageError);
    expect(() => resolveEndpoint(undefined, { AWS_ENDPOINT_URL: 'not a url' })).toThrow(
      /--endpoint-url \(or AWS_ENDPOINT_URL\) 'not a url' is not a URL/,
    );
  });

  it('the client factory and the resume hint agree on the endpoint AWS_ENDPOINT_URL names', () => {
    process.env.AWS_ENDPOINT_URL = ENV_ENDPOINT;
    const fromEnvironment = factory();
    expect(fromEnvironment.endpoint).toBe(ENV_ENDPOINT);
    expect(
      statusCommandFor('op-1', {
        config: 'accounts.yaml',
        json: false,
        verbose: false,
        debug: false,
        yes: false,
        color: false,
      }),
    ).toBe(`cisfleet status --operation op-1 --endpoint-url ${ENV_ENDPOINT}`);
    const fromFlag = factory(FLAG_ENDPOINT);
    expect(fromFlag.endpoint).toBe(FLAG_ENDPOINT);
    fromEnvironment.destroy();
    fromFlag.destroy();
  });

  it('no other file under src/ reads AWS_ENDPOINT_URL from the environment', () => {
    const readers = sourceFiles(SRC)
      .filter((file) => /env(?:\.AWS_ENDPOINT_URL|\[['"]AWS_ENDPOINT_URL['"]\])/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(readers).toEqual(['aws/endpoints.ts']);
  });
});
