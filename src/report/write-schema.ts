/**
 * Regenerates docs/report-schema.json from src/report/schema.ts.
 * Run after changing the report model: `npm run build && node dist/report/write-schema.js`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRootOf } from '../package-root.js';
import { REPORT_SCHEMA_PATH, reportJsonSchemaText } from './schema.js';

const path = join(packageRootOf(import.meta.url), REPORT_SCHEMA_PATH);
writeFileSync(path, reportJsonSchemaText());
process.stdout.write(`wrote ${path}\n`);
