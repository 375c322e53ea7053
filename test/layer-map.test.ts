import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './helpers/run-cli.js';

interface Layer {
  name: string;
  holds: string;
  may: string[];
}
const layerMap = createRequire(join(REPO_ROOT, 'package.json'))('./layer-map.cjs') as {
  LAYERS: Layer[];
  markdownTable(): string;
};

/** Runs the check (scripts/check-layers.mjs, dependency-cruiser) on a tree, as `npm run lint:layers` does. */
function checkLayers(root?: string) {
  const script = join(REPO_ROOT, 'scripts', 'check-layers.mjs');
  const result = spawnSync(process.execPath, [script, ...(root ? [root] : [])], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const fixtures: string[] = [];
afterAll(() => fixtures.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A small tree with src/ and tsconfig.json, written from `files` (path → text). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cisfleet-layers-'));
  fixtures.push(root);
  writeFileSync(join(root, 'tsconfig.json'), readFileSync(join(REPO_ROOT, 'tsconfig.json')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

// Each check starts a Node process that loads TypeScript and cruises the tree: seconds, more on a loaded machine.
const CHILD_PROCESS_MS = 120_000;

describe('the layer map (layer-map.cjs, enforced by dependency-cruiser)', () => {
  it(
    'no file under src/ imports against the map',
    () => {
      const run = checkLayers();
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/layer map: \d{3,} modules, \d{3,} dependencies, 0 violation\(s\)/);
      expect(run.status).toBe(0);
    },
    CHILD_PROCESS_MS,
  );

  it(
    'fails when a forbidden import is added, naming the file, the import and the rule',
    () => {
      const root = tree({
        'src/ui/reporter.ts': 'export interface Reporter { info(message: string): void }\n',
        'src/model/recorder.ts': 'export type RecorderState = "on" | "off";\n',
        // planning → model is allowed; planning → ui is not.
        'src/planning/targets.ts': [
          "import type { RecorderState } from '../model/recorder.js';",
          "import type { Reporter } from '../ui/reporter.js';",
          'export type Uses = [RecorderState, Reporter];',
          '',
        ].join('\n'),
      });
      const run = checkLayers(root);
      expect(run.stdout).toContain('src/planning/targets.ts → src/ui/reporter.ts  layer-planning: planning may import');
      expect(run.stdout).not.toContain('src/model/recorder.ts  layer-');
      expect(run.stdout).toContain('1 violation(s)');
      expect(run.status).toBe(1);
    },
    CHILD_PROCESS_MS,
  );

  it('lists every folder of src/, top to bottom: a layer imports only layers below it (no cycle)', () => {
    const names = layerMap.LAYERS.map((layer) => layer.name);
    const folders = readdirSync(join(REPO_ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !names.includes(folder))).toEqual([]);
    const upward = layerMap.LAYERS.flatMap((layer, index) =>
      layer.may.filter((other) => names.indexOf(other) <= index).map((other) => `${layer.name} → ${other}`),
    );
    expect(upward).toEqual([]);
  });

  it('docs/architecture.md shows the map as declared (`npm run docs:layers` writes it)', () => {
    const page = readFileSync(join(REPO_ROOT, 'docs', 'architecture.md'), 'utf8');
    const shown = /<!-- layer-map:begin[^>]*-->\n([\s\S]*?)\n<!-- layer-map:end -->/.exec(page)?.[1];
    expect(shown).toBe(layerMap.markdownTable());
  });
});
