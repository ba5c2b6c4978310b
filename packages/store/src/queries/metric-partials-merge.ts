// One rule's values from the per-series partials of its metric and window (metric-partials.ts):
// the series its filters select, grouped by its group keys, merged into the value its own query
// (metric-series-sql.ts, one bucket over the window) gives. Pure.
import { type AttributeFilter, type AttributeMap, type MetricAgg, SERVICE_NAME_KEY } from "@tracelight/contracts";
import { attributeValueOf, compileAttributeFilters, type SeriesAttributes } from "./attributes.ts";
import { histogramQuantile, isPercentile, mergeHistograms, PERCENTILES } from "./histogram-percentiles.ts";
import type {
  BucketsPartial,
  CounterPartial,
  CountSumPartial,
  MetricPartials,
  PointsPartial,
} from "./metric-partials.ts";
import { finiteOrNull } from "./numbers.ts";

export interface PartialsQuery {
  agg: MetricAgg;
  filter: readonly AttributeFilter[];
  groupBy: readonly string[];
}

/** One group's value; null where the query's value is not a finite number (as toSeries reads it). */
export interface GroupValue {
  labels: AttributeMap;
  value: number | null;
}

const sum = <T>(items: readonly T[], f: (item: T) => number) => items.reduce((a, item) => a + f(item), 0);

function pointsValue(agg: MetricAgg, series: readonly PointsPartial[]): number | null {
  switch (agg) {
    case "avg":
      return sum(series, (s) => s.sum) / sum(series, (s) => s.count);
    case "sum":
      // Each series' mean, as buildPointAggQuery sums them.
      return sum(series, (s) => s.sum / s.count);
    case "min":
      // reduce, not Math.min(...): a rule over a metric with >125 k series overflows a spread.
      return series.reduce((m, s) => Math.min(m, s.min), Number.POSITIVE_INFINITY);
    case "max":
      return series.reduce((m, s) => Math.max(m, s.max), Number.NEGATIVE_INFINITY);
    case "count":
      return sum(series, (s) => s.count);
    case "last": {
      // The latest point; of points at the same instant, the highest (LAST_VALUE).
      const later = (a: PointsPartial, b: PointsPartial) =>
        a.lastNs > b.lastNs || (a.lastNs === b.lastNs && a.last > b.last);
      return series.reduce<PointsPartial | null>((l, s) => (l === null || later(s, l) ? s : l), null)?.last ?? null;
    }
    default:
      throw new Error(`no point aggregation ${agg}`);
  }
}

function counterValue(agg: MetricAgg, series: readonly CounterPartial[], seconds: number): number {
  const increase = sum(series, (s) => s.delta);
  return agg === "rate" ? increase / seconds : increase;
}

function countSumValue(agg: MetricAgg, series: readonly CountSumPartial[], seconds: number): number {
  const count = sum(series, (s) => s.dCount);
  if (agg === "avg") return sum(series, (s) => s.dSum) / count;
  return agg === "rate" ? count / seconds : count;
}

function bucketsValue(agg: MetricAgg, series: readonly BucketsPartial[]): number | null {
  if (!isPercentile(agg)) throw new Error(`${agg} is not a percentile`);
  const merged = mergeHistograms(series);
  return merged === null ? null : histogramQuantile(PERCENTILES[agg], merged.bounds, merged.counts);
}

/** Series by ServiceName, built once per read: most rules filter on one service. */
const byService = new WeakMap<readonly SeriesAttributes[], Map<string, SeriesAttributes[]>>();

/** The series filters can select: those of the services they name (any of them), if they name any. */
function candidates<S extends SeriesAttributes>(
  series: readonly S[],
  filters: readonly AttributeFilter[],
): readonly S[] {
  const services = new Set(filters.filter((f) => f.key === SERVICE_NAME_KEY && f.op === "=").map((f) => f.value));
  if (services.size === 0) return series;
  let index = byService.get(series);
  if (index === undefined) {
    index = new Map();
    for (const s of series) {
      const same = index.get(s.service);
      if (same === undefined) index.set(s.service, [s]);
      else same.push(s);
    }
    byService.set(series, index);
  }
  return [...services].flatMap((s) => index.get(s) ?? []) as S[];
}

/** The series `query` selects, by the labels of its group keys. */
function groups<S extends SeriesAttributes>(series: readonly S[], query: PartialsQuery) {
  const byKey = new Map<string, { labels: AttributeMap; series: S[] }>();
  const selected = compileAttributeFilters(query.filter);
  for (const s of series) {
    if (!selected(s.service, s.attributes, s.resource)) continue;
    const values = query.groupBy.map((k) => attributeValueOf(s.service, s.attributes, s.resource, k));
    const key = values.length === 0 ? "" : JSON.stringify(values);
    const group = byKey.get(key);
    if (group !== undefined) group.series.push(s);
    else byKey.set(key, { labels: Object.fromEntries(query.groupBy.map((k, i) => [k, values[i]!])), series: [s] });
  }
  return [...byKey.values()];
}

/** The query's value per group (a group without points in the window is absent), ordered as toSeries orders them. */
export function mergePartials(partials: MetricPartials, query: PartialsQuery): GroupValue[] {
  const seconds = (partials.range.to - partials.range.from) / 1000;
  const valued = <S extends SeriesAttributes>(series: readonly S[], value: (group: S[]) => number | null) =>
    groups(candidates(series, query.filter), query).map((g) => ({
      labels: g.labels,
      value: finiteOrNull(value(g.series)),
    }));
  let out: GroupValue[];
  switch (partials.kind) {
    case "points":
      out = valued(partials.series, (g) => pointsValue(query.agg, g));
      break;
    case "counter":
      out = valued(partials.series, (g) => counterValue(query.agg, g, seconds));
      break;
    case "countSum":
      out = valued(partials.series, (g) => countSumValue(query.agg, g, seconds));
      break;
    case "buckets":
      out = valued(partials.series, (g) => bucketsValue(query.agg, g));
      break;
  }
  return out.sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
}
