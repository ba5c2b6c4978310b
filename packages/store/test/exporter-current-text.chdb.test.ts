// The exporter's current layout on ClickHouse 26.2+: its text index on lower(Body) stands in for ours.
import { exporterLayoutSuite } from "./support/exporter-suite.ts";

exporterLayoutSuite("currentText", {
  skipped: ["0006_tracelight_lookup_indexes.sql: otel_logs already has a text index on lower(Body)"],
});
