import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXIT_CODES, type ExitCode } from '../errors.js';
import { RealClock, startSimulator, builtinScenarioPath, type RunningSimulator } from '../sim/index.js';
import { simulateManualChange } from '../sim/model/drift.js';
import { packageRootOf } from '../package-root.js';
import type { CommandContext } from './command-context.js';
import { validate } from './validate.js';
import { showOrganization } from './org.js';
import { rollout } from './rollout.js';
import { report } from './report.js';
import { onboard } from './onboard.js';
import { impact } from './impact.js';

export interface DemoOptions {
  readonly outDir: string;
}

/** AWS Config takes minutes to remediate; the demo makes that visible, then skips ahead. */
const DEMO_REMEDIATION_DELAY_MS = 10 * 60 * 1000;
const DEMO_NEW_ACCOUNT = {
  name: 'sandbox-data-science',
  email: 'aws+sandbox-data-science@example.com',
  ou: '/Root/Sandbox',
};
/** The control the demo turns from DETECT to AUTO after previewing it. */
const DEMO_ENFORCED_CONTROL = 'admin-ports-closed';
/** An account of the demo organization where someone edits a deployed rule by hand (drift). */
const DRIFT_ACCOUNT = '444444444444';

/**
 * `cisfleet demo`: starts the simulator with the built-in organization and runs the same actions a user runs
 * against AWS, pointed at it: validate, org, rollout in DETECT, report, impact, rollout turning one control to
 * AUTO (its plan shows the impact), onboard, then what remediation changed (report --changes) and report again
 * (with drift detection). Each step is the real command; the demo only supplies the endpoint, the simulator's
 * credentials and, once, a jump in simulated time.
 */
export async function runDemo(context: CommandContext, options: DemoOptions): Promise<ExitCode> {
  const { reporter } = context;
  const root = packageRootOf(import.meta.url);
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const clock = new RealClock();
  const sim = await startSimulator({ scenarioFile: builtinScenarioPath('demo'), clock });
  sim.world.timing.remediationMs = DEMO_REMEDIATION_DELAY_MS;
  const admin = sim.credentialsFor('admin');
  const overrides = {
    endpoint: sim.url,
    credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
  };
  let demo: CommandContext = {
    ...context,
    globals: { ...context.globals, config: join(root, 'accounts.yaml'), yes: true },
  };
  const step = (command: string, why: string) =>
    reporter.info(`\n${reporter.style.bold(reporter.style.cyan(`▶ ${command}`))}  ${reporter.style.dim(why)}`);
  const expect = (exit: ExitCode, expected: readonly ExitCode[], what: string) => {
    if (!expected.includes(exit)) throw new Error(`the demo's ${what} step exited ${exit}`);
    if (exit === EXIT_CODES.partial)
      reporter.info(
        reporter.style.yellow(
          `(exit ${exit}: some accounts could not be reached, as the scenario intends; the rest went on)`,
        ),
      );
  };
  try {
    reporter.info(
      `Simulated organization ${sim.world.org.id}: ${sim.world.org.accounts.size} accounts, regions us-east-1 and eu-west-1, at ${sim.url}`,
    );

    step('cisfleet validate', 'accounts.yaml and the remediation template, offline');
    expect(await validate(demo), [EXIT_CODES.ok], 'validate');

    step('cisfleet org --check-access', 'the organization, and whether cisfleet can reach each targeted account');
    expect(await showOrganization(demo, { checkAccess: true }, overrides), [EXIT_CODES.ok, EXIT_CODES.partial], 'org');

    step('cisfleet rollout --dry-run', 'the plan: nothing is changed');
    expect(await rollout(demo, { dryRun: true }, overrides), [EXIT_CODES.ok, EXIT_CODES.partial], 'rollout --dry-run');

    step(
      'cisfleet rollout --yes',
      'one StackSet operation to every targeted OU and region: every control in DETECT, nothing is changed in the accounts',
    );
    expect(await rollout(demo, { dryRun: false }, overrides), [EXIT_CODES.ok, EXIT_CODES.partial], 'rollout');

    step('cisfleet report', 'what the rules found (detect)');
    expect(
      await report(demo, { drift: false, format: 'table' }, overrides),
      [EXIT_CODES.ok, EXIT_CODES.partial],
      'report',
    );

    step(
      `cisfleet impact --control ${DEMO_ENFORCED_CONTROL}`,
      'exactly what AUTO would change, before switching it on (preview)',
    );
    expect(
      await impact(demo, { controls: [DEMO_ENFORCED_CONTROL], format: 'table' }, overrides),
      [EXIT_CODES.ok, EXIT_CODES.partial],
      'impact',
    );

    const enforcing = join(outDir, 'accounts.yaml');
    await writeFile(enforcing, enforce(await readFile(join(root, 'accounts.yaml'), 'utf8'), DEMO_ENFORCED_CONTROL));
    demo = { ...demo, globals: { ...demo.globals, config: enforcing } };
    step(
      'cisfleet rollout --yes',
      `${DEMO_ENFORCED_CONTROL} set to AUTO in ${enforcing}: the plan repeats the impact before it asks (enforce)`,
    );
    expect(await rollout(demo, { dryRun: false }, overrides), [EXIT_CODES.ok, EXIT_CODES.partial], 'rollout to AUTO');

    step(
      `cisfleet onboard --create --name ${DEMO_NEW_ACCOUNT.name} --ou ${DEMO_NEW_ACCOUNT.ou}`,
      'a new account: created, moved, covered, evaluated',
    );
    expect(
      await onboard(
        demo,
        {
          create: { name: DEMO_NEW_ACCOUNT.name, email: DEMO_NEW_ACCOUNT.email },
          ou: DEMO_NEW_ACCOUNT.ou,
          allPending: false,
          dryRun: false,
          format: 'table',
        },
        overrides,
      ),
      [EXIT_CODES.ok],
      'onboard',
    );

    skipAhead(context, clock, sim);
    editRuleByHand(context, sim);

    step(
      'cisfleet report --changes',
      `what automatic remediation of ${DEMO_ENFORCED_CONTROL} did, from what AWS recorded (Config's remediation executions, the access-key function's log)`,
    );
    expect(
      await report(demo, { drift: false, format: 'table', changes: {} }, overrides),
      [EXIT_CODES.ok, EXIT_CODES.partial],
      'report --changes',
    );

    const html = join(outDir, 'report.html');
    step('cisfleet report --drift', 'after remediation, with StackSet drift detection');
    expect(
      await report(demo, { drift: true, format: 'table' }, overrides),
      [EXIT_CODES.ok, EXIT_CODES.partial],
      'report --drift',
    );
    expect(
      await report(demo, { drift: false, format: 'html', output: html }, overrides),
      [EXIT_CODES.ok, EXIT_CODES.partial],
      'report --format html',
    );
    reporter.info(`\n${reporter.style.green('Demo finished.')} The HTML report is ${html}`);
    reporter.info('Run `npx cisfleet sim serve` to explore the simulated organization yourself.');
    return EXIT_CODES.ok;
  } finally {
    await sim.stop();
  }
}

/** accounts.yaml with one control's mode set to AUTO, as a person would edit it. */
function enforce(yaml: string, controlId: string): string {
  const edited = yaml.replace(new RegExp(`(\\n  ${controlId}:\\n(?:    #[^\\n]*\\n)*    mode: )DETECT`), '$1AUTO');
  if (edited === yaml) throw new Error(`the shipped accounts.yaml has no DETECT mode for ${controlId}`);
  return edited;
}

function skipAhead({ reporter }: CommandContext, clock: RealClock, sim: RunningSimulator): void {
  clock.advance(DEMO_REMEDIATION_DELAY_MS + 5 * 60 * 1000);
  sim.world.advance();
  reporter.info(
    `\n${reporter.style.bold('⏩ 15 simulated minutes later')}: AWS Config has run the automatic remediations of ${DEMO_ENFORCED_CONTROL}.`,
  );
}

function editRuleByHand({ reporter }: CommandContext, sim: RunningSimulator): void {
  const changed = simulateManualChange(sim.world, {
    accountId: DRIFT_ACCOUNT,
    region: 'us-east-1',
    logicalId: 'AccessKeysRotatedRule',
    change: { kind: 'modify', inputParameters: { maxAccessKeyAge: '400' } },
  });
  if (changed)
    reporter.info(
      `${reporter.style.bold('✎ Someone edits a rule by hand')} in account ${DRIFT_ACCOUNT} (maxAccessKeyAge 90 → 400): drift.`,
    );
}
