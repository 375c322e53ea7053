import pLimit from 'p-limit';
/**
 * Runs `fn` over every item with at most `concurrency` in flight and returns every outcome in input order:
 * one failing account never hides the others (style.md §12 — never an unbounded Promise.all over accounts).
 */
export async function mapBounded(items, concurrency, fn) {
    const limit = pLimit(Math.max(1, concurrency));
    return Promise.all(items.map((item, index) => limit(async () => {
        try {
            return { ok: true, value: await fn(item, index) };
        }
        catch (error) {
            return { ok: false, error };
        }
    })));
}
//# sourceMappingURL=bounded.js.map