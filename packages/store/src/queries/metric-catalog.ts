// Which metrics exist in a range (names, types, units, services), across the five
// otel_metrics_* tables, and the type of one metric (to choose how to aggregate it). A metric's
// unit is the one its answers are given in (answerUnit). Series are counted per unit only for
// the few metrics whose answer depends on it (several units, none the conventional one):
// counting them reads the attribute maps, several times the cost of the list itself.
import {
  answerUnit,
  METRIC_TYPES,
  type MetricInfo,
  type MetricsResponse,
  type MetricType,
  SEMCONV_UNITS,
  type TimeRange,
} from "@tracelight/contracts";
import { type BoundQuery, join, raw, sql } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { num } from "./numbers.ts";
import { selfCondition } from "./services-self.ts";
import { between64 } from "./time-range.ts";

export const METRIC_TABLES: Record<MetricType, string> = {
  gauge: TABLES.gauge,
  sum: TABLES.sum,
  histogram: TABLES.histogram,
  exponential_histogram: TABLES.exponentialHistogram,
  summary: TABLES.summary,
};

function perTable(type: MetricType, condition: BoundQuery): BoundQuery {
  const monotonic = type === "sum" ? "max(IsMonotonic)" : "0";
  return sql`SELECT MetricName AS name, ${type} AS type, arraySort(groupUniqArray(MetricUnit)) AS units, any(MetricDescription) AS description,
  arraySort(groupUniqArray(toString(ServiceName))) AS services, ${raw(monotonic)} AS monotonic, count() AS points
FROM ${raw(METRIC_TABLES[type])}
WHERE ${condition}
GROUP BY MetricName`;
}

/** A named metric is looked up whoever sends it; the catalogue leaves Tracelight's own out unless `includeSelf`. */
export function buildMetricsListQuery(range: TimeRange, metricName?: string, includeSelf = false): BoundQuery {
  const condition =
    metricName === undefined
      ? sql`${between64("TimeUnix", range)} AND ${selfCondition(includeSelf)}`
      : sql`MetricName = ${metricName} AND ${between64("TimeUnix", range)}`;
  return sql`SELECT * FROM (${join(
    METRIC_TYPES.map((t) => perTable(t, condition)),
    " UNION ALL ",
  )}) ORDER BY name, points DESC`;
}

interface Row {
  name: string;
  type: MetricType;
  units: string[];
  description: string;
  services: string[];
  monotonic: number | boolean;
  points: number;
}

/** Series per unit as if one each: enough wherever the counts do not change the answer. */
const onePerUnit = (r: Row) => new Map(r.units.map((u) => [u, 1]));
const countsMatter = (r: Row) => r.units.length > 1 && answerUnit(r.name, onePerUnit(r)) !== SEMCONV_UNITS[r.name];

/** Series per unit of each row whose answer unit depends on them, keyed by type and name. */
async function seriesPerUnit(
  transport: ClickHouseTransport,
  range: TimeRange,
  rows: readonly Row[],
): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const type of METRIC_TYPES) {
    const some = rows.filter((r) => r.type === type && countsMatter(r));
    if (some.length === 0) continue;
    const counts = await transport.query<{ name: string; unit: string; series: number | string }>(
      sql`SELECT MetricName AS name, MetricUnit AS unit, uniq(cityHash64(ServiceName, ResourceAttributes, Attributes)) AS series
FROM ${raw(METRIC_TABLES[type])}
WHERE MetricName IN ${some.map((r) => r.name)} AND ${between64("TimeUnix", range)}
GROUP BY MetricName, MetricUnit`,
    );
    for (const c of counts) {
      const key = `${type}/${c.name}`;
      out.set(key, (out.get(key) ?? new Map()).set(c.unit, num(c.series)));
    }
  }
  return out;
}

async function toInfos(transport: ClickHouseTransport, range: TimeRange, rows: readonly Row[]): Promise<MetricInfo[]> {
  const counted = await seriesPerUnit(transport, range, rows);
  return rows.map((r) => {
    const info: MetricInfo = {
      name: r.name,
      type: r.type,
      unit: answerUnit(r.name, counted.get(`${r.type}/${r.name}`) ?? onePerUnit(r)),
      units: r.units,
      description: r.description,
      services: r.services,
    };
    if (r.type === "sum") info.isMonotonic = Boolean(num(r.monotonic));
    return info;
  });
}

export async function listMetrics(
  transport: ClickHouseTransport,
  range: TimeRange,
  includeSelf = false,
): Promise<MetricsResponse> {
  const rows = await transport.query<Row>(buildMetricsListQuery(range, undefined, includeSelf));
  return { metrics: await toInfos(transport, range, rows) };
}

/** The metric's type in the range (the table with most points when a name is in several), or null. */
export async function findMetric(
  transport: ClickHouseTransport,
  range: TimeRange,
  name: string,
): Promise<MetricInfo | null> {
  const [row] = await transport.query<Row>(buildMetricsListQuery(range, name));
  return row === undefined ? null : ((await toInfos(transport, range, [row]))[0] ?? null);
}
