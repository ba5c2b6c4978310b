// GET /api/v1/services/overview — every service's RED totals over the range plus a small
// per-bucket series for sparklines, from the span-derived 1-minute rollup.
import { z } from "zod";
import { type BucketCoverage, RED_MIN_STEP_SECONDS, type RedStats } from "./red.ts";
import { rangeShape, stepParam, withRangeAndStep } from "./time.ts";

export const ServicesOverviewQuerySchema = z
  .object({ ...rangeShape, step: stepParam })
  // Whole minutes, like /red: a rollup row belongs to exactly one bucket.
  .transform((value, ctx) => withRangeAndStep(value, ctx, RED_MIN_STEP_SECONDS));
export type ServicesOverviewQuery = z.output<typeof ServicesOverviewQuerySchema>;

export interface ServiceOverviewBucket extends BucketCoverage {
  /** Bucket start, epoch ms. */
  timestamp: number;
  /** Requests per second over the bucket's seconds, as in /red. */
  rate: number;
  /** errors / requests, 0..1 (0 when there are no requests). */
  errorRate: number;
  /** null when the bucket has no requests. */
  p99Ms: number | null;
}

/** Totals over the whole range (rate over the same seconds as /red's total) plus the buckets. */
export interface ServiceOverview extends RedStats {
  name: string;
  /** Every bucket of the range, oldest first (zeros when empty). */
  buckets: ServiceOverviewBucket[];
}

export interface ServicesOverviewResponse {
  stepMs: number;
  /**
   * Services with rollup rows or spans in the range (a service with only client spans has
   * zero requests), busiest first, then by name.
   */
  services: ServiceOverview[];
}
