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
        it(`needs ${tool.name}: CI installs it`, () => {
          throw new Error(`${why}; CI must install it (.ci/run)`);
        });
      })) as unknown as typeof describe;
  }
  // Printed once per file, so a user running `npm test` sees what did not run.
  console.log(`skipped: ${why}`);
  return describe.skip.bind(describe, `(skipped: ${why})`) as unknown as typeof describe;
}
