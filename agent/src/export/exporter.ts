// The agent's OTLP/HTTP exporter: spans (protobuf) to /v1/traces and metrics (JSON, with
// exemplars) to /v1/metrics. Producers hand items over without waiting; a background loop sends
// them in batches, one request in flight per signal, retrying what the api could not take yet.
import agentPackage from "../../package.json" with { type: "json" };
import type { AgentSpan, ResourceMetrics } from "../telemetry/model.ts";
import { ExportLog } from "./export-log.ts";
import { Lane } from "./lane.ts";
import { countPoints, encodeMetrics } from "./metrics.ts";
import { encodeSpans } from "./spans.ts";

/** The instrumentation scope of everything the agent exports. */
export const AGENT_SCOPE_NAME = "tracelight-ebpf-agent";

export interface OtlpHttpExporterOptions {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT: /v1/traces and /v1/metrics are appended. */
  endpoint?: string;
  /** Sent with every request, e.g. `{ authorization: "Bearer <ingest key>" }`. */
  headers?: Readonly<Record<string, string>>;
  /** Spans held while the api is slow or down; beyond it the oldest are dropped. */
  maxQueuedSpans?: number;
  maxSpansPerRequest?: number;
  /** Metric batches (one ResourceMetrics each) held; beyond it the oldest are dropped. */
  maxQueuedMetricBatches?: number;
  maxMetricBatchesPerRequest?: number;
  /** How often whatever is queued is sent, full batch or not. */
  flushIntervalMs?: number;
  /** Per request. */
  timeoutMs?: number;
  /** First retry's wait (doubling, with jitter, up to maxRetryDelayMs; at least Retry-After). */
  initialRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Bodies at least this long are gzipped. */
  gzipMinBytes?: number;
  /** The instrumentation scope's version (default: the agent package's version). */
  version?: string;
  /** Where log lines go (default console.error). */
  log?: (line: string) => void;
}

/** What the exporter did so far, for the agent's self-report. Span counts are spans; metric counts are data points. */
export interface ExporterStats {
  sentSpans: number;
  /** Dropped (oldest first) because the queue was full. */
  droppedSpans: number;
  /** Refused by the api for good (e.g. 400, 401, 413): the batch was dropped. */
  failedSpans: number;
  /** Refused one by one inside a 200 (OTLP partial success). */
  rejectedSpans: number;
  /** Still queued or in flight at shutdown. */
  abandonedSpans: number;
  queuedSpans: number;
  inFlightSpans: number;
  sentMetricPoints: number;
  droppedMetricPoints: number;
  failedMetricPoints: number;
  rejectedMetricPoints: number;
  abandonedMetricPoints: number;
  queuedMetricPoints: number;
  queuedMetricBatches: number;
  inFlightMetricPoints: number;
  /** Requests sent again after a network error, timeout, 429, 502, 503 or 504. */
  retries: number;
}

export const EXPORTER_DEFAULTS = {
  endpoint: "http://127.0.0.1:4318",
  maxQueuedSpans: 20_000,
  maxSpansPerRequest: 2_000,
  maxQueuedMetricBatches: 1_000,
  maxMetricBatchesPerRequest: 50,
  flushIntervalMs: 1_000,
  timeoutMs: 10_000,
  initialRetryDelayMs: 1_000,
  maxRetryDelayMs: 30_000,
  gzipMinBytes: 1_024,
  shutdownTimeoutMs: 5_000,
} as const;

export class OtlpHttpExporter {
  private readonly spans: Lane<AgentSpan>;
  private readonly metrics: Lane<ResourceMetrics>;
  private readonly stopper = new AbortController();
  private readonly log: ExportLog;
  private readonly flushIntervalMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: OtlpHttpExporterOptions = {}) {
    const o = { ...EXPORTER_DEFAULTS, ...withoutUndefined(options) };
    const base = o.endpoint.replace(/\/+$/, "");
    const scope = { name: AGENT_SCOPE_NAME, version: options.version ?? agentPackage.version };
    this.log = new ExportLog(options.log ?? ((line) => console.error(line)));
    this.flushIntervalMs = o.flushIntervalMs;
    const common = {
      headers: options.headers ?? {},
      timeoutMs: o.timeoutMs,
      gzipMinBytes: o.gzipMinBytes,
      initialRetryDelayMs: o.initialRetryDelayMs,
      maxRetryDelayMs: o.maxRetryDelayMs,
      log: this.log,
      stop: this.stopper.signal,
    };
    this.spans = new Lane<AgentSpan>({
      ...common,
      unitName: "spans",
      url: `${base}/v1/traces`,
      capacity: o.maxQueuedSpans,
      maxBatch: o.maxSpansPerRequest,
      contentType: "application/x-protobuf",
      encode: (spans) => encodeSpans(spans, scope),
      unitsOf: () => 1,
    });
    this.metrics = new Lane<ResourceMetrics>({
      ...common,
      unitName: "metric data points",
      url: `${base}/v1/metrics`,
      capacity: o.maxQueuedMetricBatches,
      maxBatch: o.maxMetricBatchesPerRequest,
      contentType: "application/json",
      encode: (batches) => encodeMetrics(batches, scope),
      unitsOf: (batch) => countPoints([batch]),
    });
  }

  /** Starts the background loop: a batch as soon as one is full, and everything every flushIntervalMs. */
  start(): void {
    if (this.timer || this.stopper.signal.aborted) return;
    this.timer = setInterval(() => {
      void this.spans.kick("all");
      void this.metrics.kick("all");
    }, this.flushIntervalMs);
    // The exporter alone does not keep the process alive.
    this.timer.unref();
  }

  /** Queues spans; never blocks, never throws. Sent within flushIntervalMs once started. */
  addSpans(spans: readonly AgentSpan[]): void {
    if (this.spans.add(spans) && this.timer) void this.spans.kick("full");
  }

  /** Queues metric batches (one per resource); never blocks, never throws. */
  addMetrics(batches: readonly ResourceMetrics[]): void {
    if (this.metrics.add(batches) && this.timer) void this.metrics.kick("full");
  }

  /** Sends everything queued; resolves once it is delivered or refused (it keeps retrying until then). */
  async flush(): Promise<void> {
    await Promise.all([this.spans.flush(), this.metrics.flush()]);
  }

  /**
   * Flushes for at most `timeoutMs`, then stops: the request in flight is cancelled, and what was
   * not delivered is counted as abandoned (and said in one log line). Later items are abandoned too.
   */
  async shutdown(timeoutMs: number = EXPORTER_DEFAULTS.shutdownTimeoutMs): Promise<void> {
    if (this.stopper.signal.aborted) return;
    clearInterval(this.timer);
    this.timer = undefined;
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      this.flush(),
      new Promise<void>((resolve) => {
        deadline = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(deadline);
    this.stopper.abort();
    const [spans, points] = await Promise.all([this.spans.abandon(), this.metrics.abandon()]);
    if (spans > 0 || points > 0) {
      this.log.line(`shut down with ${spans} spans and ${points} metric data points not delivered`);
    }
  }

  stats(): ExporterStats {
    const s = this.spans.stats();
    const m = this.metrics.stats();
    return {
      sentSpans: s.sent,
      droppedSpans: s.dropped,
      failedSpans: s.failed,
      rejectedSpans: s.rejected,
      abandonedSpans: s.abandoned,
      queuedSpans: s.queued,
      inFlightSpans: s.inFlight,
      sentMetricPoints: m.sent,
      droppedMetricPoints: m.dropped,
      failedMetricPoints: m.failed,
      rejectedMetricPoints: m.rejected,
      abandonedMetricPoints: m.abandoned,
      queuedMetricPoints: m.queued,
      queuedMetricBatches: m.queuedItems,
      inFlightMetricPoints: m.inFlight,
      retries: s.retries + m.retries,
    };
  }
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
