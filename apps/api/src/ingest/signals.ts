// The three OTLP signals as data: how each is decoded, counted and encoded to Native blocks,
// plus the names its OTLP response uses. Everything signal-specific lives here.

import type { Decoded, LogRow, MetricRowBase, MetricRows, SpanRow } from "@tracelight/otlp";
import { decodeLogs, decodeMetrics, decodeTraces } from "@tracelight/otlp";
import { type EncodedRows, encodeLogs, encodeMetrics, encodeSpans } from "@tracelight/store";
import { keepSince } from "./retention.ts";

export type Signal = "traces" | "logs" | "metrics";
export const SIGNALS: readonly Signal[] = ["traces", "logs", "metrics"];
export type Encoding = "protobuf" | "json";

/** The write ingest needs; `TelemetryWriter` from @tracelight/store provides it. */
export interface BlockWriter {
  /** Stores Native blocks of any tables; resolves once every row is durable. */
  insertEncoded(blocks: readonly EncodedRows[]): Promise<void>;
}

export interface SignalSpec<Rows> {
  signal: Signal;
  /** gRPC service, e.g. opentelemetry.proto.collector.trace.v1.TraceService. */
  grpcService: string;
  /** Field of the partial-success message counting refused items (proto3 JSON name). */
  rejectedField: "rejectedSpans" | "rejectedLogRecords" | "rejectedDataPoints";
  /** What the response calls its items, e.g. "log records". */
  items: string;
  decode(body: Uint8Array, encoding: Encoding): Decoded<Rows>;
  count(rows: Rows): number;
  /** The rows whose TTL time is at or after `cutoff` (unix ns), and how many were older. */
  keepSince(rows: Rows, cutoff: bigint): [Rows, number];
  /** The rows as Native blocks (one per table), which is what waits in the queue. */
  encode(rows: Rows): EncodedRows[];
}

const traces: SignalSpec<SpanRow[]> = {
  signal: "traces",
  grpcService: "opentelemetry.proto.collector.trace.v1.TraceService",
  rejectedField: "rejectedSpans",
  items: "spans",
  decode: decodeTraces,
  count: (rows) => rows.length,
  keepSince: (rows, cutoff) => keepSince(rows, (r) => r.Timestamp, cutoff),
  encode: (rows) => [encodeSpans(rows)],
};

const logs: SignalSpec<LogRow[]> = {
  signal: "logs",
  grpcService: "opentelemetry.proto.collector.logs.v1.LogsService",
  rejectedField: "rejectedLogRecords",
  items: "log records",
  decode: decodeLogs,
  count: (rows) => rows.length,
  keepSince: (rows, cutoff) => keepSince(rows, (r) => r.Timestamp, cutoff),
  encode: (rows) => [encodeLogs(rows)],
};

const metrics: SignalSpec<MetricRows> = {
  signal: "metrics",
  grpcService: "opentelemetry.proto.collector.metrics.v1.MetricsService",
  rejectedField: "rejectedDataPoints",
  items: "data points",
  decode: decodeMetrics,
  count: (m) => m.gauge.length + m.sum.length + m.histogram.length + m.exponentialHistogram.length + m.summary.length,
  keepSince(m, cutoff) {
    const time = (r: MetricRowBase) => r.TimeUnix;
    const [gauge, a] = keepSince(m.gauge, time, cutoff);
    const [sum, b] = keepSince(m.sum, time, cutoff);
    const [histogram, c] = keepSince(m.histogram, time, cutoff);
    const [exponentialHistogram, d] = keepSince(m.exponentialHistogram, time, cutoff);
    const [summary, e] = keepSince(m.summary, time, cutoff);
    return [{ gauge, sum, histogram, exponentialHistogram, summary }, a + b + c + d + e];
  },
  encode: encodeMetrics,
};

export const SIGNAL_SPECS = { traces, logs, metrics } as const;
