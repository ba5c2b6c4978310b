// The exporter's 2023 layout: no ScopeName on spans, an Int64 Duration, no TimestampTime on logs.
import { exporterLayoutSuite } from "./support/exporter-suite.ts";

// Tracelight's ingest writes ScopeName and EventName, which these tables lack: reading works,
// writing with Tracelight's own OTLP receivers next to that exporter does not yet.
exporterLayoutSuite("legacy2023", { skipped: [], ownIngest: false });
