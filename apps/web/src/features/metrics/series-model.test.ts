import type { MetricExemplar, MetricSeries } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import {
  buildSeriesModel,
  groupExemplars,
  SERIES_COLORS,
  seriesKey,
  seriesName,
  summaryStats,
  UNMATCHED_COLOR,
} from "./series-model.ts";

const series = (labels: Record<string, string>, values: (number | null)[]): MetricSeries => ({
  labels,
  points: values.map((v, i) => [i * 1000, v]),
});

const exemplar = (labels: Record<string, string>, value = 1): MetricExemplar => ({
  timestamp: 500,
  value,
  traceId: "t".repeat(32),
  spanId: "s".repeat(16),
  labels,
  serviceName: "checkout",
});

describe("summaryStats", () => {
  it("skips gaps; last is the newest value", () => {
    expect(
      summaryStats([
        [0, 4],
        [1, null],
        [2, 1],
        [3, 7],
        [4, null],
      ]),
    ).toEqual({ last: 7, min: 1, max: 7, avg: 4 });
  });

  it("is all null without values", () => {
    expect(summaryStats([])).toEqual({ last: null, min: null, max: null, avg: null });
    expect(summaryStats([[0, null]])).toEqual({ last: null, min: null, max: null, avg: null });
  });

  it("handles negative values", () => {
    expect(
      summaryStats([
        [0, -2],
        [1, -4],
      ]),
    ).toEqual({ last: -4, min: -4, max: -2, avg: -3 });
  });
});

describe("names and keys", () => {
  it("keys ignore label order", () => {
    expect(seriesKey({ a: "1", b: "2" })).toBe(seriesKey({ b: "2", a: "1" }));
    expect(seriesKey({ a: "1" })).not.toBe(seriesKey({ a: "2" }));
  });

  it("names list values in group-by order; empty values show as (none)", () => {
    expect(seriesName({ b: "x", a: "y" }, ["a", "b"], "m")).toBe("y · x");
    expect(seriesName({ a: "" }, ["a"], "m")).toBe("(none)");
    expect(seriesName({}, [], "metric.name")).toBe("metric.name");
  });
});

describe("buildSeriesModel", () => {
  it("keeps every series under the cap, in order, with distinct colours", () => {
    const model = buildSeriesModel([series({ a: "1" }, [1]), series({ a: "2" }, [2])], ["a"], "m");
    expect(model.total).toBe(2);
    expect(model.series.map((s) => s.name)).toEqual(["1", "2"]);
    expect(model.series.map((s) => s.color)).toEqual([SERIES_COLORS[0], SERIES_COLORS[1]]);
    expect(model.series[1]?.stats.last).toBe(2);
  });

  it("over the cap keeps the highest averages, in the response's order", () => {
    const all = [0, 5, 1, 9, 3].map((v, i) => series({ i: String(i) }, [v, v]));
    const model = buildSeriesModel(all, ["i"], "m", 3);
    expect(model.total).toBe(5);
    expect(model.series.map((s) => s.name)).toEqual(["1", "3", "4"]);
  });

  it("marks each point whose time the response lists as partial", () => {
    const model = buildSeriesModel([series({ a: "1" }, [1, 2, 3]), series({ a: "2" }, [4])], ["a"], "m", 20, [0, 2000]);
    expect(model.series.map((s) => s.partial)).toEqual([[true, false, true], [true]]);
    expect(buildSeriesModel([series({}, [1])], [], "m").series[0]?.partial).toEqual([false]);
  });

  it("series without values rank last", () => {
    const model = buildSeriesModel([series({ i: "a" }, [null]), series({ i: "b" }, [0])], ["i"], "m", 1);
    expect(model.series.map((s) => s.name)).toEqual(["b"]);
  });

  it("has twenty distinct colours", () => {
    expect(new Set(SERIES_COLORS).size).toBe(20);
  });
});

describe("groupExemplars", () => {
  const model = buildSeriesModel(
    [series({ route: "/a", code: "200" }, [1]), series({ route: "/b", code: "200" }, [1])],
    ["route", "code"],
    "m",
  );

  it("gives each exemplar the colour of the series with the same labels", () => {
    const groups = groupExemplars(
      [
        exemplar({ code: "200", route: "/b" }, 3),
        exemplar({ route: "/a", code: "200" }),
        exemplar({ route: "/b", code: "200" }),
      ],
      model.series,
    );
    expect(groups.map((g) => [g.series?.name, g.color, g.exemplars.length])).toEqual([
      ["/a · 200", SERIES_COLORS[0], 1],
      ["/b · 200", SERIES_COLORS[1], 2],
    ]);
  });

  it("puts exemplars of series not drawn in a grey group last", () => {
    const groups = groupExemplars(
      [exemplar({ route: "/zzz", code: "500" }), exemplar({ route: "/a", code: "200" })],
      model.series,
    );
    expect(groups.map((g) => [g.series?.name, g.color])).toEqual([
      ["/a · 200", SERIES_COLORS[0]],
      [undefined, UNMATCHED_COLOR],
    ]);
  });

  it("without a group-by every exemplar belongs to the one series", () => {
    const single = buildSeriesModel([series({}, [1])], [], "m");
    expect(groupExemplars([exemplar({}), exemplar({})], single.series)[0]?.exemplars).toHaveLength(2);
  });
});
