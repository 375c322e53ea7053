/** docs/iam-permissions.md lists exactly the member-account calls `cisfleet impact` makes. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { documentedActions } from '../helpers/iam-permissions-doc.js';
import { startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { impactOrg, runImpact, writeImpactConfig } from './impact-sim.js';

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
    expect(called).toEqual(documentedActions('Member accounts: cisfleet impact'));
  });
});
