// The exporter's current layout on a server before 26.2: no TimestampTime, DateTime metric times, bloom filters.
import { exporterLayoutSuite } from "./support/exporter-suite.ts";

exporterLayoutSuite("currentBloom", { skipped: [] });
