/** Step 1 of loading accounts.yaml: text → YAML document, keeping every node's position. */
import { LineCounter, parseDocument } from 'yaml';
export function readYaml(text, fileName) {
    const lineCounter = new LineCounter();
    // Core schema (YAML 1.2): `yes`/`no` stay strings and dates stay strings, so nothing is silently converted.
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const problems = [];
    const report = (severity) => (e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        const message = e.code === 'DUPLICATE_KEY'
            ? `duplicate key "${keyAt(text, e.pos[0])}": YAML keeps only one of them, so remove or merge the other`
            : `YAML: ${e.message}`;
        problems.push({ file: fileName, line, col, path: '', message, severity });
    };
    doc.errors.forEach(report('error'));
    doc.warnings.forEach(report('warning'));
    const unusable = doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
    return { doc, lineCounter, value: unusable ? undefined : withoutNullValues(doc.toJS({ maxAliasCount: 100 })), problems, unusable };
}
/** The key written at `offset` (the error position only covers its first character). */
function keyAt(text, offset) {
    return (/^[^:\n]*/.exec(text.slice(offset))?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
}
function withoutNullValues(value) {
    if (Array.isArray(value))
        return value.map(withoutNullValues);
    if (value === null || typeof value !== 'object')
        return value;
    return Object.fromEntries(Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNullValues(v)]));
}
//# sourceMappingURL=read-yaml.js.map