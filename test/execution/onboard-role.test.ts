import { describe, expect, it } from '@jest/globals';
import { MemberRoleTimeoutError, waitForMemberRole } from '../../src/execution/onboard-role.js';
import { fakeClock } from '../helpers/fake-clock.js';

/** A probe refused until `readyAt` on a fake clock that sleeps advance. */
function fakeAccount(readyAt: number) {
  const clock = fakeClock(0);
  return {
    clock,
    probe: {
      whoAmI: (accountId: string) => {
        if (clock.now() < readyAt)
          return Promise.reject(
            Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }),
          );
        return Promise.resolve({
          account: accountId,
          arn: `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/cisfleet`,
        });
      },
    },
  };
}

const options = (f: ReturnType<typeof fakeAccount>, timeoutMs: number) => ({
  roleName: 'OrganizationAccountAccessRole',
  timeoutMs,
  clock: f.clock,
  polling: { initialMs: 1_000, maxMs: 8_000, factor: 2 },
  describeError: (e: unknown) => `${(e as Error).name}: ${(e as Error).message}`,
});

describe('waitForMemberRole', () => {
  it('retries with growing delays until the role of a new account can be assumed', async () => {
    const f = fakeAccount(20_000);
    const retries: string[] = [];
    const attempts = await waitForMemberRole(f.probe, '123456789012', {
      ...options(f, 60_000),
      onRetry: (_, reason) => retries.push(reason),
    });
    expect(f.clock.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(attempts).toBe(6);
    expect(retries[0]).toMatch(/^AccessDenied: .*sts:AssumeRole/);
  });

  it('answers at once when the role works', async () => {
    const f = fakeAccount(0);
    expect(await waitForMemberRole(f.probe, '123456789012', options(f, 60_000))).toBe(1);
    expect(f.clock.sleeps).toEqual([]);
  });

  it('gives up after the timeout, naming the role, the account, the last error and what to check', async () => {
    const f = fakeAccount(Number.POSITIVE_INFINITY);
    const error = await waitForMemberRole(f.probe, '123456789012', options(f, 30_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemberRoleTimeoutError);
    const message = (error as Error).message;
    expect(message).toContain(
      'Role OrganizationAccountAccessRole in account 123456789012 could not be assumed after 31 s',
    );
    expect(message).toContain('last error: AccessDenied');
    expect(message).toMatch(/trust policy.*SCP/);
  });

  it('stops when interrupted', async () => {
    const f = fakeAccount(Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    controller.abort();
    await expect(
      waitForMemberRole(f.probe, '123456789012', { ...options(f, 60_000), signal: controller.signal }),
    ).rejects.toMatchObject({ interrupted: true });
  });
});
