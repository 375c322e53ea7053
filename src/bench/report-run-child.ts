/**
 * Child process of the report benchmark: `cisfleet report` as a user runs it — the CLI entry's main() with
 * the command line, base credentials and endpoint from the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL) — then its peak RSS (VmHWM) once the report is written. The report
 * is the only thing this process does, so its high-water mark is the command's.
 * Usage: node report-run-child.js RESULT.json -- REPORT ARGUMENTS…
 * Writes {exitCode, peakRssMb, wallMs} to RESULT.json (stdout and stderr belong to the command).
 */
import { writeFileSync } from 'node:fs';
import { peakRssMb } from './report-peak-rss.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const [resultFile, separator, ...args] = process.argv.slice(2);
if (!resultFile || separator !== '--') throw new Error('usage: report-run-child.js RESULT.json -- report arguments…');
const started = performance.now();
// As the cisfleet entry point does before main().
const { limitHeapGrowth } = await import('../cli/heap-growth.js');
limitHeapGrowth();
const { main } = await import('../cli/main.js');
const exitCode = await main(args);
writeFileSync(
  resultFile,
  JSON.stringify({ exitCode, peakRssMb: peakRssMb(), wallMs: Math.round(performance.now() - started) }),
);
