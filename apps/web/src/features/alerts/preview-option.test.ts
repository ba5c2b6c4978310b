import type { AlertPreviewResponse } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import {
  firingCount,
  hasIsolatedPoints,
  partialWindows,
  previewChartOption,
  seriesName,
  THRESHOLD_SERIES_ID,
  thresholdValues,
} from "./preview-option.ts";

const data: AlertPreviewResponse = {
  stepMs: 60_000,
  unit: "ms",
  warnings: [],
  truncated: false,
  series: [
    {
      labels: { "http.route": "/pay" },
      points: [
        [0, 100],
        [60_000, 900],
        [120_000, 950],
      ],
      firing: [{ from: 60_000, to: 180_000 }],
    },
    {
      labels: { "http.route": "/cart" },
      points: [
        [0, 10],
        [60_000, null],
      ],
      firing: [],
    },
  ],
};

type Opt = ReturnType<typeof previewChartOption>;
type AnySeries = Record<string, unknown> & { markArea?: { data: unknown }; markLine?: { data: { yAxis: number }[] } };
const series = (o: Opt) => o.series as AnySeries[];

describe("previewChartOption", () => {
  it("draws a line per series, the threshold as a mark line and the firing intervals shaded", () => {
    const option = previewChartOption({ fromMs: 0, toMs: 180_000, data, condition: { op: ">", threshold: 800 } });
    const [threshold, pay, cart] = series(option);
    expect(threshold?.id).toBe(THRESHOLD_SERIES_ID);
    expect(threshold?.markLine?.data.map((d) => d.yAxis)).toEqual([800]);
    expect(pay?.name).toBe("http.route=/pay");
    expect(pay?.data).toEqual(data.series[0]?.points);
    expect(pay?.markArea?.data).toEqual([[{ xAxis: 60_000 }, { xAxis: 180_000 }]]);
    expect(cart?.markArea).toBeUndefined();
    // A point without a neighbour shows as a dot; a line without such points does not.
    expect([pay?.showSymbol, cart?.showSymbol]).toEqual([false, true]);
    expect(
      hasIsolatedPoints([
        [0, 1],
        [1, null],
        [2, 3],
        [3, 4],
      ]),
    ).toBe(true);
    expect(
      hasIsolatedPoints([
        [0, null],
        [1, 2],
        [2, 3],
        [3, null],
      ]),
    ).toBe(false);
    expect(option.legend.data).toEqual(["http.route=/pay", "http.route=/cart"]);
    expect(option.xAxis).toEqual({ type: "time", min: 0, max: 180_000 });
  });

  it("draws both bounds of 'outside' and stretches the axis to reach them", () => {
    const option = previewChartOption({
      fromMs: 0,
      toMs: 1,
      data,
      condition: { op: "outside", threshold: 5, thresholdHigh: 2000 },
    });
    expect(series(option)[0]?.markLine?.data.map((d) => d.yAxis)).toEqual([5, 2000]);
    const y = option.yAxis as {
      min: (e: { min: number }) => number | undefined;
      max: (e: { max: number }) => number | undefined;
    };
    expect(y.max({ max: 950 })).toBe(2200);
    expect(y.max({ max: 5000 })).toBeUndefined();
    expect(y.min({ min: 10 })).toBe(5);
    expect(y.min({ min: 0 })).toBeUndefined();
  });

  it("draws a threshold written in another unit in the values' scale, labelled in it", () => {
    const seconds: AlertPreviewResponse = {
      ...data,
      unit: "s",
      series: [{ labels: {}, points: [[0, 0.95]], firing: [] }],
    };
    const option = previewChartOption({
      fromMs: 0,
      toMs: 1,
      data: seconds,
      condition: { op: ">", threshold: 800, unit: "ms" },
    });
    const [threshold, line] = series(option);
    // 0.95 s reads best in ms: the points and the threshold are both drawn in ms.
    expect(line?.data).toEqual([[0, 950]]);
    const mark = threshold?.markLine?.data[0] as { yAxis: number; name: string };
    expect(mark.yAxis).toBeCloseTo(800);
    expect(mark.name).toBe("> 800 ms");
    const axis = option.yAxis as { axisLabel: { formatter: (v: number) => string } };
    expect(axis.axisLabel.formatter(500)).toBe("500 ms");
  });

  it("draws a first window that starts before the range dashed, joined to the next, under one legend entry", () => {
    const option = previewChartOption({ fromMs: 30_000, toMs: 180_000, data, condition: { op: ">", threshold: 800 } });
    const pay = series(option).filter((s) => s.name === "http.route=/pay");
    expect(pay.map((s) => [s.id, s.lineStyle, s.data, s.markArea?.data])).toEqual([
      [
        "series-0",
        { width: 1.5 },
        [
          [0, null],
          [60_000, 900],
          [120_000, 950],
        ],
        [[{ xAxis: 60_000 }, { xAxis: 180_000 }]],
      ],
      [
        "series-0-partial",
        { width: 1.5, type: "dashed" },
        [
          [0, 100],
          [60_000, 900],
          [120_000, null],
        ],
        undefined,
      ],
    ]);
    expect(partialWindows(data.series[0]?.points ?? [], 30_000)).toEqual([true, false, false]);
    expect(option.legend.data).toEqual(["http.route=/pay", "http.route=/cart"]);
  });

  it("counts firing intervals over all series and names a series without labels", () => {
    expect(firingCount(data)).toBe(1);
    expect(seriesName({ labels: {} })).toBe("value");
    expect(thresholdValues({ op: "outside", threshold: 1 })).toEqual([1]);
  });
});
