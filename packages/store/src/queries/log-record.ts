// LogRecord (the query API's log shape) from a stored row: one converter for what /logs
// reads back from ClickHouse and for the rows live tail gets from ingest, so both agree.
import type { LogRecord } from "@tracelight/contracts";
import type { LogRow } from "@tracelight/otlp";
import { num } from "./numbers.ts";
import { nanosToMs } from "./time-range.ts";

/** The otel_logs columns a LogRecord shows. */
export type LogRecordColumns = Pick<
  LogRow,
  "SeverityText" | "Body" | "ServiceName" | "TraceId" | "SpanId" | "LogAttributes" | "ResourceAttributes"
> & { SeverityNumber: number | string };

/** `tsNs`: Timestamp as unix nanoseconds, a decimal string. */
export function toLogRecord(r: LogRecordColumns, tsNs: string): LogRecord {
  return {
    timestamp: nanosToMs(tsNs),
    timestampUnixNano: tsNs,
    severityText: r.SeverityText,
    // The column is UInt8: what ingest hands over is stored (and read back) modulo 256.
    severityNumber: num(r.SeverityNumber) & 0xff,
    body: r.Body,
    serviceName: r.ServiceName,
    traceId: r.TraceId,
    spanId: r.SpanId,
    attributes: r.LogAttributes,
    resourceAttributes: r.ResourceAttributes,
  };
}

/** A decoded (ingest) row as the LogRecord /logs returns once it is stored. */
export function logRowToRecord(row: LogRow): LogRecord {
  return toLogRecord(row, row.Timestamp.toString());
}
