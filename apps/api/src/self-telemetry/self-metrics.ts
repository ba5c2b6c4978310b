// Tracelight's own figures as OTel instruments under `tracelight.*`, on the meter of the api's
// self-telemetry (@tracelight/self-telemetry), which exports them every interval as OTLP into
// its own store under service `tracelight`, where the health page, the status route and alert
// rules read them like any service's metrics.
import type { Meter } from "@opentelemetry/api";
import { log } from "../log.ts";

export interface IngestFigures {
  queuedRows: number;
  queuedBytes: number;
  /** Requests refused as overloaded since the start (a counter). */
  refused: number;
  /** The last write to the store failed and none has succeeded since (ingest is not ready). */
  writesFailing: boolean;
}

export interface AlertingFigures {
  lastCycleMs: number | null;
  lagS: number | null;
  backlog: number;
  /** Age of the oldest notification waiting to be sent; null: none waits. */
  oldestPendingAgeS: number | null;
}

/** Read back by the status route (self-status.ts) and the built-in rules (alerts/builtin-rules.ts). */
export const REFUSED_METRIC = "tracelight.ingest.refused";
export const QUERY_DURATION_METRIC = "tracelight.query.duration";
export const WRITES_FAILING_METRIC = "tracelight.ingest.writes.failing";
export const ALERTS_LAG_METRIC = "tracelight.alerts.lag";
export const OLDEST_PENDING_METRIC = "tracelight.notifications.oldest_pending.age";

// Seconds from 1 ms to 60 s: batch writes and queries alike.
const LATENCY_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class SelfMetrics {
  private readonly batchDuration;
  private readonly queryDuration;

  constructor(private readonly meter: Meter) {
    const advice = { explicitBucketBoundaries: LATENCY_BUCKETS_S };
    this.batchDuration = this.meter.createHistogram("tracelight.ingest.batch.duration", {
      description: "Time to store one group-commit batch",
      unit: "s",
      advice,
    });
    this.queryDuration = this.meter.createHistogram(QUERY_DURATION_METRIC, {
      description: "Time to answer one query API request, by route",
      unit: "s",
      advice,
    });
  }

  recordBatch(seconds: number): void {
    this.batchDuration.record(seconds);
  }

  recordQuery(route: string, seconds: number): void {
    this.queryDuration.record(seconds, { "http.route": route });
  }

  /** Queue and refusal figures of this process's ingest pipeline, read at each export. */
  observeIngest(read: () => IngestFigures): void {
    const rows = this.meter.createObservableGauge("tracelight.ingest.queue.rows", {
      description: "Rows held by ingest, queued or being written",
      unit: "{row}",
    });
    const bytes = this.meter.createObservableGauge("tracelight.ingest.queue.bytes", {
      description: "Bytes held by ingest, bodies being read and blocks queued or being written",
      unit: "By",
    });
    const refused = this.meter.createObservableCounter(REFUSED_METRIC, {
      description: "OTLP requests refused because ingest was full (503 / UNAVAILABLE)",
      unit: "{request}",
    });
    // Sent every interval, 0 or 1: while writes fail the points stop arriving (they are writes
    // too), which the built-in rule counts as failing (no data), and the first one stored after
    // recovery still says 1 (it was read before the write that recovered).
    const failing = this.meter.createObservableGauge(WRITES_FAILING_METRIC, {
      description: "1 while the store refuses ingest's writes (ingest not ready), else 0",
      unit: "1",
    });
    this.meter.addBatchObservableCallback(
      (result) => {
        const figures = read();
        result.observe(rows, figures.queuedRows);
        result.observe(bytes, figures.queuedBytes);
        result.observe(refused, figures.refused);
        result.observe(failing, figures.writesFailing ? 1 : 0);
      },
      [rows, bytes, refused, failing],
    );
  }

  /** The evaluator's last cycle and the notification backlog, read at each export. */
  observeAlerting(read: () => Promise<AlertingFigures>): void {
    const cycle = this.meter.createObservableGauge("tracelight.alerts.cycle.duration", {
      description: "How long the evaluator's last cycle took",
      unit: "s",
    });
    const lag = this.meter.createObservableGauge(ALERTS_LAG_METRIC, {
      description: "How far the evaluator's last cycle is behind its interval",
      unit: "s",
    });
    const backlog = this.meter.createObservableGauge("tracelight.notifications.backlog", {
      description: "Notifications waiting to be sent",
      unit: "{notification}",
    });
    const oldest = this.meter.createObservableGauge(OLDEST_PENDING_METRIC, {
      description: "How long the oldest notification waiting to be sent has waited (0: none waits)",
      unit: "s",
    });
    this.meter.addBatchObservableCallback(
      async (result) => {
        try {
          const figures = await read();
          if (figures.lastCycleMs !== null) result.observe(cycle, figures.lastCycleMs / 1000);
          if (figures.lagS !== null) result.observe(lag, figures.lagS);
          result.observe(backlog, figures.backlog);
          result.observe(oldest, figures.oldestPendingAgeS ?? 0);
        } catch (error) {
          // The metadata database is down: the gap in these series says so; other figures still go.
          log.warn("self-metrics: alerting figures unreadable", { error });
        }
      },
      [cycle, lag, backlog, oldest],
    );
  }
}
