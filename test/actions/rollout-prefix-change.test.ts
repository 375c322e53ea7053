/**
 * resourcePrefix is part of every resource name: once a stack set is deployed, changing it would replace the
 * Config recorder and delivery channel of every account and region. The plan refuses and says how to migrate.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import { rolloutHarness, SHIPPED_CONFIG, writeConfig, writes, type RolloutHarness } from './rollout-fixtures.js';

describe('a resourcePrefix change after the first rollout', () => {
  let h: RolloutHarness;
  beforeAll(async () => {
    h = await rolloutHarness();
    await h.run();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('is refused before any write, naming the field, the deployed value and the migration', async () => {
    const renamed = writeConfig(SHIPPED_CONFIG.replace(/^resourcePrefix: cisfleet$/m, 'resourcePrefix: acme'));
    h.resetCalls();
    const attempt = h.run({}, { config: renamed });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    const problems = await attempt.catch((error: ConfigError) => error.problems);
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'resourcePrefix',
        message: expect.stringMatching(
          /deployed with resourcePrefix cisfleet, accounts.yaml says acme.*Set resourcePrefix: cisfleet again.*cisfleet rollout --remove/,
        ),
      }),
    ]);
    expect(writes(h.calls())).toEqual([]);
  });

  it('the unchanged prefix still rolls out', async () => {
    const run = await h.run({ dryRun: true });
    expect(run.plan.stackSet.action).not.toBe('create');
  });
});
