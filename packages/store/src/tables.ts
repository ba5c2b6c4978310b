// Table names (code constants, safe to splice into SQL with raw()) and which signal's
// retention each table follows.

export const TABLES = {
  traces: "otel_traces",
  traceIdTs: "otel_traces_trace_id_ts",
  logs: "otel_logs",
  gauge: "otel_metrics_gauge",
  sum: "otel_metrics_sum",
  histogram: "otel_metrics_histogram",
  exponentialHistogram: "otel_metrics_exponential_histogram",
  summary: "otel_metrics_summary",
  exemplars: "tracelight_exemplars",
  red1m: "tracelight_red_1m",
  edgeHalves: "tracelight_edge_halves",
  serviceEdges1m: "tracelight_service_edges_1m",
  peerEdges1m: "tracelight_peer_edges_1m",
  migrations: "tracelight_migrations",
  /** Which tables Tracelight created and which it found (table-ownership.ts). */
  tables: "tracelight_tables",
} as const;

export type Signal = "traces" | "logs" | "metrics";

/** Retention per table: the signal whose TTL applies and the TTL's time expression. */
export const TTL_TABLES: readonly { table: string; signal: Signal; timeExpr: string }[] = [
  { table: TABLES.traces, signal: "traces", timeExpr: "toDateTime(Timestamp)" },
  { table: TABLES.traceIdTs, signal: "traces", timeExpr: "toDateTime(Start)" },
  { table: TABLES.logs, signal: "logs", timeExpr: "TimestampTime" },
  { table: TABLES.gauge, signal: "metrics", timeExpr: "toDateTime(TimeUnix)" },
  { table: TABLES.sum, signal: "metrics", timeExpr: "toDateTime(TimeUnix)" },
  { table: TABLES.histogram, signal: "metrics", timeExpr: "toDateTime(TimeUnix)" },
  { table: TABLES.exponentialHistogram, signal: "metrics", timeExpr: "toDateTime(TimeUnix)" },
  { table: TABLES.summary, signal: "metrics", timeExpr: "toDateTime(TimeUnix)" },
  { table: TABLES.exemplars, signal: "metrics", timeExpr: "toDateTime(Timestamp)" },
  // RED rollups are metrics derived from spans: small, and wanted for as long as metrics.
  { table: TABLES.red1m, signal: "metrics", timeExpr: "Minute" },
  { table: TABLES.serviceEdges1m, signal: "metrics", timeExpr: "Minute" },
  { table: TABLES.peerEdges1m, signal: "metrics", timeExpr: "Minute" },
];
