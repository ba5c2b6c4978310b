// mergePartials by hand: which series a rule's filters select (own OR resource attribute,
// an empty value: whether the key is set, service.name the column), how they group, and each aggregation's
// merge. The same against chDB, rule by rule: apps/api/test/cycle-values.chdb.test.ts.
import type { AttributeFilter } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import type { SeriesAttributes } from "./attributes.ts";
import type { MetricPartials, PointsPartial } from "./metric-partials.ts";
import { mergePartials, type PartialsQuery } from "./metric-partials-merge.ts";

const RANGE = { from: 1_700_000_000_000, to: 1_700_000_060_000 };
const A: SeriesAttributes = {
  service: "checkout",
  resource: { env: "prod", tier: "backend" },
  attributes: { route: "/a", tier: "canary" },
};
const B: SeriesAttributes = {
  service: "checkout",
  resource: { env: "staging", tier: "backend" },
  attributes: { route: "/b" },
};
const C: SeriesAttributes = { service: "search", resource: { env: "prod" }, attributes: {} };

const points: MetricPartials = {
  range: RANGE,
  kind: "points",
  series: [
    { ...A, sum: 6, count: 3, min: 1, max: 3, last: 3, lastNs: 100n },
    { ...B, sum: 10, count: 2, min: 4, max: 6, last: 4, lastNs: 100n },
    { ...C, sum: 1, count: 1, min: 1, max: 1, last: 1, lastNs: 200n },
  ] satisfies PointsPartial[],
};

const f = (text: string): AttributeFilter => {
  const [key, op, value] = text.split(/(!=|=)/) as [string, "=" | "!=", string];
  return { key, op, value };
};
const query = (agg: PartialsQuery["agg"], filters: string[] = [], groupBy: string[] = []): PartialsQuery => ({
  agg,
  filter: filters.map(f),
  groupBy,
});
const one = (p: MetricPartials, q: PartialsQuery) => mergePartials(p, q).map((v) => v.value);
const labelsOf = (q: PartialsQuery) => mergePartials(points, q).map((v) => v.labels);

describe("which series a rule selects", () => {
  it("k = v matches the own or the resource attribute; != is its negation", () => {
    expect(one(points, query("count", ["env=prod"]))).toEqual([4]); // A (3) + C (1)
    expect(one(points, query("count", ["tier=backend"]))).toEqual([5]); // A's resource says backend too
    expect(one(points, query("count", ["tier=canary"]))).toEqual([3]);
    expect(one(points, query("count", ["tier!=backend"]))).toEqual([1]); // only C
  });
  it("an empty value asks whether the key is set; service.name is the ServiceName column", () => {
    expect(one(points, query("count", ["route="]))).toEqual([1]); // only C has no route
    expect(one(points, query("count", ["route!="]))).toEqual([5]); // A (3) + B (2): route set
    expect(one(points, query("count", ["service.name=checkout", "route!=/b"]))).toEqual([3]);
    expect(one(points, query("count", ["service.name!=checkout"]))).toEqual([1]);
    expect(one(points, query("count", ["service.name=nobody"]))).toEqual([]);
    expect(one(points, query("count", ["constructor="]))).toEqual([6]);
  });
  it("= filters on one key are any of them, != filters none of them; keys are ANDed", () => {
    expect(one(points, query("count", ["service.name=checkout", "service.name=search"]))).toEqual([6]);
    expect(one(points, query("count", ["service.name=search", "service.name=nobody"]))).toEqual([1]);
    expect(one(points, query("count", ["route=/a", "route=/b"]))).toEqual([5]);
    expect(one(points, query("count", ["route=/a", "route="]))).toEqual([4]); // A (3) + C (1)
    expect(one(points, query("count", ["env=staging", "env=prod", "route=/b"]))).toEqual([2]);
    expect(one(points, query("count", ["route!=/a", "route!=/b"]))).toEqual([1]);
  });
  it("groups by the own attribute when the series has it, else the resource attribute, else empty", () => {
    expect(labelsOf(query("count", [], ["tier"]))).toEqual([{ tier: "" }, { tier: "backend" }, { tier: "canary" }]);
    expect(labelsOf(query("count", [], ["service.name", "env"]))).toEqual([
      { "service.name": "checkout", env: "prod" },
      { "service.name": "checkout", env: "staging" },
      { "service.name": "search", env: "prod" },
    ]);
    expect(labelsOf(query("count", [], ["toString"]))).toEqual([{ toString: "" }]);
  });
});

describe("merging a group's series", () => {
  it("points: avg over points, sum of series means, min, max, count", () => {
    expect(one(points, query("avg"))).toEqual([17 / 6]);
    expect(one(points, query("sum"))).toEqual([2 + 5 + 1]);
    expect(one(points, query("min"))).toEqual([1]);
    expect(one(points, query("max"))).toEqual([6]);
    expect(one(points, query("count"))).toEqual([6]);
  });
  it("min and max of a metric with 200,000 series (more than a spread's arguments)", () => {
    const many: MetricPartials = {
      range: RANGE,
      kind: "points",
      series: Array.from({ length: 200_000 }, (_, i) => ({
        ...C,
        sum: i,
        count: 1,
        min: i,
        max: i,
        last: i,
        lastNs: 1n,
      })),
    };
    expect([one(many, query("min")), one(many, query("max"))]).toEqual([[0], [199_999]]);
  });
  it("last: the latest point; of points at the same instant the highest", () => {
    expect(one(points, query("last"))).toEqual([1]);
    expect(one(points, query("last", ["service.name=checkout"]))).toEqual([4]);
  });
  it("counters: increase, and rate per second of the window", () => {
    const counter: MetricPartials = {
      range: RANGE,
      kind: "counter",
      series: [
        { ...A, delta: 30 },
        { ...C, delta: 90 },
      ],
    };
    expect(one(counter, query("increase"))).toEqual([120]);
    expect(one(counter, query("rate"))).toEqual([2]);
    expect(one(counter, query("rate", [], ["env"]))).toEqual([2]);
  });
  it("count and sum: avg is Σsum / Σcount, none without observations", () => {
    const countSum: MetricPartials = {
      range: RANGE,
      kind: "countSum",
      series: [
        { ...A, dCount: 3, dSum: 30 },
        { ...B, dCount: 1, dSum: 2 },
        { ...C, dCount: 0, dSum: 0 },
      ],
    };
    expect(one(countSum, query("avg"))).toEqual([8]);
    expect(one(countSum, query("count"))).toEqual([4]);
    expect(one(countSum, query("rate"))).toEqual([4 / 60]);
    expect(mergePartials(countSum, query("avg", [], ["service.name"]))).toEqual([
      { labels: { "service.name": "checkout" }, value: 8 },
      { labels: { "service.name": "search" }, value: null },
    ]);
  });
  it("percentiles: bucket counts added per bound set, different sets spread onto their union", () => {
    const buckets: MetricPartials = {
      range: RANGE,
      kind: "buckets",
      series: [
        { ...A, bounds: [10, 20], counts: [0, 4, 0] },
        { ...B, bounds: [10, 20], counts: [0, 4, 0] },
        { ...C, bounds: [5], counts: [3, 2] },
      ],
    };
    // Union bounds [5, 10, 20]: C's (0,5] 3 and its 2 above 5 in (5,10]; A's and B's 8 in (10,20].
    expect(one(buckets, query("p50"))[0]).toBeCloseTo(10 + (10 * 1.5) / 8, 12);
    expect(one(buckets, query("p99", ["env=prod"]))[0]).toBeCloseTo(10 + (10 * 3.91) / 4, 12);
    expect(one(buckets, query("p50", ["nothing=here"]))).toEqual([]);
  });
});
