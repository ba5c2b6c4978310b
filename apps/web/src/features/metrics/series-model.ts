// Turns a series response into what the chart and the table show: at most MAX_SERIES lines
// with names, colours and summary stats, and each exemplar matched (by labels) to its line so
// the dot takes the line's colour. Pure.
import type { AttributeMap, MetricExemplar, MetricSeries } from "@tracelight/contracts";

/** Lines drawn at most; more is unreadable and slow. The rest are left out with a notice. */
export const MAX_SERIES = 20;

/** Distinct enough on light and dark backgrounds; the first eight are the chart theme's. */
export const SERIES_COLORS = [
  "#3b82f6",
  "#f59e0b",
  "#10b981",
  "#a855f7",
  "#ef4444",
  "#06b6d4",
  "#84cc16",
  "#ec4899",
  "#6366f1",
  "#f97316",
  "#14b8a6",
  "#d946ef",
  "#eab308",
  "#0ea5e9",
  "#22c55e",
  "#f43f5e",
  "#8b5cf6",
  "#78716c",
  "#fb7185",
  "#65a30d",
] as const;

/** Dots whose series is not drawn (left out by the cap). */
export const UNMATCHED_COLOR = "#94a3b8";

export interface SeriesStats {
  last: number | null;
  min: number | null;
  max: number | null;
  avg: number | null;
}

export interface SeriesView {
  key: string;
  name: string;
  labels: AttributeMap;
  points: [number, number | null][];
  /** Per point: its bucket covers less than a step (the response's `partial`), drawn dashed. */
  partial: boolean[];
  color: string;
  stats: SeriesStats;
}

export interface SeriesModel {
  series: SeriesView[];
  /** Series in the response; more than series.length when capped. */
  total: number;
}

/** Identity of a series from its labels, independent of key order. */
export function seriesKey(labels: AttributeMap): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

/** Legend name: the label values in groupBy order, or the metric's name without a group-by. */
export function seriesName(labels: AttributeMap, groupBy: readonly string[], metric: string): string {
  const keys = groupBy.length > 0 ? groupBy.filter((k) => k in labels) : Object.keys(labels);
  if (keys.length === 0) return metric;
  return keys.map((k) => (labels[k] === "" || labels[k] === undefined ? "(none)" : labels[k])).join(" · ");
}

export function summaryStats(points: readonly (readonly [number, number | null])[]): SeriesStats {
  let last: number | null = null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let n = 0;
  for (const [, v] of points) {
    if (v === null || !Number.isFinite(v)) continue;
    last = v;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  if (n === 0) return { last: null, min: null, max: null, avg: null };
  return { last, min, max, avg: sum / n };
}

/**
 * The lines to draw: all series when there are at most `max`, else the `max` with the highest
 * average (kept in the response's order, so colours follow that order). `partialTimes`: the
 * response's `partial` point times.
 */
export function buildSeriesModel(
  series: readonly MetricSeries[],
  groupBy: readonly string[],
  metric: string,
  max = MAX_SERIES,
  partialTimes: readonly number[] = [],
): SeriesModel {
  const partial = new Set(partialTimes);
  const withStats = series.map((s, index) => ({ s, index, stats: summaryStats(s.points) }));
  let kept = withStats;
  if (withStats.length > max) {
    const top = [...withStats]
      .sort((a, b) => (b.stats.avg ?? Number.NEGATIVE_INFINITY) - (a.stats.avg ?? Number.NEGATIVE_INFINITY))
      .slice(0, max);
    kept = top.sort((a, b) => a.index - b.index);
  }
  return {
    total: series.length,
    series: kept.map(({ s, stats }, i) => ({
      key: seriesKey(s.labels),
      name: seriesName(s.labels, groupBy, metric),
      labels: s.labels,
      points: s.points,
      partial: s.points.map(([t]) => partial.has(t)),
      color: SERIES_COLORS[i % SERIES_COLORS.length] ?? UNMATCHED_COLOR,
      stats,
    })),
  };
}

export interface ExemplarGroup {
  /** The line the dots belong to; undefined for dots whose series is not drawn. */
  series: SeriesView | undefined;
  color: string;
  exemplars: MetricExemplar[];
}

/** Exemplars grouped by the drawn series whose labels they carry, in series order. */
export function groupExemplars(exemplars: readonly MetricExemplar[], series: readonly SeriesView[]): ExemplarGroup[] {
  const byKey = new Map(series.map((s) => [s.key, { series: s, color: s.color, exemplars: [] as MetricExemplar[] }]));
  const unmatched: ExemplarGroup = { series: undefined, color: UNMATCHED_COLOR, exemplars: [] };
  for (const e of exemplars) (byKey.get(seriesKey(e.labels)) ?? unmatched).exemplars.push(e);
  return [...byKey.values(), unmatched].filter((g) => g.exemplars.length > 0);
}
