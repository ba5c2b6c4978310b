// Which metrics exist in a range (names, types, units, services), across the five
// otel_metrics_* tables, and the type of one metric (to choose how to aggregate it). A metric's
// unit is the one its answers are given in (answerUnit over the series of each unit sent).
import {
  answerUnit,
  METRIC_TYPES,
  type MetricInfo,
  type MetricsResponse,
  type MetricType,
  type TimeRange,
} from "@tracelight/contracts";
import { type BoundQuery, join, raw, sql } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { num } from "./numbers.ts";
import { between64 } from "./time-range.ts";

export const METRIC_TABLES: Record<MetricType, string> = {
  gauge: TABLES.gauge,
  sum: TABLES.sum,
  histogram: TABLES.histogram,
  exponential_histogram: TABLES.exponentialHistogram,
  summary: TABLES.summary,
};

/** Per metric name: type, services, points, and the number of series sent in each unit. */
function perTable(type: MetricType, condition: BoundQuery): BoundQuery {
  const monotonic = type === "sum" ? "max(IsMonotonic)" : "0";
  return sql`SELECT name, ${type} AS type, groupArray((unit, series)) AS seriesPerUnit, any(description) AS description,
  arraySort(arrayDistinct(arrayFlatten(groupArray(unitServices)))) AS services, max(monotonic) AS monotonic, sum(unitPoints) AS points
FROM (
  SELECT MetricName AS name, MetricUnit AS unit, uniq(ServiceName, ResourceAttributes, Attributes) AS series,
    any(MetricDescription) AS description, groupUniqArray(toString(ServiceName)) AS unitServices,
    ${raw(monotonic)} AS monotonic, count() AS unitPoints
  FROM ${raw(METRIC_TABLES[type])}
  WHERE ${condition}
  GROUP BY MetricName, MetricUnit
)
GROUP BY name`;
}

export function buildMetricsListQuery(range: TimeRange, metricName?: string): BoundQuery {
  const condition =
    metricName === undefined
      ? between64("TimeUnix", range)
      : sql`MetricName = ${metricName} AND ${between64("TimeUnix", range)}`;
  return sql`SELECT * FROM (${join(
    METRIC_TYPES.map((t) => perTable(t, condition)),
    " UNION ALL ",
  )}) ORDER BY name, points DESC`;
}

interface Row {
  name: string;
  type: MetricType;
  seriesPerUnit: [string, number | string][];
  description: string;
  services: string[];
  monotonic: number | boolean;
  points: number;
}

function toInfo(r: Row): MetricInfo {
  const seriesPerUnit = new Map(r.seriesPerUnit.map(([unit, series]) => [unit, num(series)]));
  const info: MetricInfo = {
    name: r.name,
    type: r.type,
    unit: answerUnit(r.name, seriesPerUnit),
    units: [...seriesPerUnit.keys()].sort(),
    description: r.description,
    services: r.services,
  };
  if (r.type === "sum") info.isMonotonic = Boolean(num(r.monotonic));
  return info;
}

export async function listMetrics(transport: ClickHouseTransport, range: TimeRange): Promise<MetricsResponse> {
  const rows = await transport.query<Row>(buildMetricsListQuery(range));
  return { metrics: rows.map(toInfo) };
}

/** The metric's type in the range (the table with most points when a name is in several), or null. */
export async function findMetric(
  transport: ClickHouseTransport,
  range: TimeRange,
  name: string,
): Promise<MetricInfo | null> {
  const [row] = await transport.query<Row>(buildMetricsListQuery(range, name));
  return row === undefined ? null : toInfo(row);
}
