import type { TraceSummary } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { EXEMPLAR_SERIES_PREFIX } from "../../components/chart-options.ts";
import { scatterOption, scatterTitle, wantsLogScale } from "./scatter-option.ts";

const summary = (id: string, startTime: number, durationMs: number, errorCount = 0): TraceSummary => ({
  traceId: id.padStart(32, "0"),
  rootServiceName: "checkout",
  rootName: "GET /pay",
  startTime,
  durationMs,
  spanCount: 3,
  errorCount,
  services: ["checkout"],
});

describe("results scatter", () => {
  const traces = [summary("a", 1000, 10), summary("b", 2000, 30, 2), summary("c", 3000, 20)];
  it("puts ok and failed traces in two exemplar series, dots carrying their trace IDs", () => {
    const option = scatterOption(traces, { fromMs: 0, toMs: 4000 });
    const [ok, failed] = option.series;
    expect(ok?.id.startsWith(EXEMPLAR_SERIES_PREFIX)).toBe(true);
    expect(ok?.data.map((d) => d.value)).toEqual([
      [1000, 10],
      [3000, 20],
    ]);
    expect(failed?.data.map((d) => d.traceId)).toEqual([traces[1]!.traceId]);
    expect(failed?.data[0]?.label).toBe("checkout: GET /pay (3 spans, 2 error spans)");
    expect(option.xAxis).toMatchObject({ min: 0, max: 4000 });
  });
  it("switches to a log scale when a few traces are 100 times slower than the rest", () => {
    expect(wantsLogScale(traces)).toBe(false);
    expect(wantsLogScale([...traces, summary("d", 4000, 5000)])).toBe(true);
    expect(scatterOption([summary("e", 1, 1), summary("f", 2, 500)], { fromMs: 0, toMs: 5 }).yAxis.type).toBe("log");
  });
});

describe("scatterTitle", () => {
  const traces = [summary("a", 1000, 10), summary("b", 2000, 30)];
  it("says when the dots are a sample, and how it was taken", () => {
    const sampling = { slowest: 20, bucketMs: 60_000, perBucket: 5, complete: false };
    expect(scatterTitle({ traces, sampling })).toBe(
      "Duration over time · the 20 slowest traces and up to 5 per 1.0 min",
    );
    expect(scatterTitle({ traces, sampling: { ...sampling, complete: true } })).toBe("Duration over time");
  });
});
