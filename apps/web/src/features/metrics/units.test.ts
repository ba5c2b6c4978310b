import type { MetricSeriesResponse } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { chooseScale, displayUnit, scaleResponse, unitLabel } from "./units.ts";

describe("displayUnit", () => {
  it("keeps the unit for value aggregations", () => {
    expect(displayUnit("ms", "p99", "histogram")).toBe("ms");
    expect(displayUnit("By", "avg", "gauge")).toBe("By");
  });

  it("counts have no unit; rates are per second", () => {
    expect(displayUnit("ms", "count", "histogram")).toBe("");
    expect(displayUnit("ms", "rate", "histogram")).toBe("/s");
    expect(displayUnit("{order}", "rate", "sum")).toBe("order/s");
    expect(displayUnit("By", "rate", "sum")).toBe("By/s");
    expect(displayUnit("{order}", "increase", "sum")).toBe("{order}");
  });

  it("labels drop OTel's braces", () => {
    expect(unitLabel("{connection}")).toBe("connection");
    expect(unitLabel("ms")).toBe("ms");
  });
});

describe("chooseScale", () => {
  it("scales bytes by 1024 up to the largest value", () => {
    expect(chooseScale("By", 500)).toEqual({ factor: 1, unit: "By" });
    expect(chooseScale("By", 2048)).toEqual({ factor: 1 / 1024, unit: "KiB" });
    expect(chooseScale("By", 126e6)).toEqual({ factor: 1 / 1024 ** 2, unit: "MiB" });
    expect(chooseScale("By", 1e18)).toEqual({ factor: 1 / 1024 ** 4, unit: "TiB" });
    expect(chooseScale("By/s", 5e6)).toEqual({ factor: 1 / 1024 ** 2, unit: "MiB/s" });
  });

  it("shows long milliseconds in seconds and short seconds in milliseconds", () => {
    expect(chooseScale("ms", 9_999)).toEqual({ factor: 1, unit: "ms" });
    expect(chooseScale("ms", 12_000)).toEqual({ factor: 1 / 1000, unit: "s" });
    expect(chooseScale("s", 0.25)).toEqual({ factor: 1000, unit: "ms" });
    expect(chooseScale("s", 0)).toEqual({ factor: 1, unit: "s" });
    expect(chooseScale("s", 3)).toEqual({ factor: 1, unit: "s" });
  });

  it("leaves other units alone", () => {
    expect(chooseScale("{order}", 1e9)).toEqual({ factor: 1, unit: "{order}" });
    expect(chooseScale("", 1e9)).toEqual({ factor: 1, unit: "" });
  });
});

describe("scaleResponse", () => {
  const data: MetricSeriesResponse = {
    metric: { name: "m", type: "gauge", unit: "By", agg: "avg" },
    stepMs: 1000,
    series: [
      {
        labels: {},
        points: [
          [0, 2 * 1024 ** 2],
          [1000, null],
        ],
      },
    ],
    exemplars: [{ timestamp: 1, value: 1024 ** 2, traceId: "t", spanId: "s", labels: {}, serviceName: "x" }],
  };

  it("scales points and exemplars alike, keeping gaps", () => {
    const scaled = scaleResponse(data, "By");
    expect(scaled.unit).toBe("MiB");
    expect(scaled.series[0]?.points).toEqual([
      [0, 2],
      [1000, null],
    ]);
    expect(scaled.exemplars[0]?.value).toBe(1);
  });

  it("returns the response's arrays when nothing changes", () => {
    const same = scaleResponse(data, "{x}");
    expect(same.series).toBe(data.series);
    expect(same.exemplars).toBe(data.exemplars);
  });
});
