// Log search, newest first. With a trace ID and no explicit range the range is the trace's
// bounds ± 5 minutes; a trace with no spans (logs only) falls back to the TraceId bloom filter
// over the last 30 days (still bounded, ordered and limited).
import { type LogRecord, type LogsQuery, type LogsResponse, SEVERITY_MIN_NUMBER } from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, LOG_ATTRIBUTES, where } from "./attributes.ts";
import { bodyHasAllWords } from "./log-text.ts";
import { num } from "./numbers.ts";
import { between64, betweenSeconds, nanosText, nanosToMs } from "./time-range.ts";
import { findTraceBounds, type TraceBounds } from "./trace-bounds.ts";

/** Logs of a trace are looked for this long before its first and after its last span. */
export const TRACE_LOG_PADDING_MS = 5 * 60_000;

/** How far back the logs of a trace with no spans are looked for (by the TraceId bloom filter). */
export const TRACE_ID_ONLY_LOOKBACK_MS = 30 * 86_400_000;
/** …and how far ahead of now (clocks of senders run fast). */
export const TRACE_ID_ONLY_LOOKAHEAD_MS = 3_600_000;

/** Epoch ms, inclusive. */
export interface LogWindow {
  from: number;
  to: number;
}

export function traceWindow(bounds: TraceBounds): LogWindow {
  return {
    from: bounds.startS * 1000 - TRACE_LOG_PADDING_MS,
    to: (bounds.endS + 1) * 1000 + TRACE_LOG_PADDING_MS,
  };
}

export function traceIdOnlyWindow(now: number): LogWindow {
  return { from: now - TRACE_ID_ONLY_LOOKBACK_MS, to: now + TRACE_ID_ONLY_LOOKAHEAD_MS };
}

export function buildLogsQuery(q: LogsQuery, window: LogWindow): BoundQuery {
  // TimestampTime is in the primary key and the partition key; Timestamp gives ms precision.
  const c: BoundQuery[] = [betweenSeconds("TimestampTime", window), between64("Timestamp", window)];
  if (q.traceId !== undefined) c.push(sql`TraceId = ${q.traceId}`);
  if (q.spanId !== undefined) c.push(sql`SpanId = ${q.spanId}`);
  if (q.service !== undefined) c.push(sql`ServiceName = ${q.service}`);
  if (q.severity !== undefined) c.push(sql`SeverityNumber >= ${typed(SEVERITY_MIN_NUMBER[q.severity], "UInt8")}`);
  const text = q.q === undefined ? null : bodyHasAllWords(q.q);
  if (text !== null) c.push(text);
  c.push(...attributeFilters(LOG_ATTRIBUTES, q.attr));
  return sql`SELECT ${nanosText("Timestamp")} AS tsNs, SeverityText, SeverityNumber, Body, ServiceName, TraceId, SpanId,
  LogAttributes, ResourceAttributes
FROM ${raw(TABLES.logs)}
WHERE ${where(c)}
ORDER BY Timestamp DESC
LIMIT ${typed(q.limit, "UInt32")}`;
}

interface Row {
  tsNs: string;
  SeverityText: string;
  SeverityNumber: number;
  Body: string;
  ServiceName: string;
  TraceId: string;
  SpanId: string;
  LogAttributes: Record<string, string>;
  ResourceAttributes: Record<string, string>;
}

function toLog(r: Row): LogRecord {
  return {
    timestamp: nanosToMs(r.tsNs),
    timestampUnixNano: r.tsNs,
    severityText: r.SeverityText,
    severityNumber: num(r.SeverityNumber),
    body: r.Body,
    serviceName: r.ServiceName,
    traceId: r.TraceId,
    spanId: r.SpanId,
    attributes: r.LogAttributes,
    resourceAttributes: r.ResourceAttributes,
  };
}

export async function resolveLogWindow(transport: ClickHouseTransport, q: LogsQuery): Promise<LogWindow> {
  if (q.traceId === undefined || q.range.explicit) return { from: q.range.from, to: q.range.to };
  const bounds = await findTraceBounds(transport, q.traceId);
  return bounds === null ? traceIdOnlyWindow(q.range.to) : traceWindow(bounds);
}

export async function searchLogs(transport: ClickHouseTransport, q: LogsQuery): Promise<LogsResponse> {
  const window = await resolveLogWindow(transport, q);
  const rows = await transport.query<Row>(buildLogsQuery(q, window));
  return { logs: rows.map(toLog) };
}
