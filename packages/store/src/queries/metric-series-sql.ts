// SQL for metric series: per (group labels, time bucket) one value. Cumulative series are
// turned into per-point deltas per series (window over a series fingerprint, with a look-back
// so the first bucket has a baseline); a point without one (a series' first, or the first after
// a drop) counts from its StartTimeUnix when that lies in the range. Delta temporality points
// are used as they are. The alert evaluator's per-series partials
// (metric-partials.ts) use the same per-point increases (DELTAS) and look-back. Values are read
// in the request's answer unit (metric-units.ts): each row's unit factor `uf` is applied to
// values, sums and bucket bounds, never to counts.
import type { AttributeFilter, MetricAgg, MetricType, TimeRange } from "@tracelight/contracts";
import { type BoundQuery, join, raw, sql, typed } from "../sql.ts";
import { attributeFilters, attributeValue, METRIC_ATTRIBUTES, where } from "./attributes.ts";
import { isPercentile } from "./histogram-percentiles.ts";
import { METRIC_TABLES } from "./metric-catalog.ts";
import { convertedValue, type UnitPlan, unitConditions, unitFactor } from "./metric-units.ts";
import { rangeCoverage } from "./rate-coverage.ts";
import { between64, METRIC_TIME } from "./time-range.ts";

export interface SeriesRequest {
  metric: string;
  type: MetricType;
  agg: MetricAgg;
  groupBy: readonly string[];
  filter: readonly AttributeFilter[];
  range: Pick<TimeRange, "from" | "to">;
  stepSeconds: number;
  /** The answer unit and each sent unit's factor into it (unitPlan). */
  units: UnitPlan;
  /** Buckets start at this instant (epoch ms) instead of at multiples of the step since the epoch. */
  originMs?: number;
  /** Most series answered (metric-series-limit.ts); none: every series (the alert evaluator's reads). */
  limit?: number;
}

/** One series of one metric: same service, resource, attributes and unit (a unit change starts a new series). */
export const SERIES_FINGERPRINT = "cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit)";
/** How far before `from` a cumulative series is read to find the first bucket's baseline. */
export const CUMULATIVE_LOOKBACK_MS = 5 * 60_000;

const groupSelect = (keys: readonly string[]): BoundQuery[] =>
  keys.map((k, i) => sql`${attributeValue(METRIC_ATTRIBUTES, k)} AS ${raw(`g${i}`)}`);
const groupList = (keys: readonly string[]): string[] => keys.map((_, i) => `g${i}`);
const list = (items: readonly (BoundQuery | string)[]): BoundQuery =>
  join(
    items.map((i) => (typeof i === "string" ? sql`${raw(i)}` : i)),
    ", ",
  );

function bucket(req: SeriesRequest): BoundQuery {
  const stepMs = typed(req.stepSeconds * 1000, "Int64");
  if (req.originMs === undefined)
    return sql`intDiv(toUnixTimestamp64Milli(${raw(METRIC_TIME)}), ${stepMs}) * ${stepMs}`;
  const origin = typed(Math.floor(req.originMs), "Int64");
  return sql`intDiv(toUnixTimestamp64Milli(${raw(METRIC_TIME)}) - ${origin}, ${stepMs}) * ${stepMs} + ${origin}`;
}

function pointConditions(req: SeriesRequest, from: number): BoundQuery {
  return where([
    sql`MetricName = ${req.metric}`,
    between64("TimeUnix", { from, to: req.range.to }),
    ...unitConditions(req.units),
    ...attributeFilters(METRIC_ATTRIBUTES, req.filter),
  ]);
}

/** How a (type, aggregation) is computed: points as values, counter deltas, Count/Sum deltas, or bucket deltas. */
export type SeriesKind = "points" | "counter" | "countSum" | "buckets";

export function seriesKind(type: MetricType, agg: MetricAgg): SeriesKind {
  if (isPercentile(agg)) return "buckets";
  if (type === "gauge" || (type === "sum" && agg !== "rate" && agg !== "increase")) return "points";
  return type === "sum" ? "counter" : "countSum";
}

/** The point of a bucket with the latest time; of points at the same instant (series sent together), the highest value. */
export const LAST_VALUE = "argMax(Value, (TimeUnix, Value))";

const POINT_AGGS: Partial<Record<MetricAgg, string>> = {
  avg: "avg(Value)",
  min: "min(Value)",
  max: "max(Value)",
  count: "toFloat64(count())",
  last: LAST_VALUE,
};

/** Gauges (and sums read as values): avg|min|max|count|last of points, or sum over series. */
export function buildPointAggQuery(req: SeriesRequest): BoundQuery {
  const g = groupList(req.groupBy);
  const source = sql`SELECT ${list([...groupSelect(req.groupBy), sql`${bucket(req)} AS t`, `${SERIES_FINGERPRINT} AS fp`, "TimeUnix", convertedValue(req.units)])}
  FROM ${raw(METRIC_TABLES[req.type])}
  WHERE ${pointConditions(req, req.range.from)}`;
  if (req.agg === "sum") {
    // Sum across series of each series' mean in the bucket (a series sending twice per bucket counts once).
    return sql`SELECT ${list([...g, "t", "sum(v) AS v"])} FROM (
  SELECT ${list([...g, "t", "avg(Value) AS v"])} FROM (${source}) GROUP BY ${list([...g, "t", "fp"])}
) GROUP BY ${list([...g, "t"])} ORDER BY t`;
  }
  const agg = POINT_AGGS[req.agg];
  if (agg === undefined) throw new Error(`no point aggregation ${req.agg}`);
  return sql`SELECT ${list([...g, "t", `${agg} AS v`])} FROM (${source}) GROUP BY ${list([...g, "t"])} ORDER BY t`;
}

/** Summaries carry no temporality column: OTLP summaries are cumulative. */
const temporalityOf = (type: MetricType) => (type === "summary" ? "2" : "AggregationTemporality");

/**
 * Per-point rows of `type`'s table with the previous point of the same series (lagInFrame) and
 * the row number, after the `keys` columns.
 */
export function windowed(
  type: MetricType,
  keys: readonly (BoundQuery | string)[],
  conditions: BoundQuery,
  columns: readonly string[],
): BoundQuery {
  const lags = columns.map((c) => `lagInFrame(${c}) OVER w AS prev${c}`);
  return sql`SELECT ${list([...keys, "TimeUnix", `${temporalityOf(type)} AS temporality`, ...columns, ...lags, "row_number() OVER w AS rn"])}
  FROM ${raw(METRIC_TABLES[type])}
  WHERE ${conditions}
  WINDOW w AS (PARTITION BY ${raw(SERIES_FINGERPRINT)} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)`;
}

/** A cumulative series is read from this long before a window, so its first point there has a baseline. */
export const lookbackMs = (stepSeconds: number): number => Math.max(CUMULATIVE_LOOKBACK_MS, stepSeconds * 1000);

const COUNT_RESET = "(rn = 1 OR Count < prevCount)";
const BUCKETS_RESET = "(rn = 1 OR Count < prevCount OR ExplicitBounds != prevExplicitBounds)";

/**
 * Per-point increases over `windowed` rows, by kind: the columns it reads and the expressions
 * it selects, in the unit sent (the caller applies the unit factor `uf`, constant per series).
 * Delta temporality points count as they are. A cumulative point without a baseline (a
 * series' first row read, or a drop: a reset) counts its whole value when its run started in
 * the range (`startedInRange`), and nothing otherwise.
 */
export const DELTAS = {
  counter: {
    columns: ["Value"],
    select: [
      "uf",
      "if(temporality = 1, Value, if(rn = 1 OR Value < prevValue, if(fresh, Value, 0), Value - prevValue)) AS d",
    ],
  },
  countSum: {
    columns: ["Count", "Sum"],
    select: [
      "uf",
      `if(temporality = 1, toFloat64(Count), if(${COUNT_RESET}, if(fresh, toFloat64(Count), 0), toFloat64(Count) - toFloat64(prevCount))) AS dCount`,
      `if(temporality = 1, Sum, if(${COUNT_RESET}, if(fresh, Sum, 0), Sum - prevSum)) AS dSum`,
    ],
  },
  buckets: {
    columns: ["Count", "BucketCounts", "ExplicitBounds"],
    select: [
      "ExplicitBounds",
      "uf",
      `if(temporality = 1, BucketCounts, if(${BUCKETS_RESET}, if(fresh, BucketCounts, arrayMap(x -> toUInt64(0), BucketCounts)), arrayMap((c, p) -> if(c >= p, toUInt64(c - p), toUInt64(0)), BucketCounts, arrayResize(prevBucketCounts, length(BucketCounts), toUInt64(0))))) AS dBuckets`,
    ],
  },
} as const satisfies Record<Exclude<SeriesKind, "points">, { columns: readonly string[]; select: readonly string[] }>;

/** The row's factor into the answer unit, as `windowed` keys carry it for DELTAS. */
export const unitFactorColumn = (units: UnitPlan): BoundQuery => sql`${unitFactor(units)} AS uf`;

/**
 * Whether the row's run started in a range from `from` (a `windowed` key for DELTAS): then its
 * cumulative value is all increase within the range. A start equal to the point's time is a
 * true reset point (OTel data model: a baseline whose history is unknown), not an increase.
 */
export const startedInRange = (from: number): BoundQuery =>
  sql`StartTimeUnix >= fromUnixTimestamp64Milli(${typed(Math.floor(from), "Int64")}) AND StartTimeUnix < TimeUnix AS fresh`;

/** A cumulative point whose increase starts over (a drop below the previous point). */
const RESETS: Record<"counter" | "countSum", string> = {
  counter: "Value < prevValue",
  countSum: "Count < prevCount",
};

/**
 * The seconds a point's increase was counted over: since the previous point of its series.
 * NULL (the whole increase in its bucket, as before) for a series' first point read and a
 * cumulative reset, whose start says nothing reliable: delta senders often stamp their process
 * start as every point's StartTimeUnix.
 */
const coveredSeconds = (kind: "counter" | "countSum") =>
  `if(rn = 1 OR (temporality != 1 AND ${RESETS[kind]}), NULL, dateDiff('millisecond', prevTime, TimeUnix) / 1000) AS coveredS`;

/**
 * The seconds of bucket `t` that hold data (what querySeries divides its rate by,
 * metric-series-buckets.ts): a step, less where the range starts inside the bucket or where
 * the data ends (`nowMs`) inside it.
 */
function bucketSeconds(req: SeriesRequest, nowMs: number): BoundQuery {
  const { startMs, dataEndMs } = rangeCoverage({ from: req.range.from, to: req.range.to + 1 }, nowMs);
  const stepMs = typed(req.stepSeconds * 1000, "Int64");
  return sql`greatest(0, least(t + ${stepMs}, ${typed(Math.floor(dataEndMs), "Int64")}) - greatest(t, ${typed(Math.floor(startMs), "Int64")})) / 1000`;
}

/**
 * A rate bucket's share of a point's increase: all of it when the point counted over at most
 * the bucket's seconds, else the bucket's seconds' worth. An SDK exporting every 10 s charted
 * at a 1 s step puts each 10 s increase in one bucket; divided by that bucket's second it read
 * 10× the rate. The same held for the bucket still filling: 1 s into it, an export of the last
 * 10 s read as 10× the rate (a demo's 8/s charted as 119/s at the right edge).
 */
const rateShare = (req: SeriesRequest, nowMs: number): BoundQuery => {
  const seconds = bucketSeconds(req, nowMs);
  return sql`if(coveredS IS NULL OR coveredS <= ${seconds}, 1, ${seconds} / coveredS)`;
};

/** The request's per-point increases (g0…gN, t, then DELTAS[kind] and, for rates, coveredS), from `from` on. */
function deltaRows(req: SeriesRequest, kind: keyof typeof DELTAS): BoundQuery {
  const lookback = pointConditions(req, req.range.from - lookbackMs(req.stepSeconds));
  const rated = kind !== "buckets";
  const keys = [
    ...groupSelect(req.groupBy),
    unitFactorColumn(req.units),
    startedInRange(req.range.from),
    ...(rated ? ["lagInFrame(TimeUnix) OVER w AS prevTime"] : []),
  ];
  const select = [...DELTAS[kind].select, ...(rated ? [coveredSeconds(kind)] : [])];
  return sql`SELECT ${list([...groupList(req.groupBy), sql`${bucket(req)} AS t`, ...select])}
  FROM (${windowed(req.type, keys, lookback, DELTAS[kind].columns)})
  WHERE TimeUnix >= fromUnixTimestamp64Milli(${typed(Math.floor(req.range.from), "Int64")})`;
}

/**
 * Monotonic sums: the increase per bucket, summed over series. A rate is that increase over
 * the bucket's covered seconds, which querySeries divides by (rate-coverage.ts).
 */
export function buildCounterQuery(req: SeriesRequest, nowMs = req.range.to): BoundQuery {
  const g = groupList(req.groupBy);
  const v = req.agg === "rate" ? sql`sum(d * uf * ${rateShare(req, nowMs)}) AS v` : "sum(d * uf) AS v";
  return sql`SELECT ${list([...g, "t", v])} FROM (
  ${deltaRows(req, "counter")}
) GROUP BY ${list([...g, "t"])} ORDER BY t`;
}

/**
 * Histograms, exponential histograms, summaries: avg (Sum/Count), or the increase of Count for
 * count and rate (querySeries divides a rate by the bucket's covered seconds, as for counters).
 */
export function buildCountSumQuery(req: SeriesRequest, nowMs = req.range.to): BoundQuery {
  const g = groupList(req.groupBy);
  const v =
    req.agg === "avg"
      ? "sum(dSum * uf) / sum(dCount) AS v"
      : req.agg === "rate"
        ? sql`sum(dCount * ${rateShare(req, nowMs)}) AS v`
        : "toFloat64(sum(dCount)) AS v";
  return sql`SELECT ${list([...g, "t", v])} FROM (
  ${deltaRows(req, "countSum")}
) GROUP BY ${list([...g, "t"])} ORDER BY t`;
}

/** The bounds of a bucket row in the answer unit: series sent in ms and in s then merge as one histogram. */
export const CONVERTED_BOUNDS = "arrayMap(b -> b * uf, ExplicitBounds)";

/** Explicit-bucket histograms: per-bucket count deltas summed per (labels, bucket, bounds in the answer unit). */
export function buildHistogramBucketsQuery(req: SeriesRequest): BoundQuery {
  const g = groupList(req.groupBy);
  return sql`SELECT ${list([...g, "t", `${CONVERTED_BOUNDS} AS bounds`, "sumForEach(dBuckets) AS counts"])} FROM (
  ${deltaRows(req, "buckets")}
) GROUP BY ${list([...g, "t", "bounds"])} ORDER BY t`;
}
