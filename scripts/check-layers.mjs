/**
 * Checks src/ against the declared layer map (layer-map.cjs) with dependency-cruiser, through its API: its
 * command line refuses to start on Node 20, which cisfleet still supports. Prints each violation as
 * `from → to  rule: why` and exits 1 if there is any.
 *
 *   node scripts/check-layers.mjs [ROOT]
 *
 * ROOT (default: this repository) is a tree with src/ and tsconfig.json; the architecture test passes a small
 * tree with a forbidden import to prove the check fails.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const root = resolve(process.argv[2] ?? repoRoot);
const config = createRequire(import.meta.url)(join(repoRoot, '.dependency-cruiser.cjs'));
const tsConfigFile = join(root, 'tsconfig.json');

process.chdir(root);
const result = await cruise(
  ['src'],
  { ...config.options, tsConfig: { fileName: tsConfigFile }, validate: true, ruleSet: { forbidden: config.forbidden } },
  {},
  existsSync(tsConfigFile) ? { tsConfig: extractTSConfig(tsConfigFile) } : {},
);
const { summary } = result.output;
for (const v of summary.violations) {
  process.stdout.write(`${v.from} → ${v.to}  ${v.rule.name}: ${ruleComment(v.rule.name)}\n`);
}
process.stdout.write(
  `layer map: ${summary.totalCruised} modules, ${summary.totalDependenciesCruised} dependencies, ` +
    `${summary.violations.length} violation(s)\n`,
);
process.exitCode = summary.violations.length ? 1 : 0;

function ruleComment(name) {
  return config.forbidden.find((rule) => rule.name === name)?.comment ?? '';
}
