import type { MetricSeriesResponse } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { metricPanelModel, reduce, stackLines, thresholdColor } from "./metric-summary.ts";

const answer = (series: MetricSeriesResponse["series"]): MetricSeriesResponse => ({
  metric: { name: "m", type: "gauge", agg: "avg" },
  unit: "By",
  warnings: [],
  stepMs: 60_000,
  truncated: false,
  series,
  exemplars: [],
});

describe("metric panel figures", () => {
  it("reduces points, skipping gaps", () => {
    const points: [number, number | null][] = [
      [1, 2],
      [2, null],
      [3, 4],
    ];
    expect([
      reduce(points),
      reduce(points, "min"),
      reduce(points, "max"),
      reduce(points, "sum"),
      reduce(points, "avg"),
    ]).toEqual([4, 2, 4, 6, 3]);
    expect(reduce([[1, null]])).toBeNull();
  });

  it("colours by the highest threshold reached", () => {
    const t = [
      { value: 80, color: "red" },
      { value: 0, color: "green" },
      { value: 50, color: "yellow" },
    ];
    expect([thresholdColor(10, t), thresholdColor(50, t), thresholdColor(99, t), thresholdColor(-1, t)]).toEqual([
      "green",
      "yellow",
      "red",
      undefined,
    ]);
    expect(thresholdColor(null, t)).toBeUndefined();
  });

  it("draws every query's series in the first answer's scaled unit", () => {
    const model = metricPanelModel(
      [
        answer([{ labels: { host: "a" }, points: [[1, 2_000_000]] }]),
        answer([{ labels: { host: "b" }, points: [[1, 1]] }]),
      ],
      ["host"],
    );
    expect(model?.model.series.map((s) => s.name)).toEqual(["a", "b"]);
    expect(model?.label).toBe("MiB");
  });

  it("stacks whole and partial lines apart, never exemplar dots", () => {
    const option = stackLines({
      series: [
        { type: "line", data: [] },
        { type: "line", data: [], lineStyle: { type: "dashed" } },
        { type: "scatter", id: "exemplars-a", data: [] },
      ],
    });
    expect(option.series.map((s) => (s as { stack?: string }).stack)).toEqual(["whole", "partial", undefined]);
  });
});
