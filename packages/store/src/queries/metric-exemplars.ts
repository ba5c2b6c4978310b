// Exemplars of a metric in a range, from tracelight_exemplars (one row per exemplar, ordered by
// metric and series). Only exemplars of series that match the request's filters are kept: the
// matching series' fingerprints (cityHash64(ServiceName, Attributes), as the table computes
// them) come from the metric table, which also supplies their group labels (so resource
// attributes work in filters and groupBy, though the exemplar table does not keep them).
import type { AttributeFilter, MetricExemplar } from "@tracelight/contracts";
import { type BoundQuery, join, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, attributeValue, labelsOf, METRIC_ATTRIBUTES, where } from "./attributes.ts";
import { METRIC_TABLES } from "./metric-catalog.ts";
import type { SeriesRequest } from "./metric-series-sql.ts";
import { num } from "./numbers.ts";
import { anyPick, byPick, inBatches, pickColumn } from "./picks.ts";
import { between64, nanosToMs } from "./time-range.ts";

export const MAX_EXEMPLARS = 500;

export type ExemplarRequest = Pick<SeriesRequest, "metric" | "type" | "groupBy" | "filter" | "range">;

export function buildExemplarsQuery(req: ExemplarRequest, limit = MAX_EXEMPLARS): BoundQuery {
  const labels = req.groupBy.map((k, i) => sql`any(${attributeValue(METRIC_ATTRIBUTES, k)}) AS ${raw(`g${i}`)}`);
  const seriesColumns = join([sql`cityHash64(ServiceName, Attributes) AS fp`, ...labels], ", ");
  const labelColumns = req.groupBy.map((_, i) => `, s.g${i} AS g${i}`).join("");
  return sql`WITH series AS (
  SELECT ${seriesColumns}
  FROM ${raw(METRIC_TABLES[req.type])}
  WHERE ${where([sql`MetricName = ${req.metric}`, between64("TimeUnix", req.range), ...attributeFilters(METRIC_ATTRIBUTES, req.filter)])}
  GROUP BY fp
)
SELECT e.tsNs AS tsNs, e.Value AS Value, e.TraceId AS TraceId, e.SpanId AS SpanId, e.ServiceName AS ServiceName${raw(labelColumns)}
FROM (
  SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS tsNs, Timestamp, Value, TraceId, SpanId,
    toString(ServiceName) AS ServiceName, SeriesFingerprint
  FROM ${raw(TABLES.exemplars)}
  WHERE MetricName = ${req.metric} AND MetricType = ${req.type} AND ${between64("Timestamp", req.range)}
    AND SeriesFingerprint IN (SELECT fp FROM series)
  ORDER BY Value DESC, Timestamp DESC
  LIMIT ${typed(limit, "UInt32")}
) AS e
LEFT JOIN series AS s ON e.SeriesFingerprint = s.fp
ORDER BY e.Value DESC, e.Timestamp DESC`;
}

interface Row {
  tsNs: string;
  Value: number;
  TraceId: string;
  SpanId: string;
  ServiceName: string;
  [g: string]: unknown;
}

const toExemplar = (r: Row, groupBy: readonly string[]): MetricExemplar => ({
  timestamp: nanosToMs(r.tsNs),
  value: num(r.Value),
  traceId: r.TraceId,
  spanId: r.SpanId,
  serviceName: r.ServiceName,
  labels: labelsOf(groupBy, r),
});

export async function queryExemplars(transport: ClickHouseTransport, req: ExemplarRequest): Promise<MetricExemplar[]> {
  if (req.type === "summary") return []; // summaries have no exemplars
  const rows = await transport.query<Row>(buildExemplarsQuery(req));
  return rows.map((r) => toExemplar(r, req.groupBy));
}

export type ExemplarBatchRequest = Pick<SeriesRequest, "metric" | "type" | "range">;

/** For each filter set, what buildExemplarsQuery gives without groupBy (picks.ts). */
export function buildExemplarsBatchQuery(
  req: ExemplarBatchRequest,
  filters: readonly (readonly AttributeFilter[])[],
  limit = MAX_EXEMPLARS,
): BoundQuery {
  const conditions = filters.map((f) => attributeFilters(METRIC_ATTRIBUTES, f));
  return sql`WITH series AS (
  SELECT DISTINCT cityHash64(ServiceName, Attributes) AS fp, ${pickColumn(conditions)}
  FROM ${raw(METRIC_TABLES[req.type])}
  WHERE ${where([sql`MetricName = ${req.metric}`, between64("TimeUnix", req.range), anyPick(conditions)])}
)
SELECT s.pick AS pick, e.tsNs AS tsNs, e.Value AS Value, e.TraceId AS TraceId, e.SpanId AS SpanId, e.ServiceName AS ServiceName
FROM (
  SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS tsNs, Timestamp, Value, TraceId, SpanId,
    toString(ServiceName) AS ServiceName, SeriesFingerprint
  FROM ${raw(TABLES.exemplars)}
  WHERE MetricName = ${req.metric} AND MetricType = ${req.type} AND ${between64("Timestamp", req.range)}
    AND SeriesFingerprint IN (SELECT fp FROM series)
) AS e
INNER JOIN series AS s ON e.SeriesFingerprint = s.fp
ORDER BY pick, e.Value DESC, e.Timestamp DESC
LIMIT ${typed(limit, "UInt32")} BY pick`;
}

/** The exemplars of the series each filter set selects, as queryExemplars gives them without groupBy. */
export async function queryExemplarsBatch(
  transport: ClickHouseTransport,
  req: ExemplarBatchRequest,
  filters: readonly (readonly AttributeFilter[])[],
): Promise<MetricExemplar[][]> {
  if (req.type === "summary") return filters.map(() => []);
  return inBatches(filters, async (batch) => {
    const rows = await transport.query<Row & { pick: number }>(buildExemplarsBatchQuery(req, batch));
    return byPick(rows, batch.length, (r) => toExemplar(r, []));
  });
}
