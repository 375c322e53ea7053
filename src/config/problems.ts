/**
 * Problems found in accounts.yaml. The `ConfigProblem` shape and its one-line formatter belong to the
 * error hierarchy (src/errors.ts) because ConfigError carries them; this module adds the document-path form
 * the four loading steps produce before positions are known.
 */
import type { ConfigProblem } from '../errors.js';

export { formatConfigProblem, type ConfigProblem } from '../errors.js';

/** A path into the YAML document: map keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

/**
 * A problem found by a loading step, addressed by document path. The loader turns it into a
 * ConfigProblem with file, line and column.
 */
export interface PathProblem {
  path: DocPath;
  /** What is wrong, then how to fix it. */
  message: string;
  severity: ConfigProblem['severity'];
  /** Point at the key of the path's last segment rather than its value (unknown or duplicate keys). */
  atKey?: boolean;
}

/** A problem that stops cisfleet from using the file. */
export function error(path: DocPath, message: string): PathProblem {
  return { path, message, severity: 'error' };
}

/** A problem cisfleet reports but can live with. */
export function warning(path: DocPath, message: string): PathProblem {
  return { path, message, severity: 'warning' };
}

/** `stackSet.operationPreferences`, `regions[2]`: the path as users read it. */
export function formatPath(path: DocPath): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

/** Errors first would hide the order of the file: sort by position, as an editor lists them. */
export function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return a.line - b.line || a.col - b.col;
}
