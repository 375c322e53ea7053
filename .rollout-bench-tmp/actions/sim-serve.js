import { once } from 'node:events';
import { EXIT_CODES } from '../errors.js';
import { startSimulator, builtinScenarioPath } from '../sim/index.js';
/** `cisfleet sim serve`: runs the simulator until Ctrl-C, and says how to point cisfleet or the AWS CLI at it. */
export async function serveSimulator({ reporter }, options) {
    const sim = await startSimulator({
        port: options.port,
        ...(options.generate ? { generate: options.generate } : { scenarioFile: options.scenarioFile ?? builtinScenarioPath('demo') }),
    });
    const admin = sim.credentialsFor('admin');
    const org = sim.world.org;
    reporter.result(`Simulated organization ${org.id}: ${org.accounts.size} accounts, management account ${org.managementAccountId}`);
    reporter.result(`Listening on ${sim.url}`);
    reporter.result('');
    reporter.result('Point cisfleet or the AWS CLI at it (simulator keys, not AWS credentials; any secret works):');
    reporter.result(`  export AWS_ENDPOINT_URL=${sim.url}`);
    reporter.result(`  export AWS_ACCESS_KEY_ID=${admin.accessKeyId} AWS_SECRET_ACCESS_KEY=simulator AWS_REGION=us-east-1`);
    reporter.result('  npx cisfleet org --check-access');
    reporter.info('Ctrl-C stops it.');
    reporter.json({ url: sim.url, organizationId: org.id, accessKeyId: admin.accessKeyId });
    await once(process, 'SIGINT');
    await sim.stop();
    reporter.info('Simulator stopped.');
    return EXIT_CODES.ok;
}
//# sourceMappingURL=sim-serve.js.map