// GET /api/v1/metrics and GET /api/v1/metrics/series
import { z } from "zod";
import { type AttributeMap, attributeFiltersParam, keyListParam } from "./filters.ts";
import { rangeShape, stepParam, withRange, withRangeAndStep } from "./time.ts";

export const METRIC_TYPES = ["gauge", "sum", "histogram", "exponential_histogram", "summary"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export const METRIC_AGGS = [
  "avg",
  "sum",
  "min",
  "max",
  "count",
  "last",
  "rate",
  "increase",
  "p50",
  "p90",
  "p95",
  "p99",
] as const;
export type MetricAgg = (typeof METRIC_AGGS)[number];

/**
 * Aggregations each metric type supports; the first is the default (a monotonic sum defaults
 * to rate, see defaultAgg). Percentiles of exponential histograms are not supported yet.
 */
export const AGGS_BY_TYPE: Record<MetricType, readonly MetricAgg[]> = {
  gauge: ["avg", "sum", "min", "max", "count", "last"],
  sum: ["avg", "sum", "min", "max", "count", "last", "rate", "increase"],
  histogram: ["p99", "p50", "p90", "p95", "avg", "rate", "count"],
  exponential_histogram: ["avg", "rate", "count"],
  summary: ["avg", "rate", "count"],
};

export function defaultAgg(type: MetricType, isMonotonic: boolean): MetricAgg {
  if (type === "sum" && isMonotonic) return "rate";
  return AGGS_BY_TYPE[type][0] ?? "avg";
}

export const MetricsQuerySchema = z.object({ ...rangeShape }).transform(withRange);
export type MetricsQuery = z.output<typeof MetricsQuerySchema>;

export const MetricSeriesQuerySchema = z
  .object({
    ...rangeShape,
    metric: z.string({ error: "is required" }).trim().min(1, "is required").max(500),
    agg: z.preprocess((v) => (v === "" ? undefined : v), z.enum(METRIC_AGGS).optional()),
    groupBy: keyListParam,
    filter: attributeFiltersParam,
    step: stepParam,
  })
  .transform((value, ctx) => withRangeAndStep(value, ctx, 1));
export type MetricSeriesQuery = z.output<typeof MetricSeriesQuerySchema>;

export interface MetricInfo {
  name: string;
  type: MetricType;
  unit: string;
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
  /** Type, unit and aggregation actually used; null type when the metric has no data in range. */
  metric: { name: string; type: MetricType | null; unit: string; agg: MetricAgg | null };
  stepMs: number;
  series: MetricSeries[];
  /** At most 500, highest value first (then newest). */
  exemplars: MetricExemplar[];
}
