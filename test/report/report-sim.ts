/**
 * The report's simulator bed: an organization whose accounts get the real remediation template through a
 * service-managed stack set (so rules, evaluations and drift are the simulator's own), an accounts.yaml for it,
 * and a way to run `cisfleet report` against it and read back the JSON.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  DescribeStackSetOperationCommand,
} from '@aws-sdk/client-cloudformation';
import { report, type ReportOptions } from '../../src/actions/report.js';
import { CONTROLS } from '../../src/controls/catalog.js';
import type { ExitCode } from '../../src/errors.js';
import type { ComplianceReport } from '../../src/report/model.js';
import { RecordingReporter } from '../../src/ui/reporter.js';
import { MINIMAL_CONFIG, merged } from '../config/config-builder.js';
import { createRemediationStackSet } from '../helpers/remediation-stack-set.js';
import { parentIdOf, type TestSimulator } from '../helpers/sim.js';
import { at } from '../helpers/elements.js';
import { fakeClock } from '../helpers/fake-clock.js';
import type { Clock } from '../../src/clock.js';

export const STACK_SET = 'cisfleet-cis-remediation';
export const AGGREGATOR = 'cisfleet-org-aggregator';
const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/** Scenario fields a stack-set deployment needs: trusted access for StackSets and the organization aggregator. */
export function reportScenarioFields(homeRegion: string) {
  return {
    organization: { managementAccount: { id: '111111111111' }, trustedAccess: [STACKSETS_PRINCIPAL] },
    aggregator: { name: AGGREGATOR, region: homeRegion, allRegions: true },
  };
}

/**
 * Creates the stack set with the real template, every control in DETECT (findings stay put: nothing is
 * remediated away while the test looks), and deploys it to the OU of `anyAccount` in `regions`; then lets the
 * rules evaluate. Instances that fail (faults.failingInstances) stay failed.
 */
export async function deployStackSet(
  sim: TestSimulator,
  anyAccount: string,
  regions: readonly string[],
  /** Template parameters over the DETECT defaults, e.g. `{ AdminPortsMode: 'AUTO' }`. */
  parameters: Readonly<Record<string, string>> = {},
): Promise<void> {
  const cfn = new CloudFormationClient(sim.clientConfig);
  try {
    const ou = await parentIdOf(sim.clientConfig, anyAccount);
    await createRemediationStackSet(
      cfn,
      {
        HomeRegion: at(regions, 0, 'region'),
        ...Object.fromEntries(CONTROLS.map((c) => [c.modeParameter, 'DETECT'])),
        ...parameters,
      },
      STACK_SET,
    );
    const { OperationId } = await cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: STACK_SET,
        Regions: [...regions],
        DeploymentTargets: { OrganizationalUnitIds: [ou] },
        OperationPreferences: {
          RegionConcurrencyType: 'PARALLEL',
          MaxConcurrentPercentage: 100,
          FailureTolerancePercentage: 100,
        },
      }),
    );
    for (let i = 0; i < 200; i++) {
      sim.clock.advance(sim.world.timing.stackInstanceMs);
      const { StackSetOperation: op } = await cfn.send(
        new DescribeStackSetOperationCommand({ StackSetName: STACK_SET, OperationId }),
      );
      if (op?.Status !== 'RUNNING' && op?.Status !== 'QUEUED') break;
    }
    settle(sim);
  } finally {
    cfn.destroy();
  }
}

/** Lets simulated time pass and runs what became due (evaluations). */
export function settle(sim: TestSimulator, ms = 10 * 60_000): void {
  sim.clock.advance(ms);
  sim.world.advance();
}

/**
 * Writes an accounts.yaml for the simulated organization (MINIMAL_CONFIG: /Root/Workloads, two regions). The
 * management account is left out: deployStackSet gives it no plain stack (test/actions/report-management.test.ts
 * covers its rows, after a real rollout).
 */
export function writeConfig(overrides: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cisfleet-report-'));
  const path = join(dir, 'accounts.yaml');
  const base = merged(MINIMAL_CONFIG, {
    report: { aggregatorName: AGGREGATOR },
    targets: { includeManagementAccount: false },
  });
  writeFileSync(path, stringify(merged(base, overrides)));
  return path;
}

export interface ReportRun {
  exitCode: ExitCode;
  /** The JSON report written to stdout (when no --output was given). */
  report: ComplianceReport;
  /** The text written to stdout. */
  stdout: string;
  reporter: RecordingReporter;
}

/**
 * Runs the report action against the simulator, with --json (silent progress) and simulated waiting (`clock`, by default a fake clock on the simulator's); `endpoint`
 * (default the simulator's) is where the SDK clients send their calls, e.g. a proxy in front of it.
 */
export async function runReport(
  sim: TestSimulator,
  configPath: string,
  options: Partial<ReportOptions> = {},
  endpoint = sim.url,
  clock: Clock = fakeClock(sim.clock),
): Promise<ReportRun> {
  const reporter = new RecordingReporter({
    json: true,
    color: false,
    interactive: false,
    verbose: false,
    debug: false,
  });
  const globals = { config: configPath, json: true, verbose: false, debug: false, yes: true, color: false };
  const exitCode = await report(
    { globals, reporter, clock },
    { drift: false, ...options },
    { endpoint, credentials: sim.credentialsFor('admin') },
  );
  const stdout = reporter.stdout.join('');
  return { exitCode, report: (options.output ? undefined : JSON.parse(stdout)) as ComplianceReport, stdout, reporter };
}
