import { describe, expect, it } from '@jest/globals';
import { shareCredentials } from '../../src/aws/credentials.js';

describe('shareCredentials', () => {
  it('fetches once for concurrent callers and reuses the result until near expiry', async () => {
    let now = 0;
    let fetches = 0;
    const provider = shareCredentials(
      () => {
        fetches++;
        return Promise.resolve({
          accessKeyId: `ASIA${fetches}`,
          secretAccessKey: 's',
          expiration: new Date(now + 60 * 60 * 1000),
        });
      },
      () => now,
    );
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(fetches).toBe(1);
    expect(a).toBe(b);
    now += 50 * 60 * 1000; // 10 minutes left: still good
    await provider();
    expect(fetches).toBe(1);
    now += 6 * 60 * 1000; // 4 minutes left: inside the refresh margin
    expect((await provider()).accessKeyId).toBe('ASIA2');
  });

  it('retries after a failure instead of caching it', async () => {
    let calls = 0;
    const provider = shareCredentials(() => {
      calls++;
      if (calls === 1) return Promise.reject(new Error('AccessDenied'));
      return Promise.resolve({ accessKeyId: 'AKIA', secretAccessKey: 's' });
    });
    await expect(provider()).rejects.toThrow('AccessDenied');
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'AKIA' });
  });
});
