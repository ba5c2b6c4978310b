// One host's own telemetry: an OTel meter whose figures are exported every interval, warn+
// log records and sampled request spans, all under service tracelight and pushed to one OTLP
// listener. Nothing here blocks or throws into the host; what cannot be sent is counted.
import type { Meter } from "@opentelemetry/api";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { PushMetricsExporter } from "./metric-exporter.ts";
import { OtlpPush, type OtlpPushOptions, type Signal } from "./otlp-push.ts";
import { type SelfLogRecord, SelfLogs } from "./self-logs.ts";
import { type SelfAttributes, selfResource } from "./self-resource.ts";
import { type SelfSpan, SelfSpans } from "./self-spans.ts";

export interface SelfTelemetryOptions
  extends Pick<OtlpPushOptions, "url" | "headers" | "onStateChange" | "maxQueuedBytes"> {
  /** api, agent or web. */
  component: string;
  /** More resource attributes (e.g. the api's roles). */
  resource?: SelfAttributes;
  /** How often metrics are exported; logs and spans go at least every 5 s. 0: nothing is sent. */
  intervalMs: number;
  /** Per logs/spans interval; default 200 each. */
  maxLogsPerInterval?: number;
  maxSpansPerInterval?: number;
  /** Share of successful requests' spans kept (failed ones always are); default 1. */
  spanSampleRatio?: number;
}

export const SELF_DROPPED_METRIC = "tracelight.self_telemetry.dropped";

export class SelfTelemetry {
  readonly meter: Meter;
  private readonly push: OtlpPush;
  private readonly provider: MeterProvider;
  private readonly logs: SelfLogs | undefined;
  private readonly spans: SelfSpans | undefined;

  constructor(options: SelfTelemetryOptions) {
    this.push = new OtlpPush(options);
    const resource = selfResource(options.component, options.resource);
    const on = options.intervalMs > 0;
    this.provider = new MeterProvider({
      resource,
      readers: on
        ? [
            new PeriodicExportingMetricReader({
              exporter: new PushMetricsExporter(this.push),
              exportIntervalMillis: options.intervalMs,
              exportTimeoutMillis: Math.min(options.intervalMs, 10_000),
            }),
          ]
        : [],
    });
    this.meter = this.provider.getMeter(`tracelight-${options.component}`);
    const intervalMs = Math.min(options.intervalMs, 5_000);
    if (on) {
      this.logs = new SelfLogs(resource, this.push, { intervalMs, maxPerInterval: options.maxLogsPerInterval ?? 200 });
      this.spans = new SelfSpans(resource, this.push, {
        intervalMs,
        maxPerInterval: options.maxSpansPerInterval ?? 200,
        sampleRatio: options.spanSampleRatio ?? 1,
      });
    }
    const dropped = this.meter.createObservableCounter(SELF_DROPPED_METRIC, {
      description:
        "Own metric points, log records and spans this process could not send (queue full, api down, over the cap)",
      unit: "{item}",
    });
    dropped.addCallback((result) => {
      const counts = this.dropped();
      for (const signal of Object.keys(counts) as Signal[]) result.observe(counts[signal], { signal });
    });
  }

  /** A warn-or-worse record; a no-op when nothing is sent. */
  log(record: SelfLogRecord): void {
    this.logs?.emit(record);
  }

  /** One request served; a no-op when nothing is sent. */
  span(span: SelfSpan): void {
    this.spans?.record(span);
  }

  /** Items dropped since the start, by signal (spans left out by the sample ratio are not drops). */
  dropped(): Record<Signal, number> {
    const pushed = this.push.stats().dropped;
    return {
      metrics: pushed.metrics,
      logs: pushed.logs + (this.logs?.dropped ?? 0),
      traces: pushed.traces + (this.spans?.dropped ?? 0),
    };
  }

  /** Sends what is pending (within `timeoutMs`), then stops. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.logs?.close();
    this.spans?.close();
    await this.provider.shutdown().catch(() => {});
    await this.push.close(timeoutMs);
  }
}
