// GET /api/v1/logs/histogram — log counts per time bucket and severity range, with the same
// filters as /logs (so its total matches what /logs finds over the same range).
import { z } from "zod";
import { logFilterShape } from "./logs.ts";
import { rangeShape, stepParam, withRangeAndStep } from "./time.ts";
import type { LogHistogramSeverity } from "./values.ts";

export const LogHistogramQuerySchema = z
  .object({ ...rangeShape, ...logFilterShape, step: stepParam })
  .transform((value, ctx) => withRangeAndStep(value, ctx, 1));
export type LogHistogramQuery = z.output<typeof LogHistogramQuerySchema>;

export interface LogHistogramSeries {
  severity: LogHistogramSeverity;
  /** [bucket start epoch ms, log count]; every bucket of the range, oldest first. */
  points: [number, number][];
}

export interface LogHistogramResponse {
  /**
   * Bucket width. With a trace ID and no explicit range the buckets cover the window /logs
   * searches (the trace's bounds ± 5 minutes), and the step is sized to that window.
   */
  stepMs: number;
  /** All logs counted (the sum of every point). */
  total: number;
  /** Only severities that have logs, in LOG_HISTOGRAM_SEVERITIES order. */
  series: LogHistogramSeries[];
}
