// Log search, newest first. With a trace ID (the filter or one the query requires) and no
// explicit range the range is the trace's bounds ± 5 minutes; a trace with no spans (logs only)
// falls back to the TraceId bloom filter over the last 30 days (still bounded, ordered and limited).
import { type LogFilters, type LogsQuery, type LogsResponse, SEVERITY_MIN_NUMBER } from "@tracelight/contracts";
import { profileOf, type SchemaProfile } from "../schema-profile.ts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, LOG_ATTRIBUTES, where } from "./attributes.ts";
import { type LogRecordColumns, toLogRecord } from "./log-record.ts";
import { requiredTraceId, searchCondition } from "./search-condition.ts";
import { serviceCondition } from "./services-self.ts";
import { between64, betweenSeconds, nanosText } from "./time-range.ts";
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

/**
 * The WHERE conditions of a log search over a window: shared by search, histogram (and, in
 * JS, live tail's matching in log-match.ts), so they all select the same logs.
 */
export function logConditions(f: LogFilters, window: LogWindow, profile: SchemaProfile): BoundQuery[] {
  return [...logWindowConditions(window, profile), ...logFilterConditions(f)];
}

/** Records within the window. */
export function logWindowConditions(window: LogWindow, profile: SchemaProfile): BoundQuery[] {
  // TimestampTime, where the table has it, is its primary and partition key; Timestamp gives ms
  // precision (and is the key of the exporter's layout without TimestampTime).
  const precise = between64("Timestamp", window);
  return profile.logsTimestampTime ? [betweenSeconds("TimestampTime", window), precise] : [precise];
}

/** Records matching the filters, at any time. */
export function logFilterConditions(f: LogFilters): BoundQuery[] {
  const c: BoundQuery[] = [];
  if (f.traceId !== undefined) c.push(sql`TraceId = ${f.traceId}`);
  if (f.spanId !== undefined) c.push(sql`SpanId = ${f.spanId}`);
  // Tracelight's own warnings (service tracelight) only when that service is asked for.
  c.push(serviceCondition(f.service ?? []));
  if (f.severity !== undefined) c.push(sql`SeverityNumber >= ${typed(SEVERITY_MIN_NUMBER[f.severity], "UInt8")}`);
  const search = searchCondition(f.q, "logs");
  if (search !== null) c.push(search);
  c.push(...attributeFilters(LOG_ATTRIBUTES, f.attr));
  return c;
}

export function buildLogsQuery(
  q: LogFilters & Pick<LogsQuery, "limit">,
  window: LogWindow,
  profile: SchemaProfile,
): BoundQuery {
  return sql`SELECT ${nanosText("Timestamp")} AS tsNs, SeverityText, SeverityNumber, Body, ServiceName, TraceId, SpanId,
  LogAttributes, ResourceAttributes
FROM ${raw(TABLES.logs)}
WHERE ${where(logConditions(q, window, profile))}
ORDER BY Timestamp DESC
LIMIT ${typed(q.limit, "UInt32")}`;
}

interface Row extends LogRecordColumns {
  tsNs: string;
}

/**
 * The range, or for a trace ID (the filter, or one the search query requires) without an
 * explicit range the trace's window.
 */
export async function resolveLogWindow(
  transport: ClickHouseTransport,
  q: Pick<LogsQuery, "traceId" | "range" | "q">,
): Promise<LogWindow> {
  const traceId = q.traceId ?? requiredTraceId(q.q);
  if (traceId === undefined || q.range.explicit) return { from: q.range.from, to: q.range.to };
  const bounds = await findTraceBounds(transport, traceId);
  return bounds === null ? traceIdOnlyWindow(q.range.to) : traceWindow(bounds);
}

export async function searchLogs(transport: ClickHouseTransport, q: LogsQuery): Promise<LogsResponse> {
  const window = await resolveLogWindow(transport, q);
  const rows = await transport.query<Row>(buildLogsQuery(q, window, await profileOf(transport)));
  return { logs: rows.map((r) => toLogRecord(r, r.tsNs)) };
}
