/**
 * The tests that need Debian's tools (AWS's service models, the AWS CLI) skip and say why on a user's machine
 * without them, so `npm test` passes there; in CI, which installs them, a missing tool fails the run instead.
 */
import { describe, expect, it } from '@jest/globals';
import { runJestChild } from '../helpers/jest-child.js';

const FILES = ['test/sim/service-models.test.ts', 'test/cli/aws-cli-conformance.test.ts'];
const MISSING = {
  CISFLEET_BOTOCORE_DATA: '/nonexistent/cisfleet-test/botocore-data',
  CISFLEET_AWS_CLI: '/nonexistent/cisfleet-test/aws',
};

describe('the tests that need Debian tools, on a machine without them', () => {
  it('skip, say what is missing and how to install it, and pass', () => {
    const { status, output } = runJestChild(FILES, { ...MISSING, CI: undefined });
    expect({ status, output }).toEqual({
      status: 0,
      output: expect.stringContaining("skipped: AWS's service models (python3-botocore) is not installed"),
    });
    expect(output).toContain(
      'skipped: the AWS CLI (/nonexistent/cisfleet-test/aws) is not installed (apt-get install awscli)',
    );
    expect(output).toMatch(/Tests:\s+\d+ skipped, \d+ total/);
    expect(output).not.toMatch(/\d+ failed/);
  });

  it('fail in CI, naming the tool CI must install', () => {
    const { status, output } = runJestChild(FILES, { ...MISSING, CI: 'true' });
    expect(status).toBe(1);
    expect(output).toContain('CI must install it (.ci/run)');
    expect(output).toMatch(/Tests:\s+2 failed/);
  });
});
