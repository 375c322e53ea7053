/**
 * `npm test` must pass on a machine without Chromium: the browser suite, run by Jest in a child process with
 * CISFLEET_CHROMIUM pointing at a file that does not exist, skips and says so instead of failing.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from '../../helpers/run-cli.js';

describe('the browser suite without Chromium', () => {
  it('skips every browser test, says why, and passes', () => {
    const missing = '/nonexistent/cisfleet-test/chromium';
    const run = spawnSync(
      process.execPath,
      ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--ci', 'test/report/render/html-browser.test.ts'],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, CISFLEET_CHROMIUM: missing }, timeout: 120_000 },
    );
    const output = run.stdout + run.stderr;
    expect({ status: run.status, output }).toEqual({ status: 0, output: expect.stringContaining(`skipped, no Chromium at ${missing}`) });
    expect(output).toMatch(/Tests:\s+\d+ skipped, \d+ total/);
    expect(output).not.toMatch(/\d+ passed|\d+ failed/);
  });
});
