// The wait before a retry: a first delay doubling per attempt up to a ceiling, with optional
// jitter so that clients cut off together do not come back together.

export interface BackoffOptions {
  /** The wait before the first retry (attempt 0). */
  initialDelayMs: number;
  /** No wait is longer. */
  maxDelayMs: number;
  /** Fraction of the wait that is random: the wait lies in [(1 − jitter)·d, d]; default 0. */
  jitter?: number;
}

/** The wait before retry number `attempt` (0 for the first). `random` returns [0, 1). */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const { initialDelayMs, maxDelayMs, jitter = 0 } = options;
  // The exponent is capped so that many attempts reach the ceiling instead of Infinity × 0 = NaN.
  const full = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(full * (1 - jitter + jitter * random()));
}
