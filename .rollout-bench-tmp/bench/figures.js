export function formatFigure(f) {
    const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(f.value < 10 ? 2 : 1);
    return `${f.name}: ${value} ${f.unit} (target ${f.target})`;
}
export function figuresToJson(figures) {
    return Object.fromEntries(figures.map((f) => [f.name, { value: f.value, unit: f.unit, target: f.target }]));
}
export function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
//# sourceMappingURL=figures.js.map