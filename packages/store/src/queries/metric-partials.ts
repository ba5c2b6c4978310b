// Partial aggregates of every series of one metric over one window, in one query: what all
// alert rules on that metric, value kind and window need. No filters, no grouping: each rule
// then picks, groups and merges the series in TypeScript (metric-partials-merge.ts) into the
// value its own query (metric-series-sql.ts) gives. Cumulative series become per-point
// increases exactly as there (DELTAS, the same look-back), and values are in the same answer
// unit (metric-units.ts).
import type { AttributeMap, MetricType } from "@tracelight/contracts";
import { type BoundQuery, join, raw, sql } from "../sql.ts";
import type { ClickHouseTransport } from "../transport.ts";
import type { SeriesAttributes } from "./attributes.ts";
import type { BucketedHistogram } from "./histogram-percentiles.ts";
import { METRIC_TABLES } from "./metric-catalog.ts";
import {
  CONVERTED_BOUNDS,
  DELTAS,
  LAST_VALUE,
  lookbackMs,
  SERIES_FINGERPRINT,
  type SeriesKind,
  startedInRange,
  unitFactorColumn,
  windowed,
} from "./metric-series-sql.ts";
import { convertedValue, type UnitPlan, unitConditions } from "./metric-units.ts";
import { num } from "./numbers.ts";
import { METRIC_TIME, within64 } from "./time-range.ts";

export interface PartialsRequest {
  metric: string;
  type: MetricType;
  kind: SeriesKind;
  units: UnitPlan;
  /** The window [from, to), epoch ms. */
  range: { from: number; to: number };
}

/** Gauges and sums read as values: the points of the series in the window. */
export interface PointsPartial extends SeriesAttributes {
  sum: number;
  count: number;
  min: number;
  max: number;
  /** The latest point (the highest value of those at that instant) and its time (ns). */
  last: number;
  lastNs: bigint;
}
export interface CounterPartial extends SeriesAttributes {
  /** Sum of the per-point increases. */
  delta: number;
}
export interface CountSumPartial extends SeriesAttributes {
  dCount: number;
  dSum: number;
}
/** One series and bound set: the per-bucket increases. */
export type BucketsPartial = SeriesAttributes & BucketedHistogram;

export type MetricPartials = { range: PartialsRequest["range"] } & (
  | { kind: "points"; series: PointsPartial[] }
  | { kind: "counter"; series: CounterPartial[] }
  | { kind: "countSum"; series: CountSumPartial[] }
  | { kind: "buckets"; series: BucketsPartial[] }
);

const SERIES =
  "any(toString(ServiceName)) AS service, any(ResourceAttributes) AS resource, any(Attributes) AS attributes";

/** Per series, what any aggregation of the kind needs. */
const PARTIALS: Record<SeriesKind, string> = {
  points:
    "sum(Value) AS sum, count() AS count, min(Value) AS min, max(Value) AS max, " +
    `${LAST_VALUE} AS last, toString(toUnixTimestamp64Nano(max(${METRIC_TIME}))) AS lastNs`,
  counter: "sum(d * uf) AS delta",
  countSum: "sum(dCount) AS dCount, sum(dSum * uf) AS dSum",
  buckets: `${CONVERTED_BOUNDS} AS bounds, sumForEach(dBuckets) AS counts`,
};

export function buildMetricPartialsQuery(req: PartialsRequest): BoundQuery {
  const { from, to } = req.range;
  const table = raw(METRIC_TABLES[req.type]);
  const rows = (fromMs: number) =>
    join(
      [sql`MetricName = ${req.metric}`, within64("TimeUnix", { from: fromMs, to }), ...unitConditions(req.units)],
      " AND ",
    );
  // Each series with points in the window: its attributes, and `partials` of those points.
  const perSeries = (partials: string) =>
    sql`SELECT ${raw([`${SERIES_FINGERPRINT} AS fp`, SERIES, partials].filter(Boolean).join(", "))}
FROM ${table}
WHERE ${rows(from)}
GROUP BY fp`;
  if (req.kind === "points") {
    return sql`SELECT ${raw(`fp, ${SERIES}, ${PARTIALS.points}`)} FROM (
  SELECT ${raw(`${SERIES_FINGERPRINT} AS fp`)}, ServiceName, ResourceAttributes, Attributes, TimeUnix, ${convertedValue(req.units)}
  FROM ${table}
  WHERE ${rows(from)}
) GROUP BY fp`;
  }
  // Increases per series from the window function over the fingerprint alone, joined to the
  // series' attributes: carried through the window's sort, the attribute maps cost more than
  // a second read of them.
  const deltas = DELTAS[req.kind];
  const source = windowed(
    req.type,
    [`${SERIES_FINGERPRINT} AS fp`, unitFactorColumn(req.units), startedInRange(from)],
    rows(from - lookbackMs((to - from) / 1000)),
    deltas.columns,
  );
  return sql`SELECT * FROM (
  SELECT ${raw(`fp, ${PARTIALS[req.kind]}`)} FROM (
    SELECT ${raw(["fp", ...deltas.select].join(", "))}
    FROM (${source})
    WHERE ${within64("TimeUnix", req.range)}
  ) GROUP BY ${raw(req.kind === "buckets" ? "fp, bounds" : "fp")}
) AS d
INNER JOIN (${perSeries("")}) AS s USING (fp)`;
}

export async function queryMetricPartials(
  transport: ClickHouseTransport,
  req: PartialsRequest,
): Promise<MetricPartials> {
  const rows = await transport.query<Record<string, unknown>>(buildMetricPartialsQuery(req));
  const identity = (r: Record<string, unknown>): SeriesAttributes => ({
    service: String(r.service),
    resource: r.resource as AttributeMap,
    attributes: r.attributes as AttributeMap,
  });
  const { range } = req;
  switch (req.kind) {
    case "points":
      return {
        range,
        kind: "points",
        series: rows.map((r) => ({
          ...identity(r),
          sum: num(r.sum),
          count: num(r.count),
          min: num(r.min),
          max: num(r.max),
          last: num(r.last),
          lastNs: BigInt(r.lastNs as string),
        })),
      };
    case "counter":
      return { range, kind: "counter", series: rows.map((r) => ({ ...identity(r), delta: num(r.delta) })) };
    case "countSum":
      return {
        range,
        kind: "countSum",
        series: rows.map((r) => ({ ...identity(r), dCount: num(r.dCount), dSum: num(r.dSum) })),
      };
    case "buckets":
      return {
        range,
        kind: "buckets",
        series: rows.map((r) => ({
          ...identity(r),
          bounds: (r.bounds as unknown[]).map(num),
          counts: (r.counts as unknown[]).map(num),
        })),
      };
  }
}
