// The bucket that holds the end of the range is still filling: its requests per second are
// counted over the whole step, so every chart would show a false drop at "now". Rates of that
// bucket are scaled to the part of the step whose data has arrived, or left out while short.

/** Less of the step than this has passed: too few requests to say anything, no point. */
export const MIN_ELAPSED_FRACTION = 0.5;
/**
 * The newest seconds have not arrived yet: OTel SDKs export spans in batches every 5 s by
 * default (BatchSpanProcessor's scheduledDelayMillis), so that much is assumed missing.
 */
export const EXPORT_DELAY_MS = 5_000;

/**
 * What to multiply a bucket's per-step rate by: 1 for a complete bucket, step / (time whose
 * data has arrived) for the bucket the range ends in, null when too little of it has passed.
 */
export function partialRateFactor(bucketStartMs: number, stepMs: number, rangeEndMs: number): number | null {
  const elapsed = rangeEndMs - bucketStartMs;
  if (elapsed >= stepMs || stepMs <= 0) return 1;
  if (elapsed < stepMs * MIN_ELAPSED_FRACTION) return null;
  return stepMs / Math.max(elapsed - EXPORT_DELAY_MS, stepMs * MIN_ELAPSED_FRACTION);
}

/** A per-step rate of a bucket, corrected for the range's end (null when not drawable). */
export function bucketRate(rate: number, bucketStartMs: number, stepMs: number, rangeEndMs: number): number | null {
  const factor = partialRateFactor(bucketStartMs, stepMs, rangeEndMs);
  return factor === null ? null : rate * factor;
}
