export { Batcher, type BatcherOptions } from "./batcher.ts";
export { PushMetricsExporter } from "./metric-exporter.ts";
export { OtlpPush, type OtlpPushOptions, type PushStats, type Signal } from "./otlp-push.ts";
export type { SelfLogRecord, SelfSeverity } from "./self-logs.ts";
export { COMPONENT_ATTRIBUTE, type SelfAttributes } from "./self-resource.ts";
export type { SelfSpan } from "./self-spans.ts";
export { SELF_DROPPED_METRIC, SelfTelemetry, type SelfTelemetryOptions } from "./self-telemetry.ts";
