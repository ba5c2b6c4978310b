import type { TraceSummary } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { EXEMPLAR_SERIES_PREFIX } from "../../components/chart-options.ts";
import { scatterOption, scatterXRange, wantsLogScale } from "./scatter-option.ts";
import { sortTraces } from "./trace-results.tsx";

const summary = (id: string, startTime: number, durationMs: number, errorCount = 0, spanCount = 3): TraceSummary => ({
  traceId: id.padStart(32, "0"),
  rootServiceName: "checkout",
  rootName: "GET /pay",
  startTime,
  durationMs,
  spanCount,
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
    expect(failed?.data[0]?.label).toBe("checkout: GET /pay (3 spans, 2 errors)");
    expect(option.xAxis).toMatchObject({ min: 0, max: 4000 });
  });
  it("switches to a log scale when a few traces are 100 times slower than the rest", () => {
    expect(wantsLogScale(traces)).toBe(false);
    expect(wantsLogScale([...traces, summary("d", 4000, 5000)])).toBe(true);
    expect(scatterOption([summary("e", 1, 1), summary("f", 2, 500)], { fromMs: 0, toMs: 5 }).yAxis.type).toBe("log");
  });
});

describe("sortTraces", () => {
  it("sorts by the chosen column, largest first, newest first on ties", () => {
    const traces = [summary("a", 1000, 10, 0, 5), summary("b", 2000, 30, 1, 5), summary("c", 3000, 20, 0, 9)];
    expect(sortTraces(traces, "start").map((t) => t.traceId.at(-1))).toEqual(["c", "b", "a"]);
    expect(sortTraces(traces, "duration").map((t) => t.traceId.at(-1))).toEqual(["b", "c", "a"]);
    expect(sortTraces(traces, "spans").map((t) => t.traceId.at(-1))).toEqual(["c", "b", "a"]);
    expect(sortTraces(traces, "errors").map((t) => t.traceId.at(-1))).toEqual(["b", "c", "a"]);
  });
});

describe("scatterXRange", () => {
  const range = { fromMs: 0, toMs: 3_600_000 };
  it("keeps the page's range unless the search was cut at its limit", () => {
    const traces = [summary("a", 3_000_000, 10), summary("b", 3_500_000, 10)];
    expect(scatterXRange(traces, range, false)).toEqual(range);
    expect(scatterXRange(traces, range, true)).toEqual({ fromMs: 3_000_000 - 30_000, toMs: 3_600_000 });
    expect(scatterXRange([summary("c", 100, 1)], range, true).fromMs).toBe(0);
  });
});
