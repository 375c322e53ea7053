import { once } from 'node:events';
import { ConfigError, EXIT_CODES, UsageError, type ExitCode } from '../errors.js';
import { startSimulator, builtinScenarioPath, ScenarioError } from '../sim/index.js';
import type { CommandContext } from './command-context.js';
import { holdStopSignal } from './stop-signal.js';

export interface SimServeOptions {
  readonly scenarioFile?: string;
  readonly port: number;
  readonly generate?: { accounts: number; regions: number; seed: number };
}

/** `cisfleet sim serve`: runs the simulator until Ctrl-C, and says how to point cisfleet or the AWS CLI at it. */
export async function serveSimulator(context: CommandContext, options: SimServeOptions): Promise<ExitCode> {
  const { reporter } = context;
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new UsageError(`--port ${options.port} is not a TCP port: give 1–65535, or 0 (the default) for a free one.`);
  }
  // Holding the interrupt before starting: a Ctrl-C during start-up still stops the server cleanly.
  const stop = holdStopSignal(context);
  const sim = await startSimulator({
    port: options.port,
    ...(options.generate
      ? { generate: options.generate }
      : { scenarioFile: options.scenarioFile ?? builtinScenarioPath('demo') }),
  }).catch((error: unknown) => {
    if (error instanceof ScenarioError) {
      throw new ConfigError(
        error.issues.map((i) => ({
          file: error.source,
          line: i.line ?? 0,
          col: i.line ? 1 : 0,
          path: i.path,
          message: i.message,
          severity: 'error',
        })),
      );
    }
    if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      throw new UsageError(
        `Port ${options.port} on 127.0.0.1 is in use: pick another with --port, or 0 for a free one.`,
      );
    }
    throw error;
  });
  const admin = sim.credentialsFor('admin');
  const org = sim.world.org;
  reporter.result(
    `Simulated organization ${org.id}: ${org.accounts.size} accounts, management account ${org.managementAccountId}`,
  );
  reporter.result(`Listening on ${sim.url}`);
  reporter.result('');
  reporter.result('Point cisfleet or the AWS CLI at it (simulator keys, not AWS credentials; any secret works):');
  reporter.result(`  export AWS_ENDPOINT_URL=${sim.url}`);
  reporter.result(
    `  export AWS_ACCESS_KEY_ID=${admin.accessKeyId} AWS_SECRET_ACCESS_KEY=simulator AWS_REGION=us-east-1`,
  );
  reporter.result('  npx cisfleet org --check-access');
  reporter.info('Ctrl-C stops it.');
  reporter.json({ url: sim.url, organizationId: org.id, accessKeyId: admin.accessKeyId });
  await once(stop.signal, 'abort');
  stop.release();
  await sim.stop();
  reporter.info('Simulator stopped.');
  return EXIT_CODES.ok;
}
