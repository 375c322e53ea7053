/** `--since DURATION`: how far back `report --changes` looks. */
import { UsageError } from '../../errors.js';

const DAY_MS = 86_400_000;
const UNIT_MS = new Map([
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', DAY_MS],
  ['w', 7 * DAY_MS],
]);
/** The default window: a day, the period of the access-key sweep. */
export const DEFAULT_SINCE = '24h';
/**
 * CloudWatch Logs keeps the function's log 365 days (the template's RetentionInDays); Config keeps only each
 * resource's latest execution. Longer windows would promise history AWS no longer has.
 */
const MAX_MS = 365 * DAY_MS;

/** `24h`, `7d`, `90m`, `2w` → milliseconds; anything else is a usage error naming the flag and the fix. */
export function parseSince(text: string): number {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNIT_MS.get(match[2] ?? '') ?? NaN) : NaN;
  if (!match || !(ms > 0))
    throw new UsageError(
      `--since ${JSON.stringify(text)}: not a duration. Give a whole number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. --since 24h or --since 7d.`,
    );
  if (ms > MAX_MS)
    throw new UsageError(
      `--since ${text}: at most 365d (the access-key function's log is kept 365 days). Give a shorter window.`,
    );
  return ms;
}
