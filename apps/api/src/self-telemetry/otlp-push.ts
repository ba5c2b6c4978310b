// Sends Tracelight's own metrics to an OTLP/HTTP endpoint as protobuf: the same path every
// other sender takes, so self-metrics are stored, charted and alerted on like a user's.
import { ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from "@opentelemetry/sdk-metrics";

export interface OtlpPushOptions {
  /** Base URL of an OTLP/HTTP listener, e.g. http://127.0.0.1:4318; undefined while it is not listening. */
  url: () => string | undefined;
  /** An ingest key when the listener requires one. */
  key?: string;
  timeoutMs: number;
}

type ExportDone = Parameters<PushMetricExporter["export"]>[1];
// ExportResultCode of @opentelemetry/core, which this package does not otherwise need.
const SUCCESS = 0;
const FAILED = 1;

export class OtlpPushExporter implements PushMetricExporter {
  constructor(private readonly options: OtlpPushOptions) {}

  export(metrics: ResourceMetrics, done: ExportDone): void {
    this.send(metrics).then(
      () => done({ code: SUCCESS }),
      (error: unknown) => done({ code: FAILED, error: error as Error }),
    );
  }

  // Deltas: a window's figures are its own rows, so "the last 5 minutes" is a plain sum.
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}

  private async send(metrics: ResourceMetrics): Promise<void> {
    const url = this.options.url();
    if (url === undefined) return;
    const body = ProtobufMetricsSerializer.serializeRequest(metrics);
    if (!body) throw new Error("self-metrics could not be encoded");
    const headers: Record<string, string> = { "content-type": "application/x-protobuf" };
    if (this.options.key) headers.authorization = `Bearer ${this.options.key}`;
    const response = await fetch(`${url}/v1/metrics`, {
      method: "POST",
      headers,
      // A copy typed over a plain ArrayBuffer, which fetch's body type asks for (a few KB every interval).
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`self-metrics export answered ${response.status}`);
  }
}
