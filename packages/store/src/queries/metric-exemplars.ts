// Exemplars of a metric in a range, from tracelight_exemplars (one row per exemplar, ordered by
// metric and series). Only exemplars of series that match the request's filters are kept: the
// matching series' fingerprints (cityHash64(ServiceName, Attributes), as the table computes
// them) come from the metric table, which also supplies their group labels (so resource
// attributes work in filters and groupBy, though the exemplar table does not keep them), and
// the factor from the series' unit into the answer unit (metric-units.ts): values are ranked
// after conversion. A series whose unit changed in the range counts in its latest unit.
import type { AttributeFilter, MetricExemplar } from "@tracelight/contracts";
import { type BoundQuery, join, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, attributeValue, labelsOf, METRIC_ATTRIBUTES, where } from "./attributes.ts";
import { METRIC_TABLES } from "./metric-catalog.ts";
import type { SeriesRequest } from "./metric-series-sql.ts";
import { unitConditions, unitFactor } from "./metric-units.ts";
import { num } from "./numbers.ts";
import { anyPick, byPick, inBatches, pickColumn } from "./picks.ts";
import { between64, nanosToMs } from "./time-range.ts";

export const MAX_EXEMPLARS = 500;

export type ExemplarRequest = Pick<SeriesRequest, "metric" | "type" | "groupBy" | "filter" | "range" | "units">;

/** The exemplars of the metric in the range, of the series in `series` (fp, uf), converted. */
function exemplarRows(req: ExemplarBatchRequest, columns: string): BoundQuery {
  return sql`SELECT toString(toUnixTimestamp64Nano(e.Timestamp)) AS tsNs, e.Value * s.uf AS value, e.TraceId AS TraceId,
  e.SpanId AS SpanId, toString(e.ServiceName) AS ServiceName${raw(columns)}
FROM (
  SELECT Timestamp, Value, TraceId, SpanId, ServiceName, SeriesFingerprint
  FROM ${raw(TABLES.exemplars)}
  WHERE MetricName = ${req.metric} AND MetricType = ${req.type} AND ${between64("Timestamp", req.range)}
    AND SeriesFingerprint IN (SELECT fp FROM series)
) AS e
INNER JOIN series AS s ON e.SeriesFingerprint = s.fp`;
}

const seriesConditions = (req: ExemplarBatchRequest) => [
  sql`MetricName = ${req.metric}`,
  between64("TimeUnix", req.range),
  ...unitConditions(req.units),
];
const seriesFactor = (req: ExemplarBatchRequest) => sql`argMax(${unitFactor(req.units)}, TimeUnix) AS uf`;

export function buildExemplarsQuery(req: ExemplarRequest, limit = MAX_EXEMPLARS): BoundQuery {
  const labels = req.groupBy.map((k, i) => sql`any(${attributeValue(METRIC_ATTRIBUTES, k)}) AS ${raw(`g${i}`)}`);
  const seriesColumns = join([sql`cityHash64(ServiceName, Attributes) AS fp`, seriesFactor(req), ...labels], ", ");
  const labelColumns = req.groupBy.map((_, i) => `, s.g${i} AS g${i}`).join("");
  return sql`WITH series AS (
  SELECT ${seriesColumns}
  FROM ${raw(METRIC_TABLES[req.type])}
  WHERE ${where([...seriesConditions(req), ...attributeFilters(METRIC_ATTRIBUTES, req.filter)])}
  GROUP BY fp
)
${exemplarRows(req, labelColumns)}
ORDER BY value DESC, e.Timestamp DESC
LIMIT ${typed(limit, "UInt32")}`;
}

interface Row {
  tsNs: string;
  value: number;
  TraceId: string;
  SpanId: string;
  ServiceName: string;
  [g: string]: unknown;
}

const toExemplar = (r: Row, groupBy: readonly string[]): MetricExemplar => ({
  timestamp: nanosToMs(r.tsNs),
  value: num(r.value),
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

export type ExemplarBatchRequest = Pick<SeriesRequest, "metric" | "type" | "range" | "units">;

/** For each filter set, what buildExemplarsQuery gives without groupBy (picks.ts). */
export function buildExemplarsBatchQuery(
  req: ExemplarBatchRequest,
  filters: readonly (readonly AttributeFilter[])[],
  limit = MAX_EXEMPLARS,
): BoundQuery {
  const conditions = filters.map((f) => attributeFilters(METRIC_ATTRIBUTES, f));
  return sql`WITH series AS (
  SELECT cityHash64(ServiceName, Attributes) AS fp, ${pickColumn(conditions)}, ${seriesFactor(req)}
  FROM ${raw(METRIC_TABLES[req.type])}
  WHERE ${where([...seriesConditions(req), anyPick(conditions)])}
  GROUP BY fp, pick
)
${exemplarRows(req, ", s.pick AS pick")}
ORDER BY pick, value DESC, e.Timestamp DESC
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
