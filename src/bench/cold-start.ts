import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, type Figure } from './figures.js';

/** `cisfleet --help` wall time, median of several cold processes: the SDK must not load for --help. */
export function measureHelpColdStart(runs = 7): Figure {
  const bin = fileURLToPath(new URL('../bin/cisfleet.js', import.meta.url));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`cisfleet --help exited ${result.status}: ${result.stderr}`);
    times.push(ms);
  }
  return { name: 'cli.help_cold_start_median', value: Math.round(median(times)), unit: 'ms', target: '< 250 ms' };
}
