// Native block for otel_logs. TimestampTime is left out: its DEFAULT derives it from Timestamp.
import type { LogRow } from "@tracelight/otlp";
import { TABLES } from "../tables.ts";
import { NativeBlockWriter, T } from "./column-writer.ts";
import type { EncodedRows } from "./encoded.ts";

export const LOG_COLUMNS = [
  "Timestamp",
  "TraceId",
  "SpanId",
  "TraceFlags",
  "SeverityText",
  "SeverityNumber",
  "ServiceName",
  "Body",
  "ResourceSchemaUrl",
  "ResourceAttributes",
  "ScopeSchemaUrl",
  "ScopeName",
  "ScopeVersion",
  "ScopeAttributes",
  "LogAttributes",
  "EventName",
] as const;

export function encodeLogs(rows: readonly LogRow[]): EncodedRows {
  const w = new NativeBlockWriter(LOG_COLUMNS, rows.length, 400);
  w.column("Timestamp", T.dateTime64);
  for (const r of rows) w.int64(r.Timestamp);
  w.column("TraceId", T.string);
  for (const r of rows) w.string(r.TraceId);
  w.column("SpanId", T.string);
  for (const r of rows) w.string(r.SpanId);
  w.column("TraceFlags", T.uint8);
  for (const r of rows) w.uint8(r.TraceFlags & 0xff);
  w.column("SeverityText", T.string);
  for (const r of rows) w.string(r.SeverityText);
  w.column("SeverityNumber", T.uint8);
  for (const r of rows) w.uint8(r.SeverityNumber & 0xff);
  w.column("ServiceName", T.string);
  for (const r of rows) w.string(r.ServiceName);
  w.column("Body", T.string);
  for (const r of rows) w.string(r.Body);
  w.column("ResourceSchemaUrl", T.string);
  for (const r of rows) w.string(r.ResourceSchemaUrl);
  w.column("ResourceAttributes", T.map);
  w.stringMaps(rows.map((r) => r.ResourceAttributes));
  w.column("ScopeSchemaUrl", T.string);
  for (const r of rows) w.string(r.ScopeSchemaUrl);
  w.column("ScopeName", T.string);
  for (const r of rows) w.string(r.ScopeName);
  w.column("ScopeVersion", T.string);
  for (const r of rows) w.string(r.ScopeVersion);
  w.column("ScopeAttributes", T.map);
  w.stringMaps(rows.map((r) => r.ScopeAttributes));
  w.column("LogAttributes", T.map);
  w.stringMaps(rows.map((r) => r.LogAttributes));
  w.column("EventName", T.string);
  for (const r of rows) w.string(r.EventName);
  return w.finish(TABLES.logs);
}
