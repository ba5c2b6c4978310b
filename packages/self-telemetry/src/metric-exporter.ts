// The SDK's metric reader hands each interval's figures here; they are encoded at once and
// queued on the push, so the reader never waits on the network (the push retries and counts).
import { ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { OtlpPush } from "./otlp-push.ts";

type ExportDone = Parameters<PushMetricExporter["export"]>[1];
// ExportResultCode of @opentelemetry/core, which this package does not otherwise need.
const SUCCESS = 0;
const FAILED = 1;

export class PushMetricsExporter implements PushMetricExporter {
  constructor(private readonly push: OtlpPush) {}

  export(metrics: ResourceMetrics, done: ExportDone): void {
    const body = ProtobufMetricsSerializer.serializeRequest(metrics);
    if (!body) {
      done({ code: FAILED, error: new Error("self-metrics could not be encoded") });
      return;
    }
    let points = 0;
    for (const scope of metrics.scopeMetrics) for (const metric of scope.metrics) points += metric.dataPoints.length;
    if (points > 0) this.push.send("metrics", body, points);
    done({ code: SUCCESS });
  }

  // Deltas: a window's figures are its own rows, so "the last 5 minutes" is a plain sum.
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
