import { setFlagsFromString } from 'node:v8';
import { echoValue } from '../safe-text.js';

/**
 * How far V8 lets the heap grow past what the last full collection kept, in percent. By default V8 lets it grow
 * up to 4× when collecting looks cheap: a report over 10,000 accounts keeps under 100 MB live but peaked at
 * 440 MB RSS on garbage. At 50 % the peak was about 260 MB and the wall time the same (the collector runs
 * concurrently on another core); docs/decisions/0002-report-memory.md has the figures. It bounds no heap size,
 * so a larger organization still gets all the memory it needs.
 */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';
/** Node refuses this V8 flag in NODE_OPTIONS, so the user's choice comes through this variable (0: V8's own). */
export const HEAP_GROWING_ENV = 'CISFLEET_HEAP_GROWING_PERCENT';

/**
 * Sets the growth factor once for this process and returns it: CISFLEET_HEAP_GROWING_PERCENT when set (0 leaves
 * V8's default), else HEAP_GROWING_PERCENT. Nothing is set when node itself was started with the flag.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  env: Readonly<Record<string, string | undefined>> = process.env,
  warn: (message: string) => void = (message) => process.stderr.write(`warning: ${message}\n`),
): number | undefined {
  if (execArgv.some((arg) => arg.replace(/_/g, '-').startsWith(FLAG))) return undefined;
  const chosen = env[HEAP_GROWING_ENV]?.trim();
  let percent = HEAP_GROWING_PERCENT;
  if (chosen) {
    if (/^\d{1,4}$/.test(chosen)) percent = Number(chosen);
    else
      warn(
        `${HEAP_GROWING_ENV}=${echoValue(chosen)} is not a whole number of percent (0 for V8's default); using ${HEAP_GROWING_PERCENT}.`,
      );
  }
  if (percent === 0) return undefined;
  // Read by V8 at every full collection, so setting it once the process runs takes effect.
  setFlagsFromString(`${FLAG}=${percent}`);
  return percent;
}
