/** Files shipped with cisfleet that the config code points users to or regenerates. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRootOf } from '../package-root.js';

const packageRoot = (): string => packageRootOf(import.meta.url);

/** The commented example accounts.yaml that doubles as its documentation. */
export const exampleConfigPath = (): string => join(packageRoot(), 'accounts.yaml');
export const jsonSchemaPath = (): string => join(packageRoot(), 'docs', 'accounts.schema.json');
export const referenceDocPath = (): string => join(packageRoot(), 'docs', 'accounts-yaml.md');

/** cisfleet's own version, from its package.json (`cisfleet --version`). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
