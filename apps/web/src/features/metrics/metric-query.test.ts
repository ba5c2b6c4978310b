import { describe, expect, it } from "vitest";
import { metricHref } from "../../lib/links.ts";
import { mergeSearch } from "../../lib/url-state.ts";
import {
  addFilter,
  addGroupBy,
  aggChoices,
  aggSupported,
  EMPTY_QUERY,
  type MetricQuery,
  metricQueryPatch,
  readMetricQuery,
  removeFilter,
  removeGroupBy,
  selectedAgg,
  seriesParams,
  withMetric,
} from "./metric-query.ts";

const read = (search: string) => readMetricQuery(new URLSearchParams(search));

describe("readMetricQuery", () => {
  it("reads every key", () => {
    const q = read(
      "metric=http.server.request.duration&agg=p95&groupBy=service.name,http.route&filter=http.route%3D%2Fcart&filter=status!%3D500&step=1m&hlFrom=1000&hlTo=2000",
    );
    expect(q).toEqual({
      metric: "http.server.request.duration",
      agg: "p95",
      groupBy: ["service.name", "http.route"],
      filters: [
        { key: "http.route", op: "=", value: "/cart" },
        { key: "status", op: "!=", value: "500" },
      ],
      step: "1m",
      highlight: { fromMs: 1000, toMs: 2000 },
    });
  });

  it("is empty without parameters", () => {
    expect(read("")).toEqual(EMPTY_QUERY);
    expect(read("metric=&agg=%20&groupBy=")).toEqual(EMPTY_QUERY);
  });

  it("accepts repeated groupBy and drops duplicates and blanks", () => {
    expect(read("groupBy=a,%20b&groupBy=a,,c").groupBy).toEqual(["a", "b", "c"]);
  });

  it("drops malformed filters and half or reversed highlight windows", () => {
    expect(read("filter=nokey&filter==v&filter=k=").filters).toEqual([{ key: "k", op: "=", value: "" }]);
    expect(read("hlFrom=1000").highlight).toBeUndefined();
    expect(read("hlFrom=2000&hlTo=1000").highlight).toBeUndefined();
    expect(read("hlFrom=now-1h&hlTo=now").highlight).toBeUndefined();
  });

  it("keeps a value that contains '='", () => {
    expect(read(`filter=${encodeURIComponent("q=a=b")}`).filters).toEqual([{ key: "q", op: "=", value: "a=b" }]);
  });
});

describe("URL round trip", () => {
  const full: MetricQuery = {
    metric: "orders.placed",
    agg: "rate",
    groupBy: ["payment.method"],
    filters: [{ key: "service.name", op: "!=", value: "inventory" }],
    step: "30s",
    highlight: { fromMs: 1_700_000_000_000, toMs: 1_700_000_600_000 },
  };

  it("reads exemplars=off only", () => {
    expect(read("exemplars=off").hideExemplars).toBe(true);
    expect(read("exemplars=on").hideExemplars).toBeUndefined();
    expect(mergeSearch("", metricQueryPatch({ ...EMPTY_QUERY, hideExemplars: true }))).toBe("exemplars=off");
  });

  it("patch → URL → query gives the same query", () => {
    expect(read(mergeSearch("", metricQueryPatch(full)))).toEqual(full);
    expect(read(mergeSearch("", metricQueryPatch(EMPTY_QUERY)))).toEqual(EMPTY_QUERY);
  });

  it("a patch removes keys the query no longer has and keeps others (the time range)", () => {
    const search = mergeSearch("from=now-6h&to=now", metricQueryPatch(full));
    const cleared = mergeSearch(search, metricQueryPatch({ metric: "x", groupBy: [], filters: [] }));
    expect(cleared).toBe("from=now-6h&to=now&metric=x");
  });

  it("metricHref links open the same query", () => {
    const href = metricHref({
      range: { from: "1700000000000", to: "1700000900000" },
      metric: "orders.placed",
      agg: "rate",
      groupBy: ["payment.method"],
      filter: ["service.name!=inventory"],
      step: "30s",
      hlFrom: 1_700_000_000_000,
      hlTo: 1_700_000_600_000,
    });
    const [path, search] = href.split("?");
    expect(path).toBe("/metrics");
    const params = new URLSearchParams(search);
    expect(readMetricQuery(params)).toEqual(full);
    expect(params.get("from")).toBe("1700000000000");
  });
});

describe("editing", () => {
  const base: MetricQuery = { metric: "m", agg: "max", groupBy: ["a"], filters: [], step: "1m" };

  it("picking another metric resets aggregation, group-by and filters but keeps the step", () => {
    expect(withMetric(base, "n")).toEqual({ metric: "n", groupBy: [], filters: [], step: "1m" });
    expect(withMetric(base, "m")).toBe(base);
    expect(withMetric(base, undefined)).toEqual({ groupBy: [], filters: [], step: "1m" });
  });

  it("adds and removes group-by keys and filters without duplicates", () => {
    expect(addGroupBy(base, "a").groupBy).toEqual(["a"]);
    expect(addGroupBy(base, "b").groupBy).toEqual(["a", "b"]);
    expect(removeGroupBy(base, "a").groupBy).toEqual([]);
    const f = { key: "k", op: "=" as const, value: "v" };
    const once = addFilter(base, f);
    expect(addFilter(once, { ...f }).filters).toHaveLength(1);
    expect(addFilter(once, { ...f, op: "!=" }).filters).toHaveLength(2);
    expect(removeFilter(once, 0).filters).toEqual([]);
  });
});

describe("series parameters and aggregations", () => {
  it("sends what the API takes; nothing without a metric", () => {
    const q: MetricQuery = {
      metric: "m",
      groupBy: ["a", "b"],
      filters: [{ key: "k", op: "!=", value: "v" }],
    };
    expect(seriesParams(q, { from: 1, to: 2 })).toEqual({
      metric: "m",
      agg: undefined,
      groupBy: "a,b",
      filter: ["k!=v"],
      step: undefined,
      from: 1,
      to: 2,
    });
    expect(seriesParams(EMPTY_QUERY, { from: 1, to: 2 })).toBeUndefined();
  });

  it("offers the type's aggregations with histogram percentiles first and p99 by default", () => {
    const histogram = {
      name: "h",
      type: "histogram" as const,
      unit: "ms",
      units: ["ms"],
      description: "",
      services: [],
    };
    expect(aggChoices(histogram).slice(0, 4)).toEqual(["p99", "p50", "p90", "p95"]);
    expect(selectedAgg({ metric: "h", groupBy: [], filters: [] }, histogram)).toBe("p99");
    const counter = { ...histogram, type: "sum" as const, isMonotonic: true };
    expect(selectedAgg({ metric: "c", groupBy: [], filters: [] }, counter)).toBe("rate");
    expect(selectedAgg({ metric: "c", agg: "max", groupBy: [], filters: [] }, counter)).toBe("max");
    expect(aggChoices(undefined)).toEqual([]);
  });

  it("knows when the URL's aggregation does not fit the type", () => {
    expect(aggSupported("p99", { type: "gauge" })).toBe(false);
    expect(aggSupported("last", { type: "gauge" })).toBe(true);
    expect(aggSupported("p99", undefined)).toBe(true);
    expect(aggSupported(undefined, { type: "gauge" })).toBe(true);
  });
});
