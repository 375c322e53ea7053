/**
 * dependency-cruiser's configuration: the rules come from the declared layer map (layer-map.cjs).
 * `npm run lint:layers` checks src/ against them; test/architecture/layers.test.ts runs the same check in `npm test`.
 */
'use strict';
const { forbiddenRules } = require('./layer-map.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: forbiddenRules(),
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: the map counts them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
