import { describe, expect, it } from "vitest";
import { LogsQuerySchema } from "./logs.ts";
import { MetricSeriesQuerySchema } from "./metrics.ts";
import { TraceSearchQuerySchema } from "./traces.ts";
import { attributeConditions, parseAttributeFilter } from "./values.ts";

const filters = (...texts: string[]) => texts.map((t) => parseAttributeFilter(t)!);

describe("a list of attribute filters", () => {
  it("is any of one key's = values, none of its != values, and every key", () => {
    expect(attributeConditions(filters("k=a", "x!=1", "k=b", "k=a", "service.name=s", "x!=2", "k!=c", "k="))).toEqual([
      { key: "k", op: "=", values: ["a", "b", ""] },
      { key: "x", op: "!=", values: ["1", "2"] },
      { key: "service.name", op: "=", values: ["s"] },
      { key: "k", op: "!=", values: ["c"] },
    ]);
    expect(attributeConditions([])).toEqual([]);
  });

  it("keeps repeated filters from the query string, at most 50", () => {
    const q = MetricSeriesQuerySchema.parse({ metric: "m", filter: ["k=a", "k=b"] });
    expect(attributeConditions(q.filter)).toEqual([{ key: "k", op: "=", values: ["a", "b"] }]);
    const many = Array.from({ length: 51 }, (_, i) => `k=${i}`);
    expect(LogsQuerySchema.safeParse({ attr: many.slice(0, 50) }).success).toBe(true);
    expect(LogsQuerySchema.safeParse({ attr: many }).error?.issues[0]).toMatchObject({
      path: ["attr"],
      message: "at most 50 values",
    });
  });
});

describe("service and span name lists", () => {
  it("take one value or several (trimmed, empties dropped, each once); none is []", () => {
    expect(LogsQuerySchema.parse({ service: "cart" }).service).toEqual(["cart"]);
    expect(LogsQuerySchema.parse({ service: [" cart ", "", "pay", "cart"] }).service).toEqual(["cart", "pay"]);
    expect(LogsQuerySchema.parse({}).service).toEqual([]);
    expect(LogsQuerySchema.parse({ service: " " }).service).toEqual([]);
    const t = TraceSearchQuerySchema.parse({ service: ["a", "b"], name: "GET /" });
    expect([t.service, t.name]).toEqual([["a", "b"], ["GET /"]]);
  });

  it("refuse more than 50 values and an overlong one", () => {
    const many = Array.from({ length: 51 }, (_, i) => `s${i}`);
    expect(TraceSearchQuerySchema.safeParse({ service: many }).success).toBe(false);
    expect(LogsQuerySchema.safeParse({ service: "x".repeat(1001) }).success).toBe(false);
  });
});
