/**
 * `npm run bench`: prints figures against the local simulator, one per line, never pass/fail.
 * `npm run bench -- --json FILE` also writes them as JSON so they can be tracked over time.
 * `npm run bench -- --only NAME` runs the benchmarks whose name contains NAME.
 */
import { writeFileSync } from 'node:fs';
import { figuresToJson, formatFigure, type Figure } from './figures.js';

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

// The SDK's Node 20 support notice is about future releases; it would only clutter the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { BENCHMARKS } = await import('./registry.js');

const args = process.argv.slice(2);
const jsonFile = argValue(args, '--json');
const only = argValue(args, '--only');
const figures: Figure[] = [];
for (const bench of BENCHMARKS) {
  if (only && !bench.name.includes(only)) continue;
  process.stderr.write(`running ${bench.name}…\n`);
  for (const figure of await bench.run()) {
    figures.push(figure);
    process.stdout.write(`${formatFigure(figure)}\n`);
    if (figure.note) process.stderr.write(`    ${figure.note}\n`);
  }
}
if (jsonFile) {
  writeFileSync(jsonFile, `${JSON.stringify(figuresToJson(figures), null, 2)}\n`);
  process.stderr.write(`wrote ${figures.length} figures to ${jsonFile}\n`);
}
