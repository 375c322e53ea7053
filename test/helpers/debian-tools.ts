/**
 * Tests that need a tool nobody here wrote, from Debian (AWS's service models in python3-botocore, the AWS CLI in
 * awscli): on a user's fresh machine without it they skip and say why; in CI (`CI=true`, where .ci/run installs
 * it) a missing tool fails instead, so the check can never silently stop running.
 */
import { describe, it } from '@jest/globals';

/** `describe` when the tool is there; otherwise a skipped block (or, in CI, one failing test) that names it. */
export function describeWithTool(tool: { name: string; present: boolean; install: string }): typeof describe {
  if (tool.present) return describe;
  const why = `${tool.name} is not installed (${tool.install})`;
  if (process.env.CI === 'true') {
    return ((title: string) =>
      describe(title, () => {
        // eslint-disable-next-line jest/expect-expect -- this test exists to fail, naming the tool CI did not install
        it(`needs ${tool.name}: CI installs it`, () => {
          throw new Error(`${why}; CI must install it (.ci/run)`);
        });
      })) as unknown as typeof describe;
  }
  // Jest shows nothing of a file whose tests are all skipped (console output included): say it on stderr, once per
  // file, so a user running `npm test` sees what did not run.
  process.stderr.write(`skipped: ${why}\n`);
  // Jest's describe takes (title, fn): the reason goes into the title, never as an extra argument, which Jest
  // refuses ("Invalid second argument") and fails the whole file on exactly the machine this path is for.
  return ((title: string, fn: () => void) =>
    describe.skip(`${title} (skipped: ${why})`, fn)) as unknown as typeof describe;
}
