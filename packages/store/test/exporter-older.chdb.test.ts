// The exporter's layout before 2026-04: TimestampTime in otel_logs, DateTime64(9) metric times.
import { exporterLayoutSuite } from "./support/exporter-suite.ts";

exporterLayoutSuite("older", { skipped: [] });
