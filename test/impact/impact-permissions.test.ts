/** docs/iam-permissions.md lists exactly the member-account calls `cisfleet impact` makes. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { impactOrg, runImpact, writeImpactConfig } from './impact-sim.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs/iam-permissions.md'), 'utf8');

function documented(): string[] {
  const start = DOC.indexOf('## Member accounts: cisfleet impact');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = DOC.indexOf('\n## ', start + 3);
  return DOC.slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => /^\| `([a-z0-9-]+:[A-Za-z0-9]+)`/.exec(l)?.[1] ?? `unparsed row: ${l}`)
    .sort();
}

describe('docs/iam-permissions.md for cisfleet impact', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator(impactOrg(6));
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('lists every member-account action impact calls, and only those', async () => {
    sim.world.calls.clear();
    await runImpact(sim, writeImpactConfig());
    const called = [...sim.world.calls.keys()]
      .filter((k) => !k.startsWith('organizations:') && k !== 'sts:AssumeRole')
      .sort();
    expect(called).toEqual(documented());
  });
});
