// When to try a failed export again: which answers are worth retrying (the OTLP/HTTP spec's
// list), and how long to wait — exponential backoff with jitter, never sooner than Retry-After.

/** Throttled or temporarily unavailable: the same request may succeed later. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its weekday and month (Date.parse alone would also take "-1" as a year).
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface BackoffOptions {
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first retry): `initialRetryDelayMs` doubling
 * per attempt, with "equal jitter" (half fixed, half random) so that agents cut off together do
 * not come back together; at least Retry-After when the server sent one; at most `maxRetryDelayMs`.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxRetryDelayMs, options.initialRetryDelayMs * 2 ** Math.min(attempt, 30));
  const backoff = ceiling / 2 + (random() * ceiling) / 2;
  return Math.round(Math.min(options.maxRetryDelayMs, Math.max(backoff, retryAfterMs ?? 0)));
}
