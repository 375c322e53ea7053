/** Maps a document path to the line and column of its YAML node. */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
/**
 * Finds `path` in `doc`. With `atKey` the position is that of the last segment's key (for unknown or
 * misspelt keys); otherwise that of the value. A missing key points at its parent map, which is where it
 * has to be added.
 */
export function locate(doc, lineCounter, path, atKey = false) {
    let node = doc.contents;
    let position = positionOf(node, lineCounter) ?? { line: 1, col: 1 };
    for (const [i, segment] of path.entries()) {
        const last = i === path.length - 1;
        const step = child(node, segment);
        if (!step)
            return { ...position, exact: false };
        const target = last && atKey ? step.key : step.value;
        // `key:` with nothing after it has a null value without a range: point at its key instead.
        position = positionOf(target, lineCounter) ?? positionOf(step.key, lineCounter) ?? position;
        node = step.value;
    }
    return { ...position, exact: true };
}
function child(node, segment) {
    if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
        return pair ? { key: pair.key, value: pair.value } : undefined;
    }
    if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        return item === undefined ? undefined : { key: item, value: item };
    }
    return undefined;
}
function keyText(key) {
    return isScalar(key) ? String(key.value) : undefined;
}
function positionOf(node, lineCounter) {
    const range = node?.range;
    if (!range)
        return undefined;
    return lineCounter.linePos(range[0]);
}
//# sourceMappingURL=locate.js.map