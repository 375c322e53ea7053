import { readFileSync } from 'node:fs';

/** This process's peak resident set so far (VmHWM), in MB; the current RSS where /proc is missing. */
export function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20);
}
