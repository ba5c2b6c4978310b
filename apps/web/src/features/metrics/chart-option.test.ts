import type { MetricExemplar } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { EXEMPLAR_SERIES_PREFIX } from "../../components/chart-options.ts";
import { HIGHLIGHT_COLOR, HIGHLIGHT_SERIES_ID, metricChartOption } from "./chart-option.ts";
import { buildSeriesModel, SERIES_COLORS, UNMATCHED_COLOR } from "./series-model.ts";

const model = buildSeriesModel(
  [
    {
      labels: { route: "/a" },
      points: [
        [0, 1],
        [1000, 2],
      ],
    },
    {
      labels: { route: "/b" },
      points: [
        [0, 3],
        [1000, null],
      ],
    },
  ],
  ["route"],
  "m",
);
const exemplars: MetricExemplar[] = [
  {
    timestamp: 500,
    value: 2,
    traceId: "a".repeat(32),
    spanId: "b".repeat(16),
    labels: { route: "/b" },
    serviceName: "svc",
  },
  {
    timestamp: 600,
    value: 9,
    traceId: "c".repeat(32),
    spanId: "d".repeat(16),
    labels: { route: "/gone" },
    serviceName: "svc",
  },
];
const input = { fromMs: 0, toMs: 1000, unit: "ms", max: 3, series: model.series, exemplars, showExemplars: true };

type AnySeries = Record<string, unknown> & { id?: string; name: string; type: string; data: unknown[] };
const seriesOf = (option: ReturnType<typeof metricChartOption>) => option.series as AnySeries[];

describe("metricChartOption", () => {
  it("draws one coloured line per series, the x axis over the range and a legend of lines", () => {
    const option = metricChartOption(input);
    const lines = seriesOf(option).filter((s) => s.type === "line");
    expect(lines.map((s) => [s.name, (s.itemStyle as { color: string }).color])).toEqual([
      ["/a", SERIES_COLORS[0]],
      ["/b", SERIES_COLORS[1]],
    ]);
    expect(lines[0]?.data).toEqual([
      [0, 1],
      [1000, 2],
    ]);
    expect(option.xAxis).toMatchObject({ type: "time", min: 0, max: 1000 });
    expect(option.legend.data).toEqual(["/a", "/b"]);
  });

  it("y axis labels carry the unit, every tick in the scale of the largest value", () => {
    const formatter = metricChartOption({ ...input, max: 250 }).yAxis.axisLabel.formatter;
    expect([0, 0.5, 250].map(formatter)).toEqual(["0 ms", "0.500 ms", "250 ms"]);
    const bytes = metricChartOption({ ...input, unit: "MiBy", max: 3 }).yAxis.axisLabel.formatter;
    expect([0.5, 3].map(bytes)).toEqual(["0.500 MiB", "3.00 MiB"]);
  });

  it("draws exemplars as clickable dots named and coloured like their line", () => {
    const dots = seriesOf(metricChartOption(input)).filter((s) => s.id?.startsWith(EXEMPLAR_SERIES_PREFIX));
    expect(dots.map((s) => [s.name, (s.itemStyle as { color: string }).color])).toEqual([
      ["/b", SERIES_COLORS[1]],
      ["other exemplars", UNMATCHED_COLOR],
    ]);
    expect(dots[0]?.data).toEqual([
      { value: [500, 2], traceId: "a".repeat(32), spanId: "b".repeat(16), label: "exemplar · svc" },
    ]);
  });

  it("draws earlier exemplar groups above later ones", () => {
    const dots = seriesOf(metricChartOption(input)).filter((s) => s.id?.startsWith(EXEMPLAR_SERIES_PREFIX));
    const z = dots.map((s) => s.z as number);
    expect(z[0]).toBeGreaterThan(z[1] ?? Number.POSITIVE_INFINITY);
    expect(Math.min(...z)).toBeGreaterThan(2); // above the lines
  });

  it("leaves exemplars out when hidden", () => {
    const option = metricChartOption({ ...input, showExemplars: false });
    expect(seriesOf(option).every((s) => s.type === "line")).toBe(true);
  });

  it("shades the highlighted window in a series of its own, left out of the legend", () => {
    const option = metricChartOption({ ...input, highlight: { fromMs: 200, toMs: 400 } });
    const shade = seriesOf(option).find((s) => s.id === HIGHLIGHT_SERIES_ID) as
      | { data: unknown[]; markArea: { data: unknown; itemStyle: { color: string } } }
      | undefined;
    expect(shade?.data).toEqual([]);
    expect(shade?.markArea.data).toEqual([[{ xAxis: 200 }, { xAxis: 400 }]]);
    expect(shade?.markArea.itemStyle.color).toBe(HIGHLIGHT_COLOR);
    expect(option.legend.data).toEqual(["/a", "/b"]);
    expect(seriesOf(metricChartOption(input)).some((s) => s.id === HIGHLIGHT_SERIES_ID)).toBe(false);
  });

  it("draws partial buckets dashed, joined to their whole neighbour, under the line's legend entry", () => {
    const partial = buildSeriesModel(
      [
        {
          labels: { route: "/a" },
          points: [
            [0, 1],
            [1000, 2],
            [2000, 0.5],
          ],
        },
      ],
      ["route"],
      "m",
      20,
      [2000],
    );
    const option = metricChartOption({ ...input, toMs: 2000, series: partial.series, exemplars: [] });
    const lines = seriesOf(option).filter((s) => s.type === "line");
    expect(lines.map((s) => [s.name, s.lineStyle, s.data])).toEqual([
      [
        "/a",
        { width: 1.5 },
        [
          [0, 1],
          [1000, 2],
          [2000, null],
        ],
      ],
      [
        "/a",
        { width: 1.5, type: "dashed" },
        [
          [0, null],
          [1000, 2],
          [2000, 0.5],
        ],
      ],
    ]);
    expect(option.legend.data).toEqual(["/a"]);
  });

  it("shows the point of a series with a single value", () => {
    const lines = seriesOf(metricChartOption(input)).filter((s) => s.type === "line");
    expect(lines.map((s) => s.showSymbol)).toEqual([false, true]);
  });
});
