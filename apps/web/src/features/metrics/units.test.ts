import type { MetricExemplar, MetricSeries } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { displayUnit, scaleValues } from "./units.ts";

describe("displayUnit", () => {
  it("keeps the unit for value aggregations", () => {
    expect(displayUnit("ms", "p99", "histogram")).toBe("ms");
    expect(displayUnit("By", "avg", "gauge")).toBe("By");
  });

  it("counts have no unit; rates are per second", () => {
    expect(displayUnit("ms", "count", "histogram")).toBe("");
    expect(displayUnit("ms", "rate", "histogram")).toBe("/s");
    expect(displayUnit("{order}", "rate", "sum")).toBe("{order}/s");
    expect(displayUnit("By", "rate", "sum")).toBe("By/s");
    expect(displayUnit("{order}", "increase", "sum")).toBe("{order}");
  });
});

describe("scaleValues", () => {
  const series: MetricSeries[] = [
    {
      labels: {},
      points: [
        [0, 2 * 1024 ** 2],
        [1000, null],
      ],
    },
  ];
  const exemplars: MetricExemplar[] = [
    { timestamp: 1, value: 1024 ** 2, traceId: "t", spanId: "s", labels: {}, serviceName: "x" },
  ];

  it("converts points and exemplars alike into the scale of the largest point, keeping gaps", () => {
    const scaled = scaleValues(series, exemplars, "By");
    expect(scaled).toMatchObject({ unit: "MiBy", label: "MiB", max: 2 });
    expect(scaled.series[0]?.points).toEqual([
      [0, 2],
      [1000, null],
    ]);
    expect(scaled.exemplars[0]?.value).toBe(1);
  });

  it("shows ratios as percents", () => {
    const ratio = scaleValues([{ labels: {}, points: [[0, 0.69]] }], [], "1");
    expect(ratio).toMatchObject({ unit: "%", label: "%" });
    expect(ratio.series[0]?.points[0]?.[1]).toBeCloseTo(69);
  });

  it("returns the arrays given when nothing changes", () => {
    const same = scaleValues(series, exemplars, "{x}");
    expect(same).toMatchObject({ unit: "{x}", label: "x", max: 2 * 1024 ** 2 });
    expect(same.series).toBe(series);
    expect(same.exemplars).toBe(exemplars);
  });
});
