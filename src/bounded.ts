import pMap from 'p-map';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** One item's outcome, with the item it came from. */
export type SettledItem<I, T> = Settled<T> & { readonly item: I };

/**
 * Runs `fn` over every item with at most `concurrency` in flight and returns every outcome in input order, each
 * with its item: one failing account never hides the others, and an organization of thousands of accounts is never
 * one unbounded Promise.all (the API's throttling would fail most of it).
 */
export async function mapBounded<I, T>(
  items: readonly I[],
  concurrency: number,
  fn: (item: I, index: number) => Promise<T>,
): Promise<Array<SettledItem<I, T>>> {
  // p-map takes the next item only when a slot frees up: 40,000 account × regions never wait as 40,000 queued
  // closures and promises at once.
  return pMap(
    items,
    async (item, index): Promise<SettledItem<I, T>> => {
      try {
        return { ok: true, value: await fn(item, index), item };
      } catch (error) {
        return { ok: false, error, item };
      }
    },
    { concurrency: Math.max(1, concurrency) },
  );
}
