// A metric's series over a range: picks the metric's type, checks the aggregation, runs the
// matching SQL (metric-series-sql.ts) and shapes rows into series of [epochMs, value] points,
// with the exemplars of the matching series, all in the metric's answer unit (metric-units.ts).
import {
  AGGS_BY_TYPE,
  defaultAgg,
  type MetricAgg,
  type MetricSeries,
  type MetricSeriesQuery,
  type MetricSeriesResponse,
} from "@tracelight/contracts";
import type { BoundQuery } from "../sql.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { labelsOf } from "./attributes.ts";
import { QueryInputError } from "./errors.ts";
import { histogramQuantile, mergeHistograms, PERCENTILES } from "./histogram-percentiles.ts";
import { findMetric } from "./metric-catalog.ts";
import { queryExemplars } from "./metric-exemplars.ts";
import { bucketsOf, partialTimes, perCoveredSecond } from "./metric-series-buckets.ts";
import {
  type LimitedSeries,
  limitSeries,
  PEAK_COUNT,
  PEAK_VALUE,
  seriesLimit,
  withinLimit,
} from "./metric-series-limit.ts";
import {
  buildCounterQuery,
  buildCountSumQuery,
  buildHistogramBucketsQuery,
  buildPointAggQuery,
  type SeriesRequest,
  seriesKind,
} from "./metric-series-sql.ts";
import { unitPlan, unitWarnings } from "./metric-units.ts";
import { finiteOrNull, num } from "./numbers.ts";

/** Groups value rows (g0…gN, t, v) into series, points ordered by time. */
export function toSeries(
  req: Pick<SeriesRequest, "groupBy">,
  rows: readonly Record<string, unknown>[],
): MetricSeries[] {
  const byKey = new Map<string, MetricSeries>();
  for (const row of rows) {
    const labels = labelsOf(req.groupBy, row);
    const key = JSON.stringify(req.groupBy.map((k) => labels[k]));
    let series = byKey.get(key);
    if (series === undefined) {
      series = { labels, points: [] };
      byKey.set(key, series);
    }
    series.points.push([num(row.t), finiteOrNull(row.v)]);
  }
  const all = [...byKey.values()];
  for (const s of all) s.points.sort((a, b) => a[0] - b[0]);
  return all.sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
}

/** The request's rows, cut to its limit series (metric-series-limit.ts) when it has one. */
async function limitedRows(
  transport: ClickHouseTransport,
  req: SeriesRequest,
  query: BoundQuery,
  score: string,
): Promise<{ rows: Record<string, unknown>[]; truncated: boolean }> {
  if (req.limit === undefined) return { rows: await transport.query<Record<string, unknown>>(query), truncated: false };
  const rows = await transport.query<Record<string, unknown>>(limitSeries(query, req.groupBy, score, req.limit));
  return withinLimit(rows, req.limit);
}

async function percentileSeries(transport: ClickHouseTransport, req: SeriesRequest): Promise<LimitedSeries> {
  const q = PERCENTILES[req.agg as keyof typeof PERCENTILES];
  const { rows, truncated } = await limitedRows(transport, req, buildHistogramBucketsQuery(req), PEAK_COUNT);
  // Rows come per (labels, t, bounds): merge bound sets of one (labels, t), then interpolate.
  const groups = new Map<string, { row: Record<string, unknown>; parts: { bounds: number[]; counts: number[] }[] }>();
  for (const row of rows) {
    const key = JSON.stringify([req.groupBy.map((_, i) => row[`g${i}`]), row.t]);
    const part = { bounds: (row.bounds as unknown[]).map(num), counts: (row.counts as unknown[]).map(num) };
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { row, parts: [part] });
    else group.parts.push(part);
  }
  const valueRows = [...groups.values()].map(({ row, parts }) => {
    const merged = mergeHistograms(parts);
    return { ...row, v: merged === null ? null : histogramQuantile(q, merged.bounds, merged.counts) };
  });
  return { series: toSeries(req, valueRows), truncated };
}

const BUILDERS = {
  points: buildPointAggQuery,
  counter: buildCounterQuery,
  countSum: buildCountSumQuery,
} as const;

/**
 * Series values of an already resolved request (type and aggregation checked), at most
 * `req.limit` of them when it is set. Rates are per second of each bucket's covered seconds
 * (metric-series-buckets.ts); `nowMs`: data reaches up to here, by default the range's end.
 */
export async function querySeries(
  transport: ClickHouseTransport,
  req: SeriesRequest,
  nowMs = req.range.to,
): Promise<LimitedSeries> {
  const kind = seriesKind(req.type, req.agg);
  if (kind === "buckets") return percentileSeries(transport, req);
  const { rows, truncated } = await limitedRows(transport, req, BUILDERS[kind](req, nowMs), PEAK_VALUE);
  const series = toSeries(req, rows);
  return { series: req.agg === "rate" ? perCoveredSecond(series, bucketsOf(req, nowMs)) : series, truncated };
}

/** `nowMs`: data reaches up to here; a bucket holding it is partial. */
export async function queryMetricSeries(
  transport: ClickHouseTransport,
  q: MetricSeriesQuery,
  nowMs = Date.now(),
): Promise<MetricSeriesResponse> {
  const stepMs = q.stepSeconds * 1000;
  const info = await findMetric(transport, q.range, q.metric);
  if (info === null) {
    const metric = { name: q.metric, type: null, agg: q.agg ?? null };
    return { metric, unit: "", warnings: [], stepMs, series: [], truncated: false, partial: [], exemplars: [] };
  }
  const agg: MetricAgg = q.agg ?? defaultAgg(info.type, info.isMonotonic ?? false);
  const supported = AGGS_BY_TYPE[info.type];
  if (!supported.includes(agg)) {
    throw new QueryInputError(
      "agg",
      `${agg} is not available for ${info.type} metrics; use one of ${supported.join(", ")}`,
    );
  }
  const req: SeriesRequest = {
    metric: q.metric,
    type: info.type,
    agg,
    groupBy: q.groupBy,
    filter: q.filter,
    range: q.range,
    stepSeconds: q.stepSeconds,
    units: unitPlan(info),
    limit: seriesLimit(q),
  };
  const [{ series, truncated }, exemplars, warnings] = await Promise.all([
    querySeries(transport, req, nowMs),
    queryExemplars(transport, req),
    unitWarnings(transport, req, req.units),
  ]);
  const partial = partialTimes(series, bucketsOf(req, nowMs));
  return {
    metric: { name: q.metric, type: info.type, agg },
    unit: info.unit,
    warnings,
    stepMs,
    series,
    truncated,
    partial,
    exemplars,
  };
}
