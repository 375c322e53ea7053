/**
 * Regenerates docs/accounts.schema.json and docs/accounts-yaml.md from the zod schema.
 * Run after changing src/config/schema.ts: `npm run build && node dist/config/write-json-schema.js`.
 */
import { writeFileSync } from 'node:fs';
import { accountsJsonSchemaText, accountsReferenceMarkdown } from './json-schema.js';
import { jsonSchemaPath, referenceDocPath } from './package-files.js';
for (const [path, text] of [
    [jsonSchemaPath(), accountsJsonSchemaText()],
    [referenceDocPath(), accountsReferenceMarkdown()],
]) {
    writeFileSync(path, text);
    process.stdout.write(`wrote ${path}\n`);
}
//# sourceMappingURL=write-json-schema.js.map