/** "Did you mean …?" for misspelt keys, enum values and regions. */

/**
 * Edit distance where inserting, deleting or substituting a character, or swapping two neighbours, costs 1
 * (Levenshtein plus transpositions: `nmae` is one slip away from `name`, not two).
 */
export function editDistance(a: string, b: string): number {
  // One row-major table of (a.length + 1) × (b.length + 1) distances; row 0 and column 0 are the empty prefixes.
  const width = b.length + 1;
  const d = new Uint32Array((a.length + 1) * width);
  const at = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a plausible typo
 * (at most a third of the input's length, and at least 1, edits away). Case is ignored when comparing, so
 * `service_managed` finds `SERVICE_MANAGED`.
 */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  const tolerance = Math.max(1, Math.floor(input.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a pasted blob is compared with nothing.
    if (Math.abs(candidate.length - input.length) > tolerance) continue;
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= tolerance ? best.candidate : undefined;
}

/** ` (did you mean x?)` or an empty string: ready to append to a message. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = nearest(input, candidates);
  return match === undefined ? '' : ` (did you mean ${match}?)`;
}
