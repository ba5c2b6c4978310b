// The exporter's 2023 layout: no ScopeName on spans, an Int64 Duration, no TimestampTime or
// EventName on logs (Tracelight's own ingest leaves those columns out).
import { exporterLayoutSuite } from "./support/exporter-suite.ts";

exporterLayoutSuite("legacy2023", {
  skipped: [],
  absentColumns: { otel_traces: ["ScopeName", "ScopeVersion"], otel_logs: ["EventName"] },
});
