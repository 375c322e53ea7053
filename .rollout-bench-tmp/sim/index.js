/**
 * The local AWS Organization simulator: the real AWS SDK v3 clients talk to it with only `endpoint` changed.
 * See src/sim/README.md for the behaviour it promises.
 */
export { startSimulator } from './server.js';
export { buildWorld, SIM_SECRET_ACCESS_KEY } from './scenario/build.js';
export { loadScenarioFile, parseScenario, parseScenarioYaml, ScenarioError } from './scenario/parse.js';
export { builtinScenarioPath } from './scenario/builtin.js';
export { ManualClock, RealClock } from './core/clock.js';
export { World } from './model/world.js';
//# sourceMappingURL=index.js.map