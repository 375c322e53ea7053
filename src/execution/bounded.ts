import pLimit from 'p-limit';

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
  const limit = pLimit(Math.max(1, concurrency));
  return Promise.all(
    items.map((item, index) =>
      limit(async (): Promise<Settled<T>> => {
        try {
          return { ok: true, value: await fn(item, index) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    ),
  );
}
