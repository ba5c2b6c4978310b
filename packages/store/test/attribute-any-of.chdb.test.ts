// Several values for one key are "any of" — `attr=k=a&attr=k=b` finds rows where k is a or b,
// `service=a&service=b` either service — while `!=` filters on one key are "none of" and
// different keys stay ANDed: over spans, logs (and their histogram and live-tail matcher) and
// metric series, on own and resource attributes, counted on known rows; and the plans still use
// the primary key (ServiceName, SpanName IN a set) and the attribute maps' bloom filters.
import {
  LogHistogramQuerySchema,
  LogsQuerySchema,
  MetricSeriesQuerySchema,
  TraceSearchQuerySchema,
} from "@tracelight/contracts";
import type { LogRow, SpanRow } from "@tracelight/otlp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import {
  buildLogsQuery,
  buildTopTraceIdsQuery,
  compileLogFilters,
  queryLogHistogram,
  queryMetricSeries,
  searchLogs,
  searchTraces,
} from "../src/queries/index.ts";
import { profileOf } from "../src/schema-profile.ts";
import { type BoundQuery, sql } from "../src/sql.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("any-of");
let store: ClickHouseTransport;
const T0_MS = Number(fx.T0 / 1_000_000n);
const RANGE = { from: String(T0_MS - 600_000), to: String(T0_MS + 600_000) };

/** Service, route (own attribute), env (resource attribute): one row of each signal per line. */
const ROWS = [
  ["cart", "/a", "prod"],
  ["cart", "/b", "staging"],
  ["cart", "/c", "prod"],
  ["checkout", "/a", "dev"],
  ["checkout", "/b", "prod"],
  ["payments", "/a", "staging"],
  ["payments", "/x y", "prod"],
] as const;
const hex = (i: number, length: number) => (i + 1).toString(16).padStart(length, "0");

const spans: SpanRow[] = ROWS.map(([service, route, env], i) => ({
  ...fx.span(),
  Timestamp: fx.T0 + BigInt(i) * 1_000_000n,
  TraceId: hex(i, 32),
  SpanId: hex(i, 16),
  ServiceName: service,
  SpanName: `GET ${route}`,
  SpanAttributes: { "http.route": route },
  ResourceAttributes: { "service.name": service, "deployment.environment": env },
}));
const logs: LogRow[] = ROWS.map(([service, route, env], i) => ({
  ...fx.log(),
  Timestamp: fx.T0 + BigInt(i) * 1_000_000n,
  ServiceName: service,
  LogAttributes: { "http.route": route },
  ResourceAttributes: { "service.name": service, "deployment.environment": env },
}));

beforeAll(async () => {
  store = openChdbTransport(dir.path);
  await migrate(store, { ttlDays: TTL });
  const writer = new TelemetryWriter(store);
  await writer.insertSpans(spans);
  await writer.insertLogs(logs);
  const gauge = ROWS.map(([service, route, env]) => ({
    ...fx.gauge(),
    MetricName: "any.of",
    ServiceName: service,
    Attributes: { "http.route": route },
    ResourceAttributes: { "service.name": service, "deployment.environment": env },
    Exemplars: [],
  }));
  await writer.insertMetrics({ gauge, sum: [], histogram: [], exponentialHistogram: [], summary: [] });
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

type Params = Record<string, string | string[]>;

/** The row numbers (ROWS) a search finds, by each signal, sorted. */
async function traceRows(params: Params): Promise<number[]> {
  const q = TraceSearchQuerySchema.parse({ ...RANGE, ...params, limit: "100" });
  const found = await searchTraces(store, q);
  return found.traces.map((t) => Number.parseInt(t.traceId, 16) - 1).sort((a, b) => a - b);
}
async function logRows(params: Params): Promise<number[]> {
  const q = LogsQuerySchema.parse({ ...RANGE, ...params, limit: "100" });
  const found = (await searchLogs(store, q)).logs.map((l) => Number(BigInt(l.timestampUnixNano) - fx.T0) / 1e6);
  // The live tail's matcher agrees with the search, and the histogram counts the same logs.
  const matcher = compileLogFilters(q);
  expect(logs.flatMap((l, i) => (matcher.matches(l) ? [i] : []))).toEqual([...found].sort((a, b) => a - b));
  const histogram = await queryLogHistogram(store, LogHistogramQuerySchema.parse({ ...RANGE, ...params }));
  expect(histogram.total).toBe(found.length);
  return found.sort((a, b) => a - b);
}
/** The metric's series (one per row) by their route, grouped by service.name and http.route. */
async function seriesRows(filter: string[]): Promise<number[]> {
  const q = MetricSeriesQuerySchema.parse({ ...RANGE, metric: "any.of", groupBy: "service.name,http.route", filter });
  const found = await queryMetricSeries(store, q, T0_MS + 600_000);
  return found.series
    .map((s) =>
      ROWS.findIndex(([service, route]) => s.labels["service.name"] === service && s.labels["http.route"] === route),
    )
    .sort((a, b) => a - b);
}

describe("attribute filters: any of one key's values, keys ANDed", () => {
  it.each([
    // own attribute
    [
      ["http.route=/a", "http.route=/b"],
      [0, 1, 3, 4, 5],
    ],
    [
      ["http.route=/a", "http.route=/x y", "http.route=/none"],
      [0, 3, 5, 6],
    ],
    // resource attribute
    [
      ["deployment.environment=dev", "deployment.environment=staging"],
      [1, 3, 5],
    ],
    // service.name (the ServiceName column)
    [
      ["service.name=cart", "service.name=payments"],
      [0, 1, 2, 5, 6],
    ],
    // keys ANDed
    [
      ["http.route=/a", "http.route=/b", "deployment.environment=prod"],
      [0, 4],
    ],
    [
      ["service.name=cart", "service.name=checkout", "http.route=/b", "http.route=/c"],
      [1, 2, 4],
    ],
    // != on one key: none of them
    [
      ["http.route!=/a", "http.route!=/b"],
      [2, 6],
    ],
    // an empty value: the key is unset (no row lacks it), ORed with the others
    [["http.route=/c", "http.route="], [2]],
    // one value as before
    [["http.route=/a"], [0, 3, 5]],
  ])("%j selects rows %j", async (filters, expected) => {
    expect(await traceRows({ attr: filters })).toEqual(expected);
    expect(await logRows({ attr: filters })).toEqual(expected);
    expect(await seriesRows(filters)).toEqual(expected);
  });
});

describe("a repeated plain field: any of its values", () => {
  it.each([
    [{ service: ["cart", "payments"] }, [0, 1, 2, 5, 6]],
    [{ service: "checkout" }, [3, 4]],
    [{ service: ["checkout", "nobody"] }, [3, 4]],
    [{ service: ["checkout", "payments"], attr: "deployment.environment=prod" }, [4, 6]],
  ])("%j selects rows %j in traces and logs", async (params, expected) => {
    expect(await traceRows(params)).toEqual(expected);
    expect(await logRows(params)).toEqual(expected);
  });

  it("span names", async () => {
    expect(await traceRows({ name: ["GET /a", "GET /x y"] })).toEqual([0, 3, 5, 6]);
    expect(await traceRows({ name: "GET /c" })).toEqual([2]);
  });

  it("the search language's field group is the same any of", async () => {
    expect(await traceRows({ q: 'service:(cart OR payments) http.route:("/a" OR "/x y")' })).toEqual([0, 5, 6]);
    expect(await logRows({ q: "deployment.environment:(dev OR staging) -service:(payments)" })).toEqual([1, 3]);
  });
});

describe("any of reads through the same indexes as one value", () => {
  const explain = async (q: BoundQuery) =>
    (await store.query<{ explain: string }>(sql`EXPLAIN indexes = 1 ${q}`)).map((r) => r.explain).join("\n");
  const primaryKey = (plan: string) => /PrimaryKey[\s\S]*?Condition: (.*)/.exec(plan)?.[1];
  /** The granules the combined skip indexes (the maps' bloom filters) leave. */
  const skipped = (plan: string) => /Name: <Combined skip indexes>[\s\S]*?Granules: (\d+)\/(\d+)/.exec(plan)?.slice(1);
  // Values no row has: the bloom filters rule out the granule the primary key kept.
  const attr = ["http.route=/nowhere", "http.route=/never"];

  it("logs: the primary key's ServiceName, then the attribute maps' bloom filters", async () => {
    const q = LogsQuerySchema.parse({ ...RANGE, service: ["cart", "checkout"], attr });
    const plan = await explain(buildLogsQuery(q, q.range, await profileOf(store)));
    expect(primaryKey(plan)).toContain("(ServiceName in 2-element set)");
    expect(skipped(plan)).toEqual(["0", "1"]);
  });

  it("spans: ServiceName and SpanName of the primary key, then the bloom filters", async () => {
    const q = TraceSearchQuerySchema.parse({
      ...RANGE,
      service: ["cart", "checkout"],
      name: ["GET /a", "GET /b"],
      attr,
    });
    const plan = await explain(buildTopTraceIdsQuery(q));
    expect(primaryKey(plan)).toContain("(ServiceName in 2-element set)");
    expect(primaryKey(plan)).toContain("(SpanName in 2-element set)");
    expect(skipped(plan)).toEqual(["0", "1"]);
  });
});
