/**
 * The layer map of src/: which layer may import which. One declared table serves three readers:
 * .dependency-cruiser.cjs turns it into dependency-cruiser rules (`npm run lint:layers`, and
 * test/architecture/layers.test.ts in `npm test`), and docs/architecture.md shows it as the table that
 * `npm run docs:layers` writes from it (the same test fails when the page and the table differ).
 *
 * Layers are listed top to bottom: a layer imports only layers further down (the test checks the table has no
 * cycle), and an import of src/ code that its row does not list is an error. Type-only imports count: a type is
 * as much a dependency for a reader as a function.
 */
'use strict';

/**
 * @typedef {object} Layer
 * @property {string} name the folder under src/, or `shared` for the files directly in src/
 * @property {string} holds what the layer is for
 * @property {readonly string[]} may the layers it may import (its own files aside)
 */

/** What a use-case composes: every layer below actions/, the simulator too (demo, sim serve; see NARROW_RULES). */
const USE_CASE_LAYERS = [
  ...['execution', 'impact', 'report', 'ui', 'planning', 'aws', 'templates'],
  ...['config', 'controls', 'model', 'org', 'sim', 'shared'],
];

/** @type {readonly Layer[]} */
const LAYERS = [
  { name: 'bin', holds: 'the entry point: heap growth, signals, main(), the exit code', may: ['cli'] },
  {
    name: 'bench',
    holds: '`npm run bench`: drives the use-cases and the simulator and prints figures',
    may: ['cli', 'actions', ...USE_CASE_LAYERS],
  },
  {
    name: 'cli',
    holds: 'yargs root, global options, one module per command; commands import their action lazily',
    may: ['actions', 'impact', 'report', 'ui', 'aws', 'config', 'controls', 'shared'],
  },
  {
    name: 'actions',
    holds: 'use-cases: options + injected dependencies → exit code; the composition root of each command',
    may: USE_CASE_LAYERS,
  },
  {
    name: 'execution',
    holds: 'runs plans against AWS: preflight, applying a rollout plan, the onboard steps',
    may: ['report', 'ui', 'planning', 'aws', 'config', 'controls', 'model', 'org', 'shared'],
  },
  {
    name: 'impact',
    holds: '`cisfleet impact`: what remediation would change (pure rules, credential report, gather, render)',
    may: ['report', 'aws', 'controls', 'model', 'org', 'shared'],
  },
  {
    name: 'report',
    holds: 'the report: gathering, the pure builder and roll-ups, compare, fail-on, schema, renderers',
    may: ['aws', 'templates', 'config', 'controls', 'model', 'org', 'shared'],
  },
  {
    name: 'ui',
    holds: 'the reporter (stdout for results, stderr for logs), listr2 steps, prompts, plan rendering',
    may: ['planning', 'model', 'org', 'shared'],
  },
  {
    name: 'planning',
    holds: 'pure functions: targets, the desired stack set, the rollout and onboard plans, the template diff',
    may: ['templates', 'config', 'controls', 'model', 'org', 'shared'],
  },
  {
    name: 'aws',
    holds: 'the only importer of @aws-sdk/*: the client factory, gateways, error mapping',
    may: ['model', 'org', 'shared'],
  },
  {
    name: 'templates',
    holds: 'the remediation template: loading, assembling the inline sources, checks',
    may: ['config', 'controls', 'shared'],
  },
  {
    name: 'config',
    holds: 'accounts.yaml: read YAML with positions → zod schema → normalise → cross-field rules',
    may: ['controls', 'shared'],
  },
  {
    name: 'model',
    holds: 'stack sets, operations, recorders, compliance and impact results as plain data, shared by the layers above',
    may: ['controls', 'shared'],
  },
  {
    name: 'controls',
    holds: 'the catalog of controls and AWS regions: ids, Config rules, CIS numbers, template parameters',
    may: ['shared'],
  },
  { name: 'org', holds: 'the organization as plain data (no SDK types)', may: ['shared'] },
  {
    name: 'sim',
    holds: 'the local AWS simulator: the other side of the wire, with its own CloudFormation parsing',
    may: ['shared'],
  },
  {
    name: 'shared',
    holds: 'the files directly in src/: errors, the one escaping layer (safe-text), text files, bounded concurrency',
    may: [],
  },
];

/** Narrower rules the table cannot say. */
const NARROW_RULES = [
  {
    name: 'sim-only-from-demo-and-sim-serve',
    comment: 'Only the demo and sim serve actions start the simulator; nothing else on the production path loads it.',
    from: { path: '^src/actions/', pathNot: '^src/actions/(demo|sim-serve)\\.ts$' },
    to: { path: '^src/sim/' },
  },
  {
    name: 'aws-sdk-only-in-aws',
    comment: 'Only src/aws (and the benchmarks) import the AWS SDK.',
    from: { path: '^src/', pathNot: '^src/(aws|bench)/' },
    to: { path: '(^|/)node_modules/@aws-sdk/' },
  },
  {
    name: 'listr2-only-in-ui',
    comment: 'listr2 stays behind ui/.',
    from: { path: '^src/', pathNot: '^src/ui/' },
    to: { path: '(^|/)node_modules/listr2/' },
  },
];

/** The regular expression for the files of a layer. */
function pathOf(layer) {
  return layer === 'shared' ? '^src/[^/]+$' : `^src/${layer}/`;
}

/** One dependency-cruiser rule per layer: its files may import only the layers its row lists. */
function forbiddenRules() {
  const layerRules = LAYERS.map((layer) => ({
    name: `layer-${layer.name}`,
    comment: `${layer.name} may import only: ${layer.may.join(', ') || 'nothing else in src/'} (layer-map.cjs)`,
    severity: 'error',
    from: { path: pathOf(layer.name) },
    to: { path: '^src/', pathNot: [layer.name, ...layer.may].map(pathOf) },
  }));
  const unmapped = {
    name: 'layer-unmapped',
    comment: 'Every file under src/ belongs to a layer of layer-map.cjs: add a row for a new folder.',
    severity: 'error',
    from: { path: '^src/', pathNot: LAYERS.map((layer) => pathOf(layer.name)) },
    to: {},
  };
  return [...layerRules, unmapped, ...NARROW_RULES.map((rule) => ({ severity: 'error', ...rule }))];
}

/** The map as the markdown table docs/architecture.md shows. */
function markdownTable() {
  const folder = (name) => (name === 'shared' ? '`src/*.ts`' : `\`${name}/\``);
  const rows = LAYERS.map(
    (layer) =>
      `| ${folder(layer.name)} | ${layer.holds} | ${layer.may.length ? layer.may.map(folder).join(', ') : '—'} |`,
  );
  const narrow = NARROW_RULES.map((rule) => `- \`${rule.name}\`: ${rule.comment}`);
  return ['| layer | holds | may import |', '|---|---|---|', ...rows, '', ...narrow].join('\n');
}

module.exports = { LAYERS, NARROW_RULES, pathOf, forbiddenRules, markdownTable };
