/**
 * Runs after each test file: a simulator response that broke AWS's model (answered as a 500 by the simulator,
 * see src/sim/core/output-check.ts) fails the file that caused it, even when the code under test tolerated the
 * 500 (a per-account failure, a retry); the run's teardown counts it too.
 */
import { afterAll } from '@jest/globals';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { flushCheckCounts, takeViolations } from '../../src/sim/core/output-check.js';

afterAll(() => {
  flushCheckCounts();
  const violations = takeViolations();
  if (violations.length === 0) return;
  const dir = process.env.CISFLEET_SIM_CHECK_DIR;
  if (dir)
    appendFileSync(
      join(dir, `violations-${process.pid}.jsonl`),
      violations.map((v) => `${JSON.stringify(v)}\n`).join(''),
    );
  throw new Error(`the simulator answered outside AWS's model:\n${violations.join('\n')}`);
});
