/**
 * Jest global setup: one directory where every process of the run (workers, and the CLI children they start)
 * records its simulator response checks (src/sim/core/output-check.ts); model-check-teardown.js totals them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  process.env.CISFLEET_SIM_CHECK_DIR = mkdtempSync(join(tmpdir(), 'cisfleet-model-check-'));
}
