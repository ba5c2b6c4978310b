// GET /api/v1/red — rate, errors, duration per bucket from the span-derived 1-minute rollup.
// Every rate here (buckets, total, routes) is requests / seconds over the same minutes: the
// minutes [from, to) overlaps, up to now (packages/store/src/queries/rate-coverage.ts).
import { z } from "zod";
import { optionalText } from "./filters.ts";
import { rangeShape, stepParam, withRangeAndStep } from "./time.ts";

/** The rollup's resolution: steps are whole minutes. */
export const RED_MIN_STEP_SECONDS = 60;

export const RedQuerySchema = z
  .object({ ...rangeShape, service: optionalText, route: optionalText, step: stepParam })
  // Whole minutes: a rollup row belongs to exactly one bucket.
  .transform((value, ctx) => withRangeAndStep(value, ctx, RED_MIN_STEP_SECONDS));
export type RedQuery = z.output<typeof RedQuerySchema>;

export interface RedExemplar {
  traceId: string;
  spanId: string;
  durationMs: number;
  /** Span start, epoch ms. */
  timestamp: number;
}

export interface RedStats {
  requests: number;
  /** Requests per second: requests / the seconds they were counted over (0 over none). */
  rate: number;
  errors: number;
  /** errors / requests, 0..1 (0 when there are no requests). */
  errorRate: number;
  /** Latency percentiles (t-digest), null when there are no requests. */
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

/** The time a bucket's rate is taken over. */
export interface BucketCoverage {
  /** Seconds of the bucket inside the range's minutes and before now: the rate's denominator. */
  seconds: number;
  /**
   * Fewer seconds than the step (the range cuts the bucket, or it is still filling): the
   * rate is right for the seconds it covers, and charts draw it apart from whole buckets.
   */
  partial: boolean;
}

export interface RedBucket extends RedStats, BucketCoverage {
  /** Bucket start, epoch ms. Every bucket of the range is present (zeros when empty). */
  timestamp: number;
  exemplars: { slowest: RedExemplar | null; error: RedExemplar | null };
}

export interface RedRoute extends RedStats {
  route: string;
}

/** The whole range (the service header): the buckets added up. */
export interface RedTotal {
  requests: number;
  errors: number;
  /** errors / requests, 0..1 (0 when there are no requests). */
  errorRate: number;
  /** requests / seconds. */
  rate: number;
  /** The range's minutes up to now, in seconds: the sum of the buckets' seconds. */
  seconds: number;
}

export interface RedResponse {
  stepMs: number;
  buckets: RedBucket[];
  total: RedTotal;
  /** With `service` and no `route`: the service's routes over the whole range (rates over total.seconds), busiest first. */
  routes?: RedRoute[];
}
