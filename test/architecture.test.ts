import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './helpers/run-cli.js';
import { defined } from './helpers/elements.js';

/** Every TypeScript file under src/, with its imports and text. */
function sources(): Array<{ file: string; imports: string[]; text: string }> {
  const out: Array<{ file: string; imports: string[]; text: string }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        const imports = [
          ...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm),
        ].map((m) => defined(m[1] ?? m[2], `the module of ${m[0]}`));
        out.push({ file: relative(join(REPO_ROOT, 'src'), path), imports, text });
      }
    }
  };
  walk(join(REPO_ROOT, 'src'));
  return out;
}

const files = sources();
const offenders = (where: (file: string) => boolean, forbidden: (spec: string) => boolean) =>
  files
    .filter((f) => where(f.file))
    .flatMap((f) => f.imports.filter(forbidden).map((spec) => `${f.file} imports ${spec}`));

describe('layering (docs/architecture.md)', () => {
  it('reads the imports (so the rules below are not vacuous)', () => {
    expect(
      offenders(
        (f) => f.startsWith('aws/'),
        (s) => s.startsWith('@aws-sdk/'),
      ).length,
    ).toBeGreaterThan(5);
    expect(
      offenders(
        (f) => f.startsWith('ui/'),
        (s) => s === 'listr2',
      ).length,
    ).toBeGreaterThan(0);
  });

  it('only src/aws (and the benchmarks) import the AWS SDK', () => {
    expect(
      offenders(
        (f) => !f.startsWith('aws/') && !f.startsWith('bench/'),
        (s) => s.startsWith('@aws-sdk/'),
      ),
    ).toEqual([]);
  });

  it('only src/ui imports listr2', () => {
    expect(
      offenders(
        (f) => !f.startsWith('ui/'),
        (s) => s === 'listr2',
      ),
    ).toEqual([]);
  });

  it('config, controls, org, model, planning and templates import neither aws nor ui', () => {
    const pure = /^(config|controls|org|model|planning|templates)\//;
    expect(
      offenders(
        (f) => pure.test(f),
        (s) => /(^|\/)(aws|ui)\//.test(s),
      ),
    ).toEqual([]);
  });

  it('the simulator imports no SDK and nothing of the production path', () => {
    expect(
      offenders(
        (f) => f.startsWith('sim/'),
        (s) => s.startsWith('@aws-sdk/') || /^\.\.\/\.\.\/(aws|actions|cli|report|ui)\//.test(s),
      ),
    ).toEqual([]);
  });
});

describe('untrusted text reaches the terminal only through src/safe-text.ts (docs/commands/report.md)', () => {
  /** Where a direct write is allowed, and why. */
  const DIRECT_WRITERS: Record<string, string> = {
    'ui/reporter.ts': 'the sink: every message passes terminalMessage',
    'cli/heap-growth.ts': 'runs before the reporter exists; echoes the variable through echoValue',
    'cli/interrupts.ts': 'the signal handlers: fixed text only, written while a command (and its reporter) is mid-run',
    'config/write-json-schema.ts': 'a build script printing its own output paths',
    'report/write-schema.ts': 'a build script printing its own output path',
  };

  it('nothing but the reporter writes to stdout or stderr (the benchmarks aside)', () => {
    const writers = files
      .filter((f) => !f.file.startsWith('bench/') && !(f.file in DIRECT_WRITERS))
      .filter((f) => /process\.(stdout|stderr)\.write|console\.(log|info|warn|error|debug)\(/.test(f.text))
      .map((f) => f.file);
    expect(writers).toEqual([]);
  });

  it('every renderer of data imports the layer', () => {
    const renderers = files.filter(
      (f) =>
        /^(ui|report\/render)\//.test(f.file) &&
        /export function render[A-Z]/.test(f.text) &&
        f.file !== 'report/render/index.ts',
    );
    expect(renderers.length).toBeGreaterThan(5);
    expect(
      renderers.filter((f) => !f.imports.some((spec) => spec.endsWith('/safe-text.js'))).map((f) => f.file),
    ).toEqual([]);
  });
});
