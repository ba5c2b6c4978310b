// The metric panels' figures from /metrics/series answers: every query's series together in the
// first answer's unit (scaled like the explorer's), one number per series for stat, bar and
// table, and a stat's threshold colour. Pure.
import type { MetricSeriesResponse } from "@tracelight/contracts";
import { buildSeriesModel, MAX_SERIES, type SeriesModel } from "../metrics/series-model.ts";
import { displayUnit, scaleValues } from "../metrics/units.ts";

export type Reduce = "last" | "min" | "max" | "avg" | "sum";

export interface MetricPanelModel {
  model: SeriesModel;
  exemplars: MetricSeriesResponse["exemplars"];
  unit: string;
  label: string;
  max: number;
}

export function groupByOf(query: Record<string, string | string[]> | undefined): string[] {
  const value = query?.groupBy ?? [];
  return (Array.isArray(value) ? value : [value]).flatMap((s) => s.split(",")).filter((s) => s !== "");
}

export function metricPanelModel(
  answers: readonly MetricSeriesResponse[],
  groupBy: readonly string[],
  limit = MAX_SERIES,
): MetricPanelModel | undefined {
  const first = answers[0];
  if (first === undefined) return undefined;
  const series = answers.flatMap((a) => a.series);
  const exemplars = answers.flatMap((a) => a.exemplars);
  const scaled = scaleValues(series, exemplars, displayUnit(first.unit, first.metric.agg, first.metric.type));
  const model = buildSeriesModel(scaled.series, groupBy, first.metric.name, limit, first.partial);
  return { model, exemplars: [...scaled.exemplars], unit: scaled.unit, label: scaled.label, max: scaled.max };
}

export function reduce(points: readonly (readonly [number, number | null])[], how: Reduce = "last"): number | null {
  const values = points.map(([, v]) => v).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  switch (how) {
    case "last":
      return values[values.length - 1] ?? null;
    case "min":
      return Math.min(...values);
    case "max":
      return Math.max(...values);
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "avg":
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

/** The colour of the highest threshold the value reaches (thresholds ascending). */
export function thresholdColor(
  value: number | null,
  thresholds: readonly { value: number; color: string }[] = [],
): string | undefined {
  if (value === null) return undefined;
  let color: string | undefined;
  for (const t of [...thresholds].sort((a, b) => a.value - b.value)) if (value >= t.value) color = t.color;
  return color;
}

interface LineLike {
  type?: string;
  id?: string;
  data?: unknown;
  lineStyle?: { type?: string };
}

/**
 * A timeseries panel's `stacked` option: each line (not exemplar dots, not the highlight) stacked
 * and filled. Whole and partial (dashed) buckets stack apart, as the partial buckets fall at the
 * same times for every series; exemplar dots stay at their own value.
 */
export function stackLines<O extends { series: readonly unknown[] }>(option: O): O {
  const stack = (s: LineLike) =>
    s.type !== "line" || s.id !== undefined
      ? s
      : { ...s, stack: s.lineStyle?.type === "dashed" ? "partial" : "whole", areaStyle: { opacity: 0.3 } };
  return { ...option, series: option.series.map((s) => stack(s as LineLike)) };
}
