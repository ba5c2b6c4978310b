// RowBinary for otel_traces. Events and Links are Nested columns, sent as parallel arrays.
import type { SpanRow } from "@tracelight/otlp";
import { TABLES } from "../tables.ts";
import { ByteWriter } from "./byte-writer.ts";
import { type EncodedRows, initialCapacity, nonNegative } from "./encoded.ts";

export const SPAN_COLUMNS = [
  "Timestamp",
  "TraceId",
  "SpanId",
  "ParentSpanId",
  "TraceState",
  "SpanName",
  "SpanKind",
  "ServiceName",
  "ResourceAttributes",
  "ScopeName",
  "ScopeVersion",
  "SpanAttributes",
  "Duration",
  "StatusCode",
  "StatusMessage",
  "Events.Timestamp",
  "Events.Name",
  "Events.Attributes",
  "Links.TraceId",
  "Links.SpanId",
  "Links.TraceState",
  "Links.Attributes",
] as const;

export function encodeSpans(rows: readonly SpanRow[]): EncodedRows {
  const w = new ByteWriter(initialCapacity(rows.length, 512));
  for (const r of rows) {
    w.int64(r.Timestamp);
    w.string(r.TraceId);
    w.string(r.SpanId);
    w.string(r.ParentSpanId);
    w.string(r.TraceState);
    w.string(r.SpanName);
    w.string(r.SpanKind);
    w.string(r.ServiceName);
    w.stringMap(r.ResourceAttributes);
    w.string(r.ScopeName);
    w.string(r.ScopeVersion);
    w.stringMap(r.SpanAttributes);
    w.uint64(nonNegative(r.Duration));
    w.string(r.StatusCode);
    w.string(r.StatusMessage);
    const events = r.Events;
    w.varint(events.length);
    for (const e of events) w.int64(e.Timestamp);
    w.varint(events.length);
    for (const e of events) w.string(e.Name);
    w.varint(events.length);
    for (const e of events) w.stringMap(e.Attributes);
    const links = r.Links;
    w.varint(links.length);
    for (const l of links) w.string(l.TraceId);
    w.varint(links.length);
    for (const l of links) w.string(l.SpanId);
    w.varint(links.length);
    for (const l of links) w.string(l.TraceState);
    w.varint(links.length);
    for (const l of links) w.stringMap(l.Attributes);
  }
  return { table: TABLES.traces, columns: SPAN_COLUMNS, rowCount: rows.length, bytes: w.finish() };
}
