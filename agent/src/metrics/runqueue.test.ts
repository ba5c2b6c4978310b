import { describe, expect, it } from "vitest";
import type { RunQueueHistogram } from "../probes/records.ts";
import type { HistogramPoint } from "../telemetry/model.ts";
import { RUNQ_BOUNDS, RunQueueMetrics } from "./runqueue.ts";

const hist = (tgid: number, slots: Record<number, number>, totalNs: bigint): RunQueueHistogram => ({
  kind: "runq",
  tgid,
  totalNs,
  slots: Array.from({ length: 32 }, (_, i) => slots[i] ?? 0),
  comm: "x",
});

describe("RunQueueMetrics", () => {
  it("turns log2 µs slots into a histogram in seconds for known processes, forgetting those that left", () => {
    expect(RUNQ_BOUNDS.slice(0, 3)).toEqual([2e-6, 4e-6, 8e-6]);
    expect(RUNQ_BOUNDS).toHaveLength(31);
    const m = new RunQueueMetrics();
    m.update(hist(10, { 0: 5, 3: 2 }, 40_000n), 100n);
    m.update(hist(11, { 1: 1 }, 3_000n), 100n);
    m.update(hist(12, {}, 0n), 100n);
    const resources: Record<number, { "service.name": string }> = {
      10: { "service.name": "a" },
      12: { "service.name": "c" },
    };
    const out = m.collect(200n, (tgid) => resources[tgid]);
    expect(out).toHaveLength(1);
    const point = out[0]!.metric.points[0] as HistogramPoint;
    expect(out[0]!.resource).toEqual({ "service.name": "a" });
    expect(point).toMatchObject({ count: 7, sum: 40e-6, startTimeUnixNano: 100n, timeUnixNano: 200n });
    expect(point.counts[0]).toBe(5);
    expect(point.counts[3]).toBe(2);
    // Not in the next dump: gone; a later dump starts it over.
    expect(m.collect(300n, (tgid) => resources[tgid])).toEqual([]);
    m.update(hist(10, { 0: 1 }, 1n), 400n);
    expect((m.collect(500n, (t) => resources[t])[0]!.metric.points[0] as HistogramPoint).startTimeUnixNano).toBe(400n);
  });
});
