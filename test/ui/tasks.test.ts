import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { progressSession } from '../../src/ui/tasks.js';
import type { OutputMode } from '../../src/ui/reporter.js';

/** Plain lines on stderr: what a pipe or CI shows. */
const PLAIN: OutputMode = { json: false, color: false, interactive: false, verbose: false, debug: false };

describe('progressSession', () => {
  let stderr: string[];
  beforeEach(() => {
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  const shown = () => stderr.join('');

  it('a step returns what its work returns, under the title it ends with', async () => {
    const session = progressSession(PLAIN);
    const count = await session.step('Count the accounts', (progress) => {
      progress.title('Counted 3 accounts');
      return Promise.resolve(3);
    });
    const names = await session.step('Name them', () => Promise.resolve(['a', 'b', 'c'].slice(0, count)));
    expect(names).toEqual(['a', 'b', 'c']);
    expect(shown()).toMatch(/^✔ Counted 3 accounts$/m);
    expect(shown()).toMatch(/^✔ Name them$/m);
  });

  it('a step that throws is shown ✖ and its error propagates as it was thrown', async () => {
    const refused = new Error('AccessDenied');
    await expect(progressSession(PLAIN).step('Read the organization', () => Promise.reject(refused))).rejects.toBe(
      refused,
    );
    expect(shown()).toMatch(/^✖ Read the organization \[FAILED: AccessDenied\]$/m);
  });

  it('a step marked failed is shown ✖ with its message and still returns its value', async () => {
    const session = progressSession(PLAIN);
    const outcome = await session.step('Create instances', (progress) => {
      progress.fail('FAILED: 2 succeeded, 1 failed of 3');
      return Promise.resolve({ failed: 1 });
    });
    expect(outcome).toEqual({ failed: 1 });
    expect(shown()).toMatch(/^✖ Create instances \[FAILED: FAILED: 2 succeeded, 1 failed of 3\]$/m);
    expect(await session.step('Next', () => Promise.resolve('ran'))).toBe('ran');
  });

  it('runs independent steps at once and returns their results in order', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The first step ends only when the second has started: run one after the other, this would never end.
    const [first, second] = await progressSession(PLAIN).concurrently(
      { title: 'Wait for the other', run: async () => (await released, 'first') },
      {
        title: 'Release the first',
        run: () => {
          release();
          return Promise.resolve(2);
        },
      },
    );
    expect([first, second]).toEqual(['first', 2]);
  });

  it('when a concurrent step throws, its error propagates once the others have ended', async () => {
    const ended: string[] = [];
    const refused = new Error('Throttling');
    await expect(
      progressSession(PLAIN).concurrently(
        { title: 'Fails', run: () => Promise.reject(refused) },
        {
          title: 'Slower',
          run: async () => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            ended.push('slower');
            return 1;
          },
        },
      ),
    ).rejects.toBe(refused);
    expect(ended).toEqual(['slower']);
  });

  it('shows nothing with --json', async () => {
    expect(await progressSession({ ...PLAIN, json: true }).step('Quiet', () => Promise.resolve(1))).toBe(1);
    expect(shown()).toBe('');
  });
});
