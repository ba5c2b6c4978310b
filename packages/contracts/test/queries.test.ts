import { describe, expect, it } from "vitest";
import {
  LogsQuerySchema,
  MetricSeriesQuerySchema,
  RedQuerySchema,
  TraceParamsSchema,
  TraceSearchQuerySchema,
} from "../src/index.ts";

const range = { from: "1700000000000", to: "1700003600000" };

describe("trace schemas", () => {
  it("accepts 32 hex chars (any case) and refuses the rest", () => {
    expect(TraceParamsSchema.parse({ traceId: "0123456789ABCDEF0123456789abcdef" }).traceId).toBe(
      "0123456789abcdef0123456789abcdef",
    );
    expect(TraceParamsSchema.safeParse({ traceId: "xyz" }).success).toBe(false);
  });

  it("parses search filters, repeatable attrs, limit bounds", () => {
    const q = TraceSearchQuerySchema.parse({
      ...range,
      service: "cart",
      name: "",
      minDurationMs: "12.5",
      status: "error",
      attr: ["http.route=/a=b", "env!=prod"],
    });
    expect(q).toMatchObject({
      service: ["cart"],
      name: [],
      minDurationMs: 12.5,
      status: "Error",
      limit: 100,
      attr: [
        { key: "http.route", op: "=", value: "/a=b" },
        { key: "env", op: "!=", value: "prod" },
      ],
    });
    expect(TraceSearchQuerySchema.parse({ attr: "k=v" }).attr).toEqual([{ key: "k", op: "=", value: "v" }]);
    for (const limit of ["0", "1001", "abc", "1.5"]) {
      const r = TraceSearchQuerySchema.safeParse({ limit });
      expect(r.error?.issues[0]?.path).toEqual(["limit"]);
    }
    expect(TraceSearchQuerySchema.safeParse({ attr: "novalue" }).error?.issues[0]?.path).toEqual(["attr"]);
    expect(TraceSearchQuerySchema.safeParse({ status: "bad" }).error?.issues[0]?.path).toEqual(["status"]);
  });
});

describe("logs schema", () => {
  it("normalises severity and ids", () => {
    const q = LogsQuerySchema.parse({ severity: "warning", traceId: "AB".repeat(16), q: "  timeout  " });
    // q is kept as typed: a refused query's position points into what the user wrote.
    expect(q).toMatchObject({
      severity: "WARN",
      traceId: "ab".repeat(16),
      q: "  timeout  ",
      range: { explicit: false },
    });
    expect(LogsQuerySchema.safeParse({ spanId: "abc" }).error?.issues[0]?.path).toEqual(["spanId"]);
    expect(LogsQuerySchema.safeParse({ severity: "LOUD" }).error?.issues[0]?.path).toEqual(["severity"]);
  });
});

describe("metric series schema", () => {
  it("needs a metric, parses groupBy, filters and step", () => {
    const q = MetricSeriesQuerySchema.parse({
      ...range,
      metric: "http.server.duration",
      agg: "p99",
      groupBy: "service.name, http.route",
      filter: ["service.name=cart", "http.method!=GET"],
      step: "1m",
    });
    expect(q).toMatchObject({
      metric: "http.server.duration",
      agg: "p99",
      groupBy: ["service.name", "http.route"],
      filter: [
        { key: "service.name", op: "=", value: "cart" },
        { key: "http.method", op: "!=", value: "GET" },
      ],
      stepSeconds: 60,
    });
    expect(MetricSeriesQuerySchema.parse({ ...range, metric: "m" }).stepSeconds).toBe(30);
    expect(MetricSeriesQuerySchema.safeParse({ ...range }).error?.issues[0]?.path).toEqual(["metric"]);
    expect(MetricSeriesQuerySchema.safeParse({ ...range, metric: "m", agg: "p42" }).error?.issues[0]?.path).toEqual([
      "agg",
    ]);
    expect(
      MetricSeriesQuerySchema.safeParse({ from: "0", to: "86400000", metric: "m", step: "1" }).error?.issues[0]?.path,
    ).toEqual(["step"]);
  });
});

describe("red schema", () => {
  it("rounds the step up to whole minutes", () => {
    expect(RedQuerySchema.parse({ ...range, step: "90s" }).stepSeconds).toBe(120);
    expect(RedQuerySchema.parse({ ...range, step: "10s" }).stepSeconds).toBe(60);
    expect(RedQuerySchema.parse({ ...range }).stepSeconds).toBe(60);
  });
});
