// RowBinary for otel_logs. TimestampTime is left out: its DEFAULT derives it from Timestamp.
import type { LogRow } from "@tracelight/otlp";
import { TABLES } from "../tables.ts";
import { ByteWriter } from "./byte-writer.ts";
import { type EncodedRows, initialCapacity } from "./encoded.ts";

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
  const w = new ByteWriter(initialCapacity(rows.length, 384));
  for (const r of rows) {
    w.int64(r.Timestamp);
    w.string(r.TraceId);
    w.string(r.SpanId);
    w.uint8(r.TraceFlags & 0xff);
    w.string(r.SeverityText);
    w.uint8(r.SeverityNumber & 0xff);
    w.string(r.ServiceName);
    w.string(r.Body);
    w.string(r.ResourceSchemaUrl);
    w.stringMap(r.ResourceAttributes);
    w.string(r.ScopeSchemaUrl);
    w.string(r.ScopeName);
    w.string(r.ScopeVersion);
    w.stringMap(r.ScopeAttributes);
    w.stringMap(r.LogAttributes);
    w.string(r.EventName);
  }
  return { table: TABLES.logs, columns: LOG_COLUMNS, rowCount: rows.length, bytes: w.finish() };
}
