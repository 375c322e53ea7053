import { join } from 'node:path';
import { EXIT_CODES } from '../errors.js';
import { startSimulator, builtinScenarioPath } from '../sim/index.js';
import { packageRootOf } from '../templates/package-root.js';
import { validate } from './validate.js';
import { showOrganization } from './org.js';
/**
 * `cisfleet demo`: starts the simulator with the built-in organization and runs the same actions a user runs
 * against AWS, pointed at it. Each step is the real command; the demo only supplies the endpoint and the
 * simulator's credentials.
 */
export async function runDemo(context, _options) {
    const { reporter } = context;
    const root = packageRootOf(import.meta.url);
    const sim = await startSimulator({ scenarioFile: builtinScenarioPath('demo') });
    const admin = sim.credentialsFor('admin');
    const overrides = { endpoint: sim.url, credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey } };
    const demoContext = { ...context, globals: { ...context.globals, config: join(root, 'accounts.yaml'), yes: true } };
    const step = (title) => reporter.info(`\n${reporter.style.bold(reporter.style.cyan(`▶ ${title}`))}`);
    try {
        reporter.info(`Simulated organization ${sim.world.org.id} with ${sim.world.org.accounts.size} accounts at ${sim.url}`);
        step('cisfleet validate: accounts.yaml and the remediation template, offline');
        await validate(demoContext);
        step('cisfleet org --check-access: the organization, and whether each targeted account is reachable');
        // One account in the demo has no member role: it is reported as unreachable (exit code 3), by design.
        const orgExit = await showOrganization(demoContext, { checkAccess: true }, overrides);
        reporter.info(orgExit === EXIT_CODES.partial
            ? reporter.style.yellow('Some accounts are unreachable (as the scenario intends); the rest go on.')
            : 'Every targeted account is reachable.');
        reporter.info(`\n${reporter.style.green('Demo finished.')} Run \`cisfleet sim serve\` to explore the simulated organization yourself.`);
        return EXIT_CODES.ok;
    }
    finally {
        await sim.stop();
    }
}
//# sourceMappingURL=demo.js.map