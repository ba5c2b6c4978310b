// When to try a failed export again: which answers are worth retrying (the OTLP/HTTP spec's
// list), and how long to wait — packages/backoff's exponential backoff with equal jitter,
// never sooner than Retry-After.
import { backoffDelayMs } from "@tracelight/backoff";

/** Throttled or temporarily unavailable: the same request may succeed later. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface BackoffOptions {
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first retry): `initialRetryDelayMs` doubling
 * per attempt, half fixed and half random so that agents cut off together do not come back
 * together; at least Retry-After when the server sent one; at most `maxRetryDelayMs`, so that an
 * agent never stops exporting for longer than that.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const { initialRetryDelayMs: initialDelayMs, maxRetryDelayMs: maxDelayMs } = options;
  const backoff = backoffDelayMs(attempt, { initialDelayMs, maxDelayMs, jitter: 0.5 }, random);
  return Math.min(maxDelayMs, Math.max(backoff, retryAfterMs ?? 0));
}
