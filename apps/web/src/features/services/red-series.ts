// Turns the /red answer (span-derived buckets with exemplar traces) into the points and
// exemplar dots of the service page's three charts. Pure, so it is tested without a canvas.
import type { RedBucket, RedExemplar } from "@tracelight/contracts";
import type { ExemplarDatum } from "../../components/chart-options.ts";
import { perBucketSecond } from "../../components/partial-bucket.ts";
import { formatDurationMs } from "../../lib/format.ts";

export type Point = [number, number | null];

export interface RedChartData {
  /** Per bucket: it covers less than a step; its points are drawn apart (components/partial-bucket.ts). */
  partial: boolean[];
  p50: Point[];
  p90: Point[];
  p99: Point[];
  /** Requests per second of the bucket's covered seconds; null when it covers none yet. */
  rate: Point[];
  /** Errors per second, likewise. */
  errorsPerSecond: Point[];
  /** Errors / requests in percent (0–100); null where the bucket has no requests. */
  errorPercent: Point[];
  /** Latency chart: the slowest request of each bucket (unless it is also its slowest error). */
  slowest: ExemplarDatum[];
  /** Latency chart: the slowest failed request of each bucket with errors, at its duration. */
  slowestErrors: ExemplarDatum[];
  /** Error chart: the same failed requests, placed on the error-rate line of their bucket. */
  errorRateExemplars: ExemplarDatum[];
}

function dot(e: RedExemplar, value: number, x: number, label: string): ExemplarDatum {
  return { value: [x, value], traceId: e.traceId, spanId: e.spanId, label };
}

export function redChartData(buckets: readonly RedBucket[]): RedChartData {
  const data: RedChartData = {
    partial: [],
    p50: [],
    p90: [],
    p99: [],
    rate: [],
    errorsPerSecond: [],
    errorPercent: [],
    slowest: [],
    slowestErrors: [],
    errorRateExemplars: [],
  };
  for (const b of buckets) {
    const t = b.timestamp;
    data.partial.push(b.partial);
    data.p50.push([t, b.p50Ms]);
    data.p90.push([t, b.p90Ms]);
    data.p99.push([t, b.p99Ms]);
    data.rate.push([t, b.seconds > 0 ? b.rate : null]);
    data.errorsPerSecond.push([t, perBucketSecond(b.errors, b.seconds)]);
    const percent = b.requests > 0 ? b.errorRate * 100 : null;
    data.errorPercent.push([t, percent]);

    // The rollup's error exemplar is the slowest span overall when the bucket had no error.
    const error = b.errors > 0 ? b.exemplars.error : null;
    const slowest = b.exemplars.slowest;
    if (slowest && slowest.spanId !== error?.spanId) {
      data.slowest.push(dot(slowest, slowest.durationMs, slowest.timestamp, "slowest request of its bucket"));
    }
    if (error) {
      const alsoSlowest = slowest?.spanId === error.spanId;
      const label = alsoSlowest ? "slowest request of its bucket, failed" : "slowest failed request of its bucket";
      data.slowestErrors.push(dot(error, error.durationMs, error.timestamp, label));
      if (percent !== null) {
        data.errorRateExemplars.push(
          dot(
            error,
            percent,
            t,
            `${b.errors} of ${b.requests} failed; this one took ${formatDurationMs(error.durationMs)}`,
          ),
        );
      }
    }
  }
  return data;
}

/** The trace of a clicked chart item, when it is an exemplar dot. */
export function exemplarTarget(data: unknown): { traceId: string; spanId: string } | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const { traceId, spanId } = data as Partial<ExemplarDatum>;
  if (typeof traceId !== "string" || traceId === "") return undefined;
  return { traceId, spanId: typeof spanId === "string" ? spanId : "" };
}
