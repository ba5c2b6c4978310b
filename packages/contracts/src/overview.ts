// GET /api/v1/services/overview — every service's RED totals over the range plus a small
// per-bucket series for sparklines, from the span-derived 1-minute rollup.
import { z } from "zod";
import { MAX_OVERVIEW_BUCKETS, MAX_OVERVIEW_CELLS, seriesLimitParam } from "./caps.ts";
import { type BucketCoverage, RED_MIN_STEP_SECONDS, type RedStats } from "./red.ts";
import { includeSelfParam } from "./services.ts";
import { rangeShape, stepParam, withRangeAndStep } from "./time.ts";

export const ServicesOverviewQuerySchema = z
  .object({ ...rangeShape, step: stepParam, limit: seriesLimitParam, includeSelf: includeSelfParam })
  // Whole minutes, like /red: a rollup row belongs to exactly one bucket.
  .transform((value, ctx) => withRangeAndStep(value, ctx, RED_MIN_STEP_SECONDS))
  .superRefine((q, ctx) => {
    // The answer holds limit × buckets objects: both are capped before anything is read.
    const buckets = overviewBucketCount(q.range, q.stepSeconds);
    if (buckets > MAX_OVERVIEW_BUCKETS) {
      ctx.addIssue({
        code: "custom",
        path: ["step"],
        message: `gives ${buckets} buckets per service over this range; at most ${MAX_OVERVIEW_BUCKETS} (use a larger step)`,
      });
    } else if (buckets * q.limit > MAX_OVERVIEW_CELLS) {
      ctx.addIssue({
        code: "custom",
        path: ["limit"],
        message: `${q.limit} services × ${buckets} buckets is more than ${MAX_OVERVIEW_CELLS}; lower limit or use a larger step`,
      });
    }
  });
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

/** Buckets per service of an overview: every step-aligned bucket the range touches (store's rateBuckets). */
export function overviewBucketCount(range: { from: number; to: number }, stepSeconds: number): number {
  const stepMs = stepSeconds * 1000;
  return Math.max(1, Math.ceil(range.to / stepMs) - Math.floor(range.from / stepMs));
}

export interface ServicesOverviewResponse {
  stepMs: number;
  /**
   * Services with rollup rows or spans in the range (a service with only client spans has
   * zero requests), busiest first, then by name; at most the request's `limit`.
   */
  services: ServiceOverview[];
  /** More services than `limit`: the least busy are left out. */
  truncated: boolean;
}
