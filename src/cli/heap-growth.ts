import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection kept, in percent. By default V8 lets it grow
 * up to 4× when collecting looks cheap: a report over 10,000 accounts keeps under 100 MB live but peaked at
 * 440 MB RSS on garbage. At 50 % the peak was about 260 MB and the wall time the same (the collector runs
 * concurrently on another core); docs/decisions/0002-report-memory.md has the figures. It bounds no heap size,
 * so a larger organization still gets all the memory it needs.
 */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';

/** Sets the growth factor once for this process, unless the user chose one (`NODE_OPTIONS` or node's own flags). */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const chosen = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => arg.replace(/_/g, '-').startsWith(FLAG));
  if (chosen) return false;
  // Read by V8 at every full collection, so setting it once the process runs takes effect.
  setFlagsFromString(`${FLAG}=${HEAP_GROWING_PERCENT}`);
  return true;
}
