/**
 * docs/iam-permissions.md must list exactly the IAM actions cisfleet needs: every AWS call the org, rollout and
 * status commands make against the simulator (which counts calls by `service:Action`, the IAM action name for
 * these four services), and no other.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { showOrganization } from '../../src/actions/org.js';
import { showStatus } from '../../src/actions/status.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import type { CommandContext } from '../../src/cli/command-context.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import {
  demoScenario,
  rolloutHarness,
  SHIPPED_CONFIG,
  writeConfig,
  type RolloutHarness,
} from '../actions/rollout-fixtures.js';
import { selfManagedConfig } from '../actions/self-managed-fixtures.js';
import { at } from '../helpers/elements.js';
import { systemClock } from '../../src/clock.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs/iam-permissions.md'), 'utf8');
const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/** The backticked `service:Action` names in the table rows of one `## ` section. */
function actionsIn(heading: string): string[] {
  const start = DOC.indexOf(`## ${heading}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = DOC.indexOf('\n## ', start + 3);
  const section = DOC.slice(start, end < 0 ? undefined : end);
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  return rows.map((l) => /^\| `([a-z0-9-]+:[A-Za-z0-9]+)`/.exec(l)?.[1] ?? `unparsed row: ${l}`).sort();
}

function context(config: string): CommandContext {
  return {
    reporter: new RecordingReporter(),
    globals: { config, json: false, verbose: false, debug: false, yes: true, color: false },
    clock: systemClock,
  };
}

describe('docs/iam-permissions.md', () => {
  let h: RolloutHarness;
  const observed = new Set<string>();
  let memberCalls: string[] = [];
  const collect = () => {
    for (const key of Object.keys(h.calls())) observed.add(key);
  };

  beforeAll(async () => {
    // Trusted access off, so the first rollout turns it on.
    h = await rolloutHarness(
      demoScenario(
        (s) =>
          (s.organization.trustedAccess = (s.organization.trustedAccess ?? []).filter(
            (p) => p !== STACKSETS_PRINCIPAL,
          )),
      ),
    );
    const config = writeConfig();
    const aws = { endpoint: h.sim.url, credentials: h.sim.credentialsFor('admin') };

    // org --check-access: what the member role is used for is exactly what its preflight calls.
    await showOrganization(context(config), { checkAccess: true }, aws);
    const memberCallsSoFar = () =>
      Object.keys(h.calls()).filter((k) => !k.startsWith('organizations:') && k !== 'sts:AssumeRole');
    memberCalls = memberCallsSoFar();
    collect();
    // A self-managed stack set adds the execution-role check to what the member role is used for.
    h.resetCalls();
    await showOrganization(context(writeConfig(selfManagedConfig())), { checkAccess: true }, aws);
    memberCalls = [...new Set([...memberCalls, ...memberCallsSoFar()])];
    collect();

    const first = await h.run();
    expect(first.plan.operations[0]?.kind).toBe('activate-trusted-access');
    const changed = writeConfig(
      SHIPPED_CONFIG.replace('maxAccessKeyAge: 90', 'maxAccessKeyAge: 60').replace(
        '      expires: 2029-12-31\n',
        '      expires: 2029-12-31\n    - accountId: "999999999999"\n      controls: [default-sg-closed]\n      reason: Sandbox Alice studies default groups\n',
      ),
    );
    const change = await h.run({}, { config: changed });
    expect(change.plan.operations.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['update-stack-set', 'update-instances', 'update-stack']),
    );
    const operationId = at(at(change.outcome!.operations, 0, 'operation').operationIds, 0, 'operation id');
    await showStatus(context(config), { operationId, watch: true }, aws);
    await h.run({ remove: true });
    collect();
    // check-access, two rollouts, a status watch and a removal: 16–21 s alone on two cores, past Jest's 30 s under load.
  }, 90_000);
  afterAll(async () => {
    await h.stop();
  });

  it('lists every action cisfleet calls, and only those', () => {
    const documented = [...actionsIn('Management or delegated administrator account'), ...actionsIn('Member accounts')];
    expect([...new Set(documented)].sort()).toEqual([...observed].sort());
  });

  it('lists for member accounts exactly what cisfleet calls through the member role', () => {
    expect(actionsIn('Member accounts')).toEqual(memberCalls.sort());
  });
});
