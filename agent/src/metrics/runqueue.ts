// The kernel's per-process run-queue latency histograms (log2 µs slots, cumulative since the
// process was first seen) → the `process.runqueue.latency` histogram in seconds.
import { RUNQ_SLOTS, type RunQueueHistogram } from "../probes/records.ts";
import type { Attributes, HistogramPoint, Metric, UnixNanos } from "../telemetry/model.ts";
import type { ResourceMetric } from "./histogram.ts";

/** Upper bounds in seconds: slot i ends at 2^(i+1) µs; the last slot is open. */
export const RUNQ_BOUNDS: readonly number[] = Array.from({ length: RUNQ_SLOTS - 1 }, (_, i) => 2 ** (i + 1) / 1e6);

export const RUNQ_METRIC = "process.runqueue.latency";

export class RunQueueMetrics {
  /** tgid → when its histogram was first seen (the cumulative start). */
  private readonly starts = new Map<number, UnixNanos>();
  private latest = new Map<number, RunQueueHistogram>();

  /** Keeps the newest histogram of each process from one dump of the kernel's map. */
  update(hist: RunQueueHistogram, now: UnixNanos): void {
    if (!this.starts.has(hist.tgid)) this.starts.set(hist.tgid, now);
    this.latest.set(hist.tgid, hist);
  }

  /**
   * Points for the processes `resourceOf` knows (the others are skipped); processes absent from
   * the last interval's dumps are forgotten.
   */
  collect(now: UnixNanos, resourceOf: (tgid: number) => Attributes | undefined): ResourceMetric[] {
    const out: ResourceMetric[] = [];
    for (const [tgid, hist] of this.latest) {
      const resource = resourceOf(tgid);
      const count = hist.slots.reduce((a, b) => a + b, 0);
      if (!resource || count === 0) continue;
      const point: HistogramPoint = {
        attributes: {},
        startTimeUnixNano: this.starts.get(tgid) ?? now,
        timeUnixNano: now,
        bounds: RUNQ_BOUNDS,
        counts: hist.slots,
        count,
        sum: Number(hist.totalNs) / 1e9,
        exemplars: [],
      };
      const metric: Metric = {
        type: "histogram",
        name: RUNQ_METRIC,
        unit: "s",
        description: "Time the process's threads waited on a CPU run queue after becoming runnable",
        temporality: "cumulative",
        points: [point],
      };
      out.push({ resource, metric });
    }
    for (const tgid of this.starts.keys()) if (!this.latest.has(tgid)) this.starts.delete(tgid);
    this.latest = new Map();
    return out;
  }
}
