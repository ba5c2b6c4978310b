// The one definition of a rate over the minute RED rollup, used by every answer that shows
// one (service header, top operations, overview, chart buckets, sparklines): requests in the
// minutes a range overlaps, divided by the seconds of those minutes that have passed. Metric
// series rate their buckets the same way over the exact range (rangeCoverage).
import type { TimeRange } from "@tracelight/contracts";

export const MINUTE_MS = 60_000;

/**
 * What the rollup can answer for a range [from, to): the whole minutes it overlaps (from
 * rounded down, to rounded up, at least one minute), and of those the part before `now`.
 */
export interface RollupCoverage {
  /** Start of the first minute overlapped, epoch ms. */
  startMs: number;
  /** End of the last minute overlapped, epoch ms. */
  endMs: number;
  /** min(endMs, now), not before startMs: the counted minutes hold data up to here. */
  dataEndMs: number;
  /** dataEndMs - startMs in seconds: the denominator of the whole range's rates. */
  seconds: number;
}

export function rollupCoverage(range: Pick<TimeRange, "from" | "to">, nowMs: number): RollupCoverage {
  const startMs = Math.floor(range.from / MINUTE_MS) * MINUTE_MS;
  const endMs = Math.max(Math.ceil(range.to / MINUTE_MS) * MINUTE_MS, startMs + MINUTE_MS);
  return rangeCoverage({ from: startMs, to: endMs }, nowMs);
}

/**
 * The coverage of a range read point by point (metric series, not the rollup): exactly
 * [from, to), up to `now`.
 */
export function rangeCoverage(range: Pick<TimeRange, "from" | "to">, nowMs: number): RollupCoverage {
  const startMs = range.from;
  const endMs = Math.max(range.to, startMs);
  const dataEndMs = Math.min(endMs, Math.max(startMs, nowMs));
  return { startMs, endMs, dataEndMs, seconds: (dataEndMs - startMs) / 1000 };
}

/** Seconds of [fromMs, toMs) that the coverage's data spans. */
export function coveredSeconds(c: RollupCoverage, fromMs: number, toMs: number): number {
  return Math.max(0, Math.min(toMs, c.dataEndMs) - Math.max(fromMs, c.startMs)) / 1000;
}

/** Events per second; 0 over no time (a bucket entirely after now). */
export function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}

export interface RateBucket {
  /** Bucket start, epoch ms: a multiple of the step. */
  start: number;
  /** Seconds of the bucket the coverage's data spans: the bucket rate's denominator. */
  seconds: number;
  /** Fewer seconds than the step: the range cuts the bucket, or part of it is still to come. */
  partial: boolean;
}

/** The bucket of `stepSeconds` that starts at `start` (any origin), with its covered seconds. */
export function rateBucket(c: RollupCoverage, start: number, stepSeconds: number): RateBucket {
  const seconds = coveredSeconds(c, start, start + stepSeconds * 1000);
  return { start, seconds, partial: seconds < stepSeconds };
}

/** The step buckets of a coverage, oldest first, each with its covered seconds. */
export function rateBuckets(c: RollupCoverage, stepSeconds: number): RateBucket[] {
  const stepMs = stepSeconds * 1000;
  const buckets: RateBucket[] = [];
  for (let start = Math.floor(c.startMs / stepMs) * stepMs; start < c.endMs; start += stepMs) {
    buckets.push(rateBucket(c, start, stepSeconds));
  }
  return buckets;
}
