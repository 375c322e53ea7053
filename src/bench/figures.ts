/** One benchmark figure: printed as `name: value unit (target …)` and written to the JSON file. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
  /** What the figure covers (scale, bound, method): printed on stderr and kept in the JSON, never in the line. */
  note?: string;
}

export function formatFigure(f: Figure): string {
  const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(f.value < 10 ? 2 : 1);
  return `${f.name}: ${value} ${f.unit} (target ${f.target})`;
}

export function figuresToJson(
  figures: readonly Figure[],
): Record<string, { value: number; unit: string; target: string; note?: string }> {
  return Object.fromEntries(
    figures.map((f) => [
      f.name,
      { value: f.value, unit: f.unit, target: f.target, ...(f.note ? { note: f.note } : {}) },
    ]),
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const at = (i: number): number => sorted[i] ?? Number.NaN;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}
