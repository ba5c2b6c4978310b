// Native block for otel_traces. Events and Links are Nested columns, sent as parallel arrays.
import type { SpanRow } from "@tracelight/otlp";
import { TABLES } from "../tables.ts";
import { flatten, NativeBlockWriter, T } from "./column-writer.ts";
import { type EncodedRows, nonNegative } from "./encoded.ts";

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
  const w = new NativeBlockWriter(SPAN_COLUMNS, rows.length, 700);
  w.column("Timestamp", T.dateTime64);
  for (const r of rows) w.int64(r.Timestamp);
  w.column("TraceId", T.string);
  for (const r of rows) w.string(r.TraceId);
  w.column("SpanId", T.string);
  for (const r of rows) w.string(r.SpanId);
  w.column("ParentSpanId", T.string);
  for (const r of rows) w.string(r.ParentSpanId);
  w.column("TraceState", T.string);
  for (const r of rows) w.string(r.TraceState);
  w.column("SpanName", T.string);
  for (const r of rows) w.string(r.SpanName);
  w.column("SpanKind", T.string);
  for (const r of rows) w.string(r.SpanKind);
  w.column("ServiceName", T.string);
  for (const r of rows) w.string(r.ServiceName);
  w.column("ResourceAttributes", T.map);
  w.stringMaps(rows.map((r) => r.ResourceAttributes));
  w.column("ScopeName", T.string);
  for (const r of rows) w.string(r.ScopeName);
  w.column("ScopeVersion", T.string);
  for (const r of rows) w.string(r.ScopeVersion);
  w.column("SpanAttributes", T.map);
  w.stringMaps(rows.map((r) => r.SpanAttributes));
  w.column("Duration", T.uint64);
  for (const r of rows) w.uint64(nonNegative(r.Duration));
  w.column("StatusCode", T.string);
  for (const r of rows) w.string(r.StatusCode);
  w.column("StatusMessage", T.string);
  for (const r of rows) w.string(r.StatusMessage);

  const events = rows.map((r) => r.Events);
  const allEvents = flatten(events);
  w.column("Events.Timestamp", T.dateTime64s);
  w.offsets(events);
  for (const e of allEvents) w.int64(e.Timestamp);
  w.column("Events.Name", T.strings);
  w.offsets(events);
  for (const e of allEvents) w.string(e.Name);
  w.column("Events.Attributes", T.maps);
  w.offsets(events);
  w.stringMaps(allEvents.map((e) => e.Attributes));

  const links = rows.map((r) => r.Links);
  const allLinks = flatten(links);
  w.column("Links.TraceId", T.strings);
  w.offsets(links);
  for (const l of allLinks) w.string(l.TraceId);
  w.column("Links.SpanId", T.strings);
  w.offsets(links);
  for (const l of allLinks) w.string(l.SpanId);
  w.column("Links.TraceState", T.strings);
  w.offsets(links);
  for (const l of allLinks) w.string(l.TraceState);
  w.column("Links.Attributes", T.maps);
  w.offsets(links);
  w.stringMaps(allLinks.map((l) => l.Attributes));
  return w.finish(TABLES.traces);
}
