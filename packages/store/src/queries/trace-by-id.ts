// One trace with all its spans: bounds first (trace-bounds.ts), then spans with TraceId and
// that narrow time filter, so the cost does not grow with the time range or the table.
// Bounds are compared as DateTime64: chDB 26.7 prunes wrongly when a DateTime64 column is
// compared with a DateTime value (`Timestamp < toDateTime(x)` lost rows in tests).
import type { Span, TraceResponse } from "@tracelight/contracts";
import { profileOf, type SchemaProfile } from "../schema-profile.ts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { num } from "./numbers.ts";
import { SPAN_KIND, STATUS_CODE } from "./span-enums.ts";
import { nanosText, nanosToMs } from "./time-range.ts";
import { findTraceBounds, type TraceBounds } from "./trace-bounds.ts";

/** Spans returned for one trace at most (a runaway trace must not exhaust memory). */
export const MAX_TRACE_SPANS = 50_000;

/** Spans of the 2023 exporter have their scope in attributes, not columns. */
const SCOPE_IN_ATTRIBUTES =
  "SpanAttributes['otel.scope.name'] AS ScopeName, SpanAttributes['otel.scope.version'] AS ScopeVersion";

export function buildTraceSpansQuery(traceId: string, bounds: TraceBounds, profile: SchemaProfile): BoundQuery {
  const scope = raw(profile.tracesScope ? "ScopeName, ScopeVersion" : SCOPE_IN_ATTRIBUTES);
  return sql`SELECT SpanId, ParentSpanId, SpanName, ServiceName, ${raw(SPAN_KIND)} AS SpanKind,
  ${nanosText("Timestamp")} AS StartNs, Duration, ${raw(STATUS_CODE)} AS StatusCode, StatusMessage, TraceState, ${scope},
  SpanAttributes, ResourceAttributes,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS EventTimes,
  Events.Name AS EventNames, Events.Attributes AS EventAttributes,
  Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds, Links.TraceState AS LinkTraceStates,
  Links.Attributes AS LinkAttributes
FROM ${raw(TABLES.traces)}
WHERE TraceId = ${traceId}
  AND Timestamp >= fromUnixTimestamp64Milli(${typed(bounds.startS * 1000, "Int64")})
  AND Timestamp < fromUnixTimestamp64Milli(${typed((bounds.endS + 1) * 1000, "Int64")})
ORDER BY Timestamp, SpanId
LIMIT ${typed(MAX_TRACE_SPANS, "UInt32")}`;
}

export interface SpanResultRow {
  SpanId: string;
  ParentSpanId: string;
  SpanName: string;
  ServiceName: string;
  SpanKind: string;
  StartNs: string;
  Duration: number | string;
  StatusCode: string;
  StatusMessage: string;
  TraceState: string;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Record<string, string>;
  ResourceAttributes: Record<string, string>;
  EventTimes: string[];
  EventNames: string[];
  EventAttributes: Record<string, string>[];
  LinkTraceIds: string[];
  LinkSpanIds: string[];
  LinkTraceStates: string[];
  LinkAttributes: Record<string, string>[];
}

export function toSpan(r: SpanResultRow): Span {
  return {
    spanId: r.SpanId,
    parentSpanId: r.ParentSpanId,
    name: r.SpanName,
    serviceName: r.ServiceName,
    kind: r.SpanKind,
    startTime: nanosToMs(r.StartNs),
    startTimeUnixNano: r.StartNs,
    durationNs: num(r.Duration),
    statusCode: r.StatusCode,
    statusMessage: r.StatusMessage,
    traceState: r.TraceState,
    scopeName: r.ScopeName,
    scopeVersion: r.ScopeVersion,
    attributes: r.SpanAttributes,
    resourceAttributes: r.ResourceAttributes,
    events: r.EventTimes.map((ns, i) => ({
      timestamp: nanosToMs(ns),
      timeUnixNano: ns,
      name: r.EventNames[i] ?? "",
      attributes: r.EventAttributes[i] ?? {},
    })),
    links: r.LinkTraceIds.map((traceId, i) => ({
      traceId,
      spanId: r.LinkSpanIds[i] ?? "",
      traceState: r.LinkTraceStates[i] ?? "",
      attributes: r.LinkAttributes[i] ?? {},
    })),
  };
}

/** The trace, or null when no span of it is stored. */
export async function queryTraceById(transport: ClickHouseTransport, traceId: string): Promise<TraceResponse | null> {
  const bounds = await findTraceBounds(transport, traceId);
  if (bounds === null) return null;
  const rows = await transport.query<SpanResultRow>(buildTraceSpansQuery(traceId, bounds, await profileOf(transport)));
  if (rows.length === 0) return null;
  const spans = rows.map(toSpan);
  let startNs = BigInt(rows[0]!.StartNs);
  let endNs = 0n;
  for (const r of rows) {
    const start = BigInt(r.StartNs);
    if (start < startNs) startNs = start;
    const end = start + BigInt(r.Duration);
    if (end > endNs) endNs = end;
  }
  return {
    traceId,
    startTime: nanosToMs(startNs.toString()),
    endTime: nanosToMs(endNs.toString()),
    spans,
  };
}
