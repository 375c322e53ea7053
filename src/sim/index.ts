/**
 * The local AWS Organization simulator: the real AWS SDK v3 clients talk to it with only `endpoint` changed.
 * See src/sim/README.md for the behaviour it promises.
 */
export { startSimulator, type RunningSimulator, type SimCredentials, type SimulatorOptions } from './server.js';
export { buildWorld, SIM_SECRET_ACCESS_KEY } from './scenario/build.js';
export {
  loadScenarioFile,
  parseScenario,
  parseScenarioYaml,
  ScenarioError,
  type ScenarioIssue,
} from './scenario/parse.js';
export { builtinScenarioPath, type BuiltinScenario } from './scenario/builtin.js';
export type { Scenario, ScenarioInput } from './scenario/schema.js';
export { ManualClock, RealClock, type SimClock } from './core/clock.js';
export { World } from './model/world.js';
