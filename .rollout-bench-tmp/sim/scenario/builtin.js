/**
 * Where the built-in scenarios live. tsc does not copy YAML into dist/, so the path is resolved from the
 * package root (the nearest folder above this module that holds package.json), which works both from src/
 * (ts-jest) and from dist/ (compiled).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
function packageRoot() {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json'))) {
        const parent = dirname(dir);
        if (parent === dir)
            throw new Error('cannot find the cisfleet package root (no package.json above the simulator)');
        dir = parent;
    }
    return dir;
}
/** The absolute path of a built-in scenario file. */
export function builtinScenarioPath(name) {
    return join(packageRoot(), 'src', 'sim', 'scenario', 'builtin', `${name}.yaml`);
}
//# sourceMappingURL=builtin.js.map