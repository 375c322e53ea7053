/** The IAM actions docs/iam-permissions.md lists in the table of one `## ` section, sorted. */
import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs/iam-permissions.md'), 'utf8');

export function documentedActions(heading: string): string[] {
  const start = DOC.indexOf(`## ${heading}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = DOC.indexOf('\n## ', start + 3);
  return DOC.slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => /^\| `([a-z0-9-]+:[A-Za-z0-9]+)`/.exec(l)?.[1] ?? `unparsed row: ${l}`)
    .sort();
}
