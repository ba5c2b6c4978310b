// Reads the alert evaluator needs besides metric series: log counts per group and time bucket
// (log-count rules and their preview), and for evidence the newest matching logs, the logs of
// given traces and the slowest spans of a window (when a metric has no exemplars): each for one
// request, and for many in one query (…Batch, picks.ts) as the evaluator reads them per cycle.
import type { AttributeFilter, LogFilters, LogRecord, MetricSeries } from "@tracelight/contracts";
import { profileOf, type SchemaProfile } from "../schema-profile.ts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, groupColumns, groupNames, LOG_ATTRIBUTES, SPAN_ATTRIBUTES, where } from "./attributes.ts";
import { type LogRecordColumns, toLogRecord } from "./log-record.ts";
import { buildLogsQuery, type LogWindow, logConditions, logFilterConditions, logWindowConditions } from "./logs.ts";
import { toSeries } from "./metric-series.ts";
import { type LimitedSeries, limitSeries, PEAK_VALUE, withinLimit } from "./metric-series-limit.ts";
import { num } from "./numbers.ts";
import { anyPick, byPick, inBatches, pickColumn } from "./picks.ts";
import { IS_ERROR } from "./span-enums.ts";
import { between64, nanosText, nanosToMs } from "./time-range.ts";

export interface LogCountRequest {
  filters: LogFilters;
  groupBy: readonly string[];
  range: LogWindow;
  stepSeconds: number;
  /** Buckets start here (epoch ms); default multiples of the step since the epoch. */
  originMs?: number;
}

export function buildLogCountQuery(req: LogCountRequest, profile: SchemaProfile): BoundQuery {
  const stepMs = typed(req.stepSeconds * 1000, "Int64");
  const origin = typed(Math.floor(req.originMs ?? 0), "Int64");
  const groups = req.groupBy.length === 0 ? sql`` : sql`${groupColumns(LOG_ATTRIBUTES, req.groupBy)}, `;
  return sql`SELECT ${groups}intDiv(toUnixTimestamp64Milli(Timestamp) - ${origin}, ${stepMs}) * ${stepMs} + ${origin} AS t,
  toFloat64(count()) AS v
FROM ${raw(TABLES.logs)}
WHERE ${where(logConditions(req.filters, req.range, profile))}
GROUP BY ${raw(groupNames(req.groupBy))}t
ORDER BY t`;
}

/** Matching log records per group and bucket; buckets without logs are absent (the caller fills 0). */
export async function queryLogCounts(transport: ClickHouseTransport, req: LogCountRequest): Promise<MetricSeries[]> {
  return toSeries(
    req,
    await transport.query<Record<string, unknown>>(buildLogCountQuery(req, await profileOf(transport))),
  );
}

/** queryLogCounts of the `limit` groups with the most logs in one bucket (metric-series-limit.ts). */
export async function queryLogCountsLimited(
  transport: ClickHouseTransport,
  req: LogCountRequest,
  limit: number,
): Promise<LimitedSeries> {
  const query = limitSeries(buildLogCountQuery(req, await profileOf(transport)), req.groupBy, PEAK_VALUE, limit);
  const { rows, truncated } = withinLimit(await transport.query<Record<string, unknown>>(query), limit);
  return { series: toSeries(req, rows), truncated };
}

const LOG_RECORD = raw(
  `${nanosText("Timestamp").text} AS tsNs, SeverityText, SeverityNumber, Body, ServiceName, TraceId, SpanId, LogAttributes, ResourceAttributes`,
);
type LogRecordRow = LogRecordColumns & { tsNs: string };
const toRecord = (r: LogRecordRow) => toLogRecord(r, r.tsNs);

/** The newest matching log records of a window. */
export async function queryRecentLogs(
  transport: ClickHouseTransport,
  filters: LogFilters,
  window: LogWindow,
  limit: number,
): Promise<LogRecord[]> {
  const query = buildLogsQuery({ ...filters, limit }, window, await profileOf(transport));
  return (await transport.query<LogRecordRow>(query)).map(toRecord);
}

/** For each of the filters, what queryRecentLogs gives. */
export async function queryRecentLogsBatch(
  transport: ClickHouseTransport,
  filters: readonly LogFilters[],
  window: LogWindow,
  limit: number,
): Promise<LogRecord[][]> {
  const profile = await profileOf(transport);
  return inBatches(filters, async (batch) => {
    const conditions = batch.map(logFilterConditions);
    const rows = await transport.query<
      LogRecordRow & { pick: number }
    >(sql`SELECT ${pickColumn(conditions)}, ${LOG_RECORD}
FROM ${raw(TABLES.logs)}
WHERE ${where([...logWindowConditions(window, profile), anyPick(conditions)])}
ORDER BY pick, Timestamp DESC
LIMIT ${typed(limit, "UInt32")} BY pick`);
    return byPick(rows, batch.length, toRecord);
  });
}

/** Most severe first, then oldest. */
const TRACE_LOGS_FIRST = raw("SeverityNumber DESC, Timestamp ASC");

/** Up to `perTrace` records of each trace (most severe first, then oldest), `limit` in all. */
export async function queryLogsOfTraces(
  transport: ClickHouseTransport,
  traceIds: readonly string[],
  window: LogWindow,
  perTrace: number,
  limit: number,
): Promise<LogRecord[]> {
  if (traceIds.length === 0) return [];
  const profile = await profileOf(transport);
  const rows = await transport.query<LogRecordRow>(
    sql`SELECT ${LOG_RECORD}
FROM ${raw(TABLES.logs)}
WHERE ${where([...logWindowConditions(window, profile), sql`TraceId IN ${traceIds}`])}
ORDER BY ${TRACE_LOGS_FIRST}
LIMIT ${typed(perTrace, "UInt32")} BY TraceId
LIMIT ${typed(limit, "UInt32")}`,
  );
  return rows.map(toRecord);
}

export interface TraceLogsRequest {
  traceIds: readonly string[];
  window: LogWindow;
}

/** For each request, what queryLogsOfTraces gives. */
export async function queryLogsOfTracesBatch(
  transport: ClickHouseTransport,
  requests: readonly TraceLogsRequest[],
  perTrace: number,
  limit: number,
): Promise<LogRecord[][]> {
  const profile = await profileOf(transport);
  return inBatches(requests, async (batch) => {
    const traceIds = [...new Set(batch.flatMap((r) => r.traceIds))];
    if (traceIds.length === 0) return batch.map(() => []);
    const conditions = batch.map((r) =>
      r.traceIds.length === 0 ? [sql`0`] : [sql`TraceId IN ${r.traceIds}`, ...logWindowConditions(r.window, profile)],
    );
    const all = {
      from: batch.reduce((m, r) => Math.min(m, r.window.from), Number.POSITIVE_INFINITY),
      to: batch.reduce((m, r) => Math.max(m, r.window.to), Number.NEGATIVE_INFINITY),
    };
    const rows = await transport.query<LogRecordRow & { pick: number }>(sql`SELECT * FROM (
  SELECT ${pickColumn(conditions)}, ${LOG_RECORD}, Timestamp
  FROM ${raw(TABLES.logs)}
  WHERE ${where([...logWindowConditions(all, profile), sql`TraceId IN ${traceIds}`])}
  ORDER BY pick, ${TRACE_LOGS_FIRST}
  LIMIT ${typed(perTrace, "UInt32")} BY pick, TraceId
)
ORDER BY pick, ${TRACE_LOGS_FIRST}
LIMIT ${typed(limit, "UInt32")} BY pick`);
    return byPick(rows, batch.length, toRecord);
  });
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

/** Span-level filters: `service.name` on the ServiceName column, others on the span and resource attributes. */
const spanFilterConditions = (filters: readonly AttributeFilter[]): BoundQuery[] =>
  attributeFilters(SPAN_ATTRIBUTES, filters);

const SPAN_REF = raw(
  `TraceId, SpanId, ${nanosText("Timestamp").text} AS tsNs, Duration, ServiceName, SpanName, ${IS_ERROR} AS isError`,
);
/** Errors first, then the slowest; equal ones by ID, so which are chosen does not depend on how rows were read. */
const SLOWEST_FIRST = raw(`${IS_ERROR} DESC, Duration DESC, TraceId, SpanId`);

interface SpanRefRow {
  TraceId: string;
  SpanId: string;
  tsNs: string;
  Duration: number | string;
  ServiceName: string;
  SpanName: string;
  isError: number | boolean;
}

const toSpanRef = (r: SpanRefRow): SpanRef => ({
  traceId: r.TraceId,
  spanId: r.SpanId,
  timestamp: nanosToMs(r.tsNs),
  durationMs: num(r.Duration) / 1e6,
  serviceName: r.ServiceName,
  spanName: r.SpanName,
  isError: Boolean(num(r.isError)),
});

/** The slowest spans matching span-level filters in a window (errors first). */
export async function querySlowestSpans(
  transport: ClickHouseTransport,
  filters: readonly AttributeFilter[],
  window: LogWindow,
  limit: number,
): Promise<SpanRef[]> {
  const rows = await transport.query<SpanRefRow>(sql`SELECT ${SPAN_REF}
FROM ${raw(TABLES.traces)}
WHERE ${where([between64("Timestamp", window), ...spanFilterConditions(filters)])}
ORDER BY ${SLOWEST_FIRST}
LIMIT ${typed(limit, "UInt32")}`);
  return rows.map(toSpanRef);
}

/** For each of the filter sets, what querySlowestSpans gives. */
export async function querySlowestSpansBatch(
  transport: ClickHouseTransport,
  filters: readonly (readonly AttributeFilter[])[],
  window: LogWindow,
  limit: number,
): Promise<SpanRef[][]> {
  return inBatches(filters, async (batch) => {
    const conditions = batch.map(spanFilterConditions);
    const rows = await transport.query<SpanRefRow & { pick: number }>(sql`SELECT ${pickColumn(conditions)}, ${SPAN_REF}
FROM ${raw(TABLES.traces)}
WHERE ${where([between64("Timestamp", window), anyPick(conditions)])}
ORDER BY pick, ${SLOWEST_FIRST}
LIMIT ${typed(limit, "UInt32")} BY pick`);
    return byPick(rows, batch.length, toSpanRef);
  });
}
