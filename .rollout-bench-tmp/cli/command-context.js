import { ConsoleReporter, detectOutputMode } from '../ui/reporter.js';
import { globalOptionsFrom } from './global-options.js';
export function createCommandContext(argv) {
    const globals = globalOptionsFrom(argv);
    const mode = detectOutputMode({ json: globals.json, color: globals.color, verbose: globals.verbose, debug: globals.debug });
    return { globals, reporter: new ConsoleReporter(mode) };
}
//# sourceMappingURL=command-context.js.map