/** Files shipped with cisfleet that the config code points users to or regenerates. */
import { join } from 'node:path';
import { packageRootOf } from '../templates/package-root.js';
const packageRoot = () => packageRootOf(import.meta.url);
/** The commented example accounts.yaml that doubles as its documentation. */
export const exampleConfigPath = () => join(packageRoot(), 'accounts.yaml');
export const jsonSchemaPath = () => join(packageRoot(), 'docs', 'accounts.schema.json');
export const referenceDocPath = () => join(packageRoot(), 'docs', 'accounts-yaml.md');
//# sourceMappingURL=package-files.js.map