import { measureHelpColdStart } from './cold-start.js';
import { simThroughputFigure } from './sim-throughput.js';
/** Every benchmark `npm run bench` runs, in order. Later issues add theirs here. */
export const BENCHMARKS = [
    { name: 'sim.throughput', run: async () => [await simThroughputFigure()] },
    { name: 'cli.cold-start', run: async () => [measureHelpColdStart()] },
];
//# sourceMappingURL=registry.js.map