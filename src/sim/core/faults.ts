/**
 * Per-call faults the scenario asks for: added latency, token-bucket throttling per calling account, and
 * accounts whose credentials are refused. Throttling runs on real time (not simulated time) because it is
 * the SDK's real retry delays that have to refill the bucket.
 */
import type { SimFaults } from '../model/world.js';

/** The most specific value for a call among `service:Action`, `service` and `default`. */
export function mostSpecific<T>(table: Record<string, T>, service: string, action: string): T | undefined {
  return table[`${service}:${action}`] ?? table[service] ?? table.default;
}

/** The key of the most specific entry, so that each key has its own bucket. */
function mostSpecificKey(table: Record<string, unknown>, service: string, action: string): string | undefined {
  return [`${service}:${action}`, service, 'default'].find((key) => key in table);
}

/** Added latency for a call, in ms (0 when the scenario sets none). */
export function latencyFor(faults: SimFaults, service: string, action: string): number {
  return Math.max(0, mostSpecific(faults.latencyMs, service, action) ?? 0);
}

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Token buckets keyed by calling account and throttle key. */
export class Throttler {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  /** Takes a token for the call; false when the caller is over the rate and must be throttled. */
  tryAcquire(faults: SimFaults, accountId: string, service: string, action: string): boolean {
    const key = mostSpecificKey(faults.throttle, service, action);
    const limit = key === undefined ? undefined : faults.throttle[key];
    if (key === undefined || limit === undefined) return true;
    const { ratePerSecond, burst = Math.max(1, ratePerSecond) } = limit;
    const now = this.nowMs();
    const bucketKey = `${accountId}|${key}`;
    let bucket = this.buckets.get(bucketKey);
    if (!bucket) {
      bucket = { tokens: burst, refilledAt: now };
      this.buckets.set(bucketKey, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * ratePerSecond);
    bucket.refilledAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** Whether every call with this account's credentials is refused. */
export function isDenied(faults: SimFaults, accountId: string): boolean {
  return faults.deniedAccounts.has(accountId);
}
