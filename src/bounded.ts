import pMap from 'p-map';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `fn` over every item with at most `concurrency` in flight and returns every outcome in input order:
 * one failing account never hides the others (style.md §12 — never an unbounded Promise.all over accounts).
 */
export async function mapBounded<I, T>(
  items: readonly I[],
  concurrency: number,
  fn: (item: I, index: number) => Promise<T>,
): Promise<Array<Settled<T>>> {
  // p-map takes the next item only when a slot frees up: 40,000 account × regions never wait as 40,000 queued
  // closures and promises at once.
  return pMap(
    items,
    async (item, index): Promise<Settled<T>> => {
      try {
        return { ok: true, value: await fn(item, index) };
      } catch (error) {
        return { ok: false, error };
      }
    },
    { concurrency: Math.max(1, concurrency) },
  );
}
