// A push metric exporter that sends OTLP/JSON to /v1/metrics with exemplars on histogram data
// points: what each ExemplarReservoir kept since the last export, encoded by @tracelight/otlp-encode.
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { DataPointType, type PushMetricExporter, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { serializeMetricsJsonWithExemplars } from "@tracelight/otlp-encode";
import { type Exemplar, type ExemplarReservoir, seriesKey } from "./exemplars.ts";

/** metric name → series key → exemplars, as ExemplarReservoir.drain() returns them per metric. */
export type ExemplarsByMetric = ReadonlyMap<string, ReadonlyMap<string, readonly Exemplar[]>>;

/** The OTLP/JSON request for `metrics` with `exemplars` on the histogram data points of their series. */
function serializeWithExemplars(metrics: ResourceMetrics, exemplars: ExemplarsByMetric): string {
  return serializeMetricsJsonWithExemplars([metrics], (metric, point) =>
    metric.dataPointType === DataPointType.HISTOGRAM
      ? exemplars.get(metric.descriptor.name)?.get(seriesKey(point.attributes))
      : undefined,
  );
}

export interface ExemplarMetricExporterOptions {
  /** Full URL, e.g. http://127.0.0.1:4318/v1/metrics. */
  url: string;
  /** metric name → the reservoir its histogram feeds. */
  reservoirs: ReadonlyMap<string, ExemplarReservoir>;
  timeoutMs?: number;
}

export class ExemplarMetricExporter implements PushMetricExporter {
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: ExemplarMetricExporterOptions) {}

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    if (this.stopped) {
      done({ code: ExportResultCode.FAILED, error: new Error("metric exporter is shut down") });
      return;
    }
    // Drained now, whatever happens to the request: an exemplar belongs to one interval.
    const exemplars = new Map<string, Map<string, Exemplar[]>>();
    for (const [name, reservoir] of this.options.reservoirs) exemplars.set(name, reservoir.drain());
    let body: string;
    try {
      body = serializeWithExemplars(metrics, exemplars);
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      return;
    }
    const sent = this.post(body).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: unknown) =>
        done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  private async post(body: string): Promise<void> {
    const response = await fetch(this.options.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
    }).catch((error: unknown) => {
      // fetch says only "fetch failed"; the cause names the problem (e.g. ECONNREFUSED).
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      throw new Error(cause instanceof Error ? cause.message : String(cause));
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${this.options.url}: ${text.slice(0, 200)}`);
    // A 200 may still refuse some points (OTLP partial success): say so rather than hide it.
    const rejected = partialSuccess(text);
    if (rejected) throw new Error(`${this.options.url} rejected data points: ${rejected}`);
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.forceFlush();
  }
}

function partialSuccess(text: string): string | undefined {
  try {
    const ps = (
      JSON.parse(text) as { partialSuccess?: { rejectedDataPoints?: string | number; errorMessage?: string } }
    ).partialSuccess;
    if (ps && Number(ps.rejectedDataPoints ?? 0) > 0) return `${ps.rejectedDataPoints} (${ps.errorMessage ?? ""})`;
  } catch {
    // Not JSON (an empty body is a full success).
  }
  return undefined;
}
