// GET /api/v1/metrics and GET /api/v1/metrics/series
import { z } from "zod";
import { seriesLimitParam } from "./caps.ts";
import { attributeFiltersParam, keyListParam } from "./filters.ts";
import { includeSelfParam } from "./services.ts";
import { rangeShape, stepParam, withRange, withRangeAndStep } from "./time.ts";
import { type AttributeMap, METRIC_AGGS, type MetricAgg, type MetricType } from "./values.ts";

export const MetricsQuerySchema = z.object({ ...rangeShape, includeSelf: includeSelfParam }).transform(withRange);
export type MetricsQuery = z.output<typeof MetricsQuerySchema>;

export const MetricSeriesQuerySchema = z
  .object({
    ...rangeShape,
    metric: z.string({ error: "is required" }).trim().min(1, "is required").max(500),
    agg: z.preprocess((v) => (v === "" ? undefined : v), z.enum(METRIC_AGGS).optional()),
    groupBy: keyListParam,
    filter: attributeFiltersParam,
    step: stepParam,
    limit: seriesLimitParam,
  })
  .transform((value, ctx) => withRangeAndStep(value, ctx, 1));
export type MetricSeriesQuery = z.output<typeof MetricSeriesQuerySchema>;

export interface MetricInfo {
  name: string;
  type: MetricType;
  /** The unit series answers are given in (see MetricSeriesResponse.unit). */
  unit: string;
  /** Every unit the metric's series were sent in, sorted. */
  units: string[];
  description: string;
  /** Services that reported the metric in the range, sorted. */
  services: string[];
  /** Sums only: whether the sum is monotonic (a counter). */
  isMonotonic?: boolean;
}

export interface MetricsResponse {
  /** Sorted by name. */
  metrics: MetricInfo[];
}

/** [epoch ms of the bucket start, value]; value null when it is undefined (e.g. no data). */
export type MetricPoint = [number, number | null];

export interface MetricSeries {
  /** The groupBy keys and their values ("" when a series lacks the key). */
  labels: AttributeMap;
  points: MetricPoint[];
}

export interface MetricExemplar {
  /** Epoch ms (fractional). */
  timestamp: number;
  value: number;
  traceId: string;
  spanId: string;
  /** The groupBy keys of the exemplar's series, so the UI can match it to a series. */
  labels: AttributeMap;
  serviceName: string;
}

export interface MetricSeriesResponse {
  /** Type and aggregation actually used; null type when the metric has no data in range. */
  metric: { name: string; type: MetricType | null; agg: MetricAgg | null };
  /**
   * The UCUM unit every point and exemplar value is expressed in, after converting each series
   * from the unit it was sent in (see units.ts answerUnit); "" when unknown or without data.
   */
  unit: string;
  /** Series left out because their unit does not convert into `unit`, each named; empty when none. */
  warnings: string[];
  stepMs: number;
  /**
   * At most the request's `limit` (fewer when a fine step would put more than MAX_ANSWER_POINTS
   * points in the answer): the series with the highest peak (then by labels); see truncated.
   */
  series: MetricSeries[];
  /** More series matched than `limit`: the others are left out. */
  truncated: boolean;
  /**
   * Point times (bucket starts, ascending, the same for every series) whose bucket covers less
   * than `stepMs` of data: the range's edges cut it, or it holds now and is still filling. Such
   * a bucket's rate is per second of the time it covers; its increase, count or gauge values
   * come from fewer seconds, so charts draw it apart (dashed). Absent or empty: every bucket whole.
   */
  partial?: number[];
  /** At most 500, highest value first (then newest). */
  exemplars: MetricExemplar[];
}
