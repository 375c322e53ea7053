/**
 * `npm test` must pass on a machine without Chromium: the browser suite, run by Jest in a child process with
 * CISFLEET_CHROMIUM pointing at a file that does not exist, skips and says so instead of failing.
 */
import { describe, expect, it } from '@jest/globals';
import { runJestChild } from '../../helpers/jest-child.js';

describe('the browser suite without Chromium', () => {
  it('skips every browser test, says why, and passes', () => {
    const missing = '/nonexistent/cisfleet-test/chromium';
    const { status, output } = runJestChild(['test/report/render/html-browser.test.ts'], {
      CISFLEET_CHROMIUM: missing,
    });
    expect({ status, output }).toEqual({
      status: 0,
      output: expect.stringContaining(`skipped, no Chromium at ${missing}`),
    });
    expect(output).toMatch(/Tests:\s+\d+ skipped, \d+ total/);
    expect(output).not.toMatch(/\d+ passed|\d+ failed/);
  });
});
