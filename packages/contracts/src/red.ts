// GET /api/v1/red — rate, errors, duration per bucket from the span-derived 1-minute rollup.
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
  /** Requests per second over the bucket (or range). */
  rate: number;
  errors: number;
  /** errors / requests, 0..1 (0 when there are no requests). */
  errorRate: number;
  /** Latency percentiles (t-digest), null when there are no requests. */
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

export interface RedBucket extends RedStats {
  /** Bucket start, epoch ms. Every bucket of the range is present (zeros when empty). */
  timestamp: number;
  exemplars: { slowest: RedExemplar | null; error: RedExemplar | null };
}

export interface RedRoute extends RedStats {
  route: string;
}

export interface RedResponse {
  stepMs: number;
  buckets: RedBucket[];
  /** With `service` and no `route`: the service's routes over the whole range, busiest first. */
  routes?: RedRoute[];
}
