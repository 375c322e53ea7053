/**
 * Jest global teardown: totals the simulator response checks every process of the run recorded (see
 * model-check-setup.js), prints them, and fails the run on any violation of AWS's models.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default function teardown() {
  const dir = process.env.CISFLEET_SIM_CHECK_DIR;
  if (!dir) return;
  let responses = 0;
  const operations = new Set();
  /** @type {string[]} */
  const violations = [];
  for (const file of readdirSync(dir)) {
    const lines = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => /** @type {unknown} */ (JSON.parse(line)));
    if (file.startsWith('counts-')) {
      // output-check.ts writes `{ responses, operations }` to counts-* files and one message per line elsewhere.
      for (const { responses: n, operations: ops } of /** @type {{ responses: number, operations: string[] }[]} */ (
        lines
      )) {
        responses += n;
        for (const op of ops) operations.add(op);
      }
    } else {
      violations.push(.../** @type {string[]} */ (lines));
    }
  }
  rmSync(dir, { recursive: true, force: true });
  // Operations are recorded as `service:Action`; the count per service shows every protocol (EC2 included) is covered.
  /** @type {Map<string, number>} */
  const perService = new Map();
  for (const op of operations) {
    const [service] = String(op).split(':');
    perService.set(service, (perService.get(service) ?? 0) + 1);
  }
  const byService = [...perService].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s} ${n}`);
  // eslint-disable-next-line no-console -- Jest prints a global teardown's console output after the test results
  console.log(
    `\nmodel check: ${responses} simulator responses checked against AWS's models, ${operations.size} operations, ${violations.length} violations (operations by service: ${byService.join(', ')})`,
  );
  if (violations.length > 0) throw new Error(`the simulator answered outside AWS's model:\n${violations.join('\n')}`);
}
