// The agent's OTLP/HTTP export: encoders (pure) and the batching, retrying exporter.
export {
  AGENT_SCOPE_NAME,
  EXPORTER_DEFAULTS,
  type ExporterStats,
  OtlpHttpExporter,
  type OtlpHttpExporterOptions,
} from "./exporter.ts";
export { countPoints, encodeMetrics, toSdkMetrics } from "./metrics.ts";
export { encodeSpans } from "./spans.ts";
