export type { PushStats, Signal } from "./otlp-push.ts";
export type { SelfLogRecord, SelfSeverity } from "./self-logs.ts";
export type { SelfAttributes } from "./self-resource.ts";
export type { SelfSpan } from "./self-spans.ts";
export { SELF_DROPPED_METRIC, SelfTelemetry, type SelfTelemetryOptions } from "./self-telemetry.ts";
