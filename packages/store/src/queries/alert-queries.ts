// Reads the alert evaluator needs besides metric series: log counts per group and time bucket
// (log-count rules and their preview), the logs of given traces, and the slowest spans of a
// window (evidence when a metric has no exemplars).
import type { AttributeFilter, LogFilters, LogRecord, MetricSeries } from "@tracelight/contracts";
import { SERVICE_NAME_KEY } from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, groupColumns, groupNames, LOG_ATTRIBUTES, SPAN_ATTRIBUTES, where } from "./attributes.ts";
import { type LogRecordColumns, toLogRecord } from "./log-record.ts";
import { buildLogsQuery, type LogWindow, logConditions } from "./logs.ts";
import { toSeries } from "./metric-series.ts";
import { num } from "./numbers.ts";
import { between64, nanosText, nanosToMs } from "./time-range.ts";

export interface LogCountRequest {
  filters: LogFilters;
  groupBy: readonly string[];
  range: LogWindow;
  stepSeconds: number;
  /** Buckets start here (epoch ms); default multiples of the step since the epoch. */
  originMs?: number;
}

export function buildLogCountQuery(req: LogCountRequest): BoundQuery {
  const stepMs = typed(req.stepSeconds * 1000, "Int64");
  const origin = typed(Math.floor(req.originMs ?? 0), "Int64");
  const groups = req.groupBy.length === 0 ? sql`` : sql`${groupColumns(LOG_ATTRIBUTES, req.groupBy)}, `;
  return sql`SELECT ${groups}intDiv(toUnixTimestamp64Milli(Timestamp) - ${origin}, ${stepMs}) * ${stepMs} + ${origin} AS t,
  toFloat64(count()) AS v
FROM ${raw(TABLES.logs)}
WHERE ${where(logConditions(req.filters, req.range))}
GROUP BY ${raw(groupNames(req.groupBy))}t
ORDER BY t`;
}

/** Matching log records per group and bucket; buckets without logs are absent (the caller fills 0). */
export async function queryLogCounts(transport: ClickHouseTransport, req: LogCountRequest): Promise<MetricSeries[]> {
  return toSeries(req, await transport.query<Record<string, unknown>>(buildLogCountQuery(req)));
}

/** The newest matching log records of a window. */
export async function queryRecentLogs(
  transport: ClickHouseTransport,
  filters: LogFilters,
  window: LogWindow,
  limit: number,
): Promise<LogRecord[]> {
  const query = buildLogsQuery({ ...filters, limit, range: { ...window, explicit: true } }, window);
  const rows = await transport.query<LogRecordColumns & { tsNs: string }>(query);
  return rows.map((r) => toLogRecord(r, r.tsNs));
}

/** Up to `perTrace` records of each trace (most severe first, then oldest), `limit` in all. */
export async function queryLogsOfTraces(
  transport: ClickHouseTransport,
  traceIds: readonly string[],
  window: LogWindow,
  perTrace: number,
  limit: number,
): Promise<LogRecord[]> {
  if (traceIds.length === 0) return [];
  const rows = await transport.query<LogRecordColumns & { tsNs: string }>(
    sql`SELECT ${nanosText("Timestamp")} AS tsNs, SeverityText, SeverityNumber, Body, ServiceName, TraceId, SpanId,
  LogAttributes, ResourceAttributes
FROM ${raw(TABLES.logs)}
WHERE ${where([...logConditions({ attr: [] }, window), sql`TraceId IN ${traceIds}`])}
ORDER BY SeverityNumber DESC, Timestamp ASC
LIMIT ${typed(perTrace, "UInt32")} BY TraceId
LIMIT ${typed(limit, "UInt32")}`,
  );
  return rows.map((r) => toLogRecord(r, r.tsNs));
}

export interface SpanRef {
  traceId: string;
  spanId: string;
  timestamp: number;
  durationMs: number;
  serviceName: string;
  spanName: string;
  isError: boolean;
}

/**
 * The slowest spans matching span-level filters in a window (errors first). Filters on
 * `service.name` use the ServiceName column; others the span and resource attributes.
 */
export async function querySlowestSpans(
  transport: ClickHouseTransport,
  filters: readonly AttributeFilter[],
  window: LogWindow,
  limit: number,
): Promise<SpanRef[]> {
  const service = filters.filter((f) => f.key === SERVICE_NAME_KEY);
  const others = filters.filter((f) => f.key !== SERVICE_NAME_KEY);
  const rows = await transport.query<{
    TraceId: string;
    SpanId: string;
    tsNs: string;
    Duration: number | string;
    ServiceName: string;
    SpanName: string;
    StatusCode: string;
  }>(sql`SELECT TraceId, SpanId, ${nanosText("Timestamp")} AS tsNs, Duration, ServiceName, SpanName, StatusCode
FROM ${raw(TABLES.traces)}
WHERE ${where([
    between64("Timestamp", window),
    ...service.map((f) => (f.op === "=" ? sql`ServiceName = ${f.value}` : sql`ServiceName != ${f.value}`)),
    ...attributeFilters(SPAN_ATTRIBUTES, others),
  ])}
ORDER BY StatusCode = 'Error' DESC, Duration DESC
LIMIT ${typed(limit, "UInt32")}`);
  return rows.map((r) => ({
    traceId: r.TraceId,
    spanId: r.SpanId,
    timestamp: nanosToMs(r.tsNs),
    durationMs: num(r.Duration) / 1e6,
    serviceName: r.ServiceName,
    spanName: r.SpanName,
    isError: r.StatusCode === "Error",
  }));
}
