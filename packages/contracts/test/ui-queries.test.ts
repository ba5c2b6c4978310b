// The schemas of the UI's endpoints: overview, log histogram, log tail, metric attributes.
import { describe, expect, it } from "vitest";
import {
  LogHistogramQuerySchema,
  LogsQuerySchema,
  LogTailQuerySchema,
  MetricAttributesQuerySchema,
  ServicesOverviewQuerySchema,
} from "../src/index.ts";

const range = { from: "1700000000000", to: "1700003600000" };
const firstPath = (r: { error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues[0]?.path;

describe("services overview schema", () => {
  it("takes a range and a step in whole minutes", () => {
    expect(ServicesOverviewQuerySchema.parse({ ...range, step: "90s" })).toMatchObject({
      range: { from: 1_700_000_000_000, to: 1_700_003_600_000, explicit: true },
      stepSeconds: 120,
    });
    expect(ServicesOverviewQuerySchema.parse({ ...range }).stepSeconds).toBe(60);
    // A day at the default: a round step giving about 120 points.
    expect(ServicesOverviewQuerySchema.parse({ from: "0", to: "86400000" }).stepSeconds).toBe(900);
    expect(firstPath(ServicesOverviewQuerySchema.safeParse({ ...range, step: "soon" }))).toEqual(["step"]);
    expect(firstPath(ServicesOverviewQuerySchema.safeParse({ from: "2", to: "1" }))).toEqual(["from"]);
  });
});

describe("log histogram schema", () => {
  it("has the filters of /logs plus a step of at least 1 s, and no limit", () => {
    const q = LogHistogramQuerySchema.parse({
      ...range,
      severity: "warning",
      traceId: "AB".repeat(16),
      q: " timeout ",
      service: ["cart"],
      attr: ["db.system=postgres"],
      step: "10s",
      limit: "5",
    });
    expect(q).toEqual({
      range: { from: 1_700_000_000_000, to: 1_700_003_600_000, explicit: true },
      stepSeconds: 10,
      severity: "WARN",
      traceId: "ab".repeat(16),
      spanId: undefined,
      // Kept as typed: a refused query's position points into what the user wrote.
      q: " timeout ",
      service: ["cart"],
      attr: [{ key: "db.system", op: "=", value: "postgres" }],
    });
    expect(LogHistogramQuerySchema.parse({ ...range }).stepSeconds).toBe(30);
    expect(LogHistogramQuerySchema.parse({ from: "0", to: "10000" }).stepSeconds).toBe(1);
    expect(firstPath(LogHistogramQuerySchema.safeParse({ ...range, severity: "LOUD" }))).toEqual(["severity"]);
    expect(firstPath(LogHistogramQuerySchema.safeParse({ from: "0", to: "86400000", step: "1" }))).toEqual(["step"]);
  });

  it("accepts exactly what /logs accepts for the shared filters", () => {
    const input = { ...range, spanId: "0123456789ABCDEF", severity: "error", attr: "k!=v" };
    const { limit: _limit, ...logs } = LogsQuerySchema.parse(input);
    const { stepSeconds: _step, ...histogram } = LogHistogramQuerySchema.parse(input);
    expect(histogram).toEqual(logs);
  });
});

describe("log tail schema", () => {
  it("parses the filters of /logs; range and limit are not part of it", () => {
    const q = LogTailQuerySchema.parse({ service: "cart", severity: "Info", q: "a b", attr: "k=v", from: "1" });
    expect(q).toEqual({
      service: ["cart"],
      severity: "INFO",
      q: "a b",
      attr: [{ key: "k", op: "=", value: "v" }],
      traceId: undefined,
      spanId: undefined,
    });
    expect(LogTailQuerySchema.parse({})).toEqual({ service: [], attr: [] });
    expect(firstPath(LogTailQuerySchema.safeParse({ traceId: "xyz" }))).toEqual(["traceId"]);
    expect(firstPath(LogTailQuerySchema.safeParse({ attr: "novalue" }))).toEqual(["attr"]);
  });
});

describe("metric attributes schema", () => {
  it("needs a metric and takes a range", () => {
    expect(MetricAttributesQuerySchema.parse({ ...range, metric: " http.requests " })).toEqual({
      metric: "http.requests",
      range: { from: 1_700_000_000_000, to: 1_700_003_600_000, explicit: true },
    });
    expect(firstPath(MetricAttributesQuerySchema.safeParse({ ...range }))).toEqual(["metric"]);
    expect(firstPath(MetricAttributesQuerySchema.safeParse({ ...range, metric: "  " }))).toEqual(["metric"]);
  });
});
