export { formatConfigProblem } from '../errors.js';
/** A problem that stops cisfleet from using the file. */
export function error(path, message) {
    return { path, message, severity: 'error' };
}
/** A problem cisfleet reports but can live with. */
export function warning(path, message) {
    return { path, message, severity: 'warning' };
}
/** `stackSet.operationPreferences`, `regions[2]`: the path as users read it. */
export function formatPath(path) {
    return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}
/** Errors first would hide the order of the file: sort by position, as an editor lists them. */
export function byPosition(a, b) {
    return a.line - b.line || a.col - b.col;
}
//# sourceMappingURL=problems.js.map