import type { Figure } from './figures.js';
import { measureHelpColdStart } from './cold-start.js';
import { simThroughputFigures } from './sim-throughput.js';
import { rolloutFigures } from './rollout.js';
import { reportFigures } from './report.js';
import { impactFigures } from './impact.js';

export interface Benchmark {
  name: string;
  run(): Promise<Figure[]>;
}

/** Every benchmark `npm run bench` runs, in order. Later issues add theirs here. */
export const BENCHMARKS: Benchmark[] = [
  { name: 'sim.throughput', run: simThroughputFigures },
  { name: 'cli.cold-start', run: () => Promise.resolve([measureHelpColdStart()]) },
  { name: 'rollout', run: () => rolloutFigures() },
  { name: 'report', run: () => reportFigures() },
  { name: 'impact', run: () => impactFigures() },
];
