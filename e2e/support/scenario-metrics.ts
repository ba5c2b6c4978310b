// The scenario's histogram: checkout's request durations, aggregated by the real SDK (delta
// temporality, one collection per minute) and exported over OTLP. The SDK stamps a collection
// with the current time, so each collection's data points are moved to the minute they stand
// for before export — that is the only thing not done by the SDK itself.
import { type HrTime, ValueType } from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { AggregationTemporality, MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { OTLP_HEADERS } from "./env.ts";
import { checked, type ExportResult, resourceOf } from "./otel.ts";
import type { SentHistogram } from "./scenario-types.ts";

export const HISTOGRAM = {
  name: "checkout.request.duration",
  unit: "ms",
  description: "Duration of checkout requests",
  bounds: [10, 25, 50, 100, 250, 500, 1000, 2500],
} as const;

/** A reader that collects only when asked. */
class ManualReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const hr = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

function retime(metrics: ResourceMetrics, startMs: number, endMs: number): ResourceMetrics {
  return {
    ...metrics,
    scopeMetrics: metrics.scopeMetrics.map((scope) => ({
      ...scope,
      metrics: scope.metrics.map((metric) => ({
        ...metric,
        dataPoints: metric.dataPoints.map((p) => ({ ...p, startTime: hr(startMs), endTime: hr(endMs) })),
      })) as typeof scope.metrics,
    })),
  };
}

/** Durations recorded in minute `m` (0 = the oldest); the slow minute also gets one 1.7 s request. */
export function durationsOfMinute(m: number, slow: boolean): number[] {
  const values = Array.from({ length: 12 }, (_, i) => 30 + ((m * 17 + i * 11) % 60));
  return slow ? [...values, 1700] : values;
}

/** Sends one delta point per minute for `minutes` minutes ending at `nowMs`. */
export async function sendHistogram(
  otlpHttpBase: string,
  service: string,
  nowMs: number,
  minutes: number,
  slowMinute: number,
): Promise<SentHistogram> {
  const failures: string[] = [];
  const exporter = checked(
    new OTLPMetricExporter({ url: `${otlpHttpBase}/v1/metrics`, headers: OTLP_HEADERS }),
    "metrics",
    failures,
  );
  const reader = new ManualReader();
  const provider = new MeterProvider({ resource: resourceOf(service), readers: [reader] });
  const histogram = provider.getMeter("tracelight-e2e", "1.0.0").createHistogram(HISTOGRAM.name, {
    unit: HISTOGRAM.unit,
    description: HISTOGRAM.description,
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: [...HISTOGRAM.bounds] },
  });
  const points: SentHistogram["points"] = [];
  for (let m = 0; m < minutes; m++) {
    const values = durationsOfMinute(m, m === slowMinute);
    for (const v of values) histogram.record(v, { "http.route": "/api/checkout" });
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new Error(`metric collection failed: ${errors.join("; ")}`);
    const endMs = nowMs - (minutes - 1 - m) * 60_000 - 2_000;
    const startMs = endMs - 55_000;
    const result = await new Promise<ExportResult>((resolve) =>
      exporter.export(retime(resourceMetrics, startMs, endMs), resolve),
    );
    if (result.code !== 0) throw new Error(`metric export failed: ${failures.join("; ")}`);
    points.push({ startMs, endMs, count: values.length });
  }
  await exporter.shutdown();
  await provider.shutdown().catch(() => undefined);
  return { name: HISTOGRAM.name, unit: HISTOGRAM.unit, service, points };
}
