// The query functions get the same rows from both transports: chDB in this process, and
// @clickhouse/client over HTTP to src/testing/clickhouse-http-stand-in.ts (ClickHouse's HTTP
// interface over chDB, see the top of test/http-transport.chdb.test.ts for what a real server
// adds that it cannot prove). Both open the same data directory (chDB allows one per process),
// so each function reads the same rows once through each transport and the answers must be
// deep-equal: the same JS types for the same SQL, 64-bit integers exact on both.
import {
  LogHistogramQuerySchema,
  LogsQuerySchema,
  MetricAttributesQuerySchema,
  MetricSeriesQuerySchema,
  MetricsQuerySchema,
  RedQuerySchema,
  ServicesOverviewQuerySchema,
  ServicesQuerySchema,
  TraceFiltersSchema,
  TraceSearchQuerySchema,
} from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeLogs, makeSpans } from "../bench/fixtures.ts";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { openHttpTransport } from "../src/http-transport.ts";
import { migrate } from "../src/migrate.ts";
import {
  listMetrics,
  queryLogHistogram,
  queryMetricAttributes,
  queryMetricSeries,
  queryRed,
  queryServices,
  queryServicesOverview,
  queryTraceById,
  queryTraceScatter,
  searchLogs,
  searchTraces,
} from "../src/queries/index.ts";
import { sql, typed } from "../src/sql.ts";
import { type ClickHouseHttpStandIn, startClickHouseHttpStandIn } from "../src/testing/clickhouse-http-stand-in.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("parity");
let server: ClickHouseHttpStandIn;
let chdb: ClickHouseTransport;
let http: ClickHouseTransport;
/** Fixed, so answers that depend on now (the current minute's coverage) agree. */
const NOW = Date.now();
const range = { from: NOW - 2 * 86_400_000, to: NOW };
const spans = makeSpans(2_000);
const traceId = spans[0]?.TraceId as string;

beforeAll(async () => {
  server = await startClickHouseHttpStandIn(dir.path);
  http = openHttpTransport(server.url, { compression: { request: true, response: true } });
  chdb = openChdbTransport(dir.path);
  await migrate(http, { ttlDays: TTL });
  // Half through each writer, so both insert paths fill what both read.
  await new TelemetryWriter(http).insertSpans(spans.slice(0, 1_000));
  await new TelemetryWriter(chdb).insertSpans(spans.slice(1_000));
  await new TelemetryWriter(http).insertLogs(makeLogs(1_000));
  await new TelemetryWriter(chdb).insertLogs([fx.log()]);
  await new TelemetryWriter(http).insertMetrics({
    gauge: [fx.gauge()],
    sum: [fx.sum()],
    histogram: [fx.histogram()],
    exponentialHistogram: [],
    summary: [],
  });
  await new TelemetryWriter(chdb).insertMetrics({
    gauge: [],
    sum: [],
    histogram: [],
    exponentialHistogram: [fx.exponentialHistogram()],
    summary: [fx.summary()],
  });
}, 120_000);
afterAll(async () => {
  await http?.close();
  await chdb?.close();
  await server?.close();
  dir.remove();
});

/** Runs `read` on each transport and expects the same answer; returns it for further checks. */
async function same<T>(read: (t: ClickHouseTransport) => Promise<T>): Promise<T> {
  const viaChdb = await read(chdb);
  expect(await read(http)).toEqual(viaChdb);
  return viaChdb;
}

describe("query functions over chDB and over HTTP", () => {
  it("return the same raw rows, 64-bit integers exact (UInt64 2^63+1, Int64 −2^63)", async () => {
    await chdb.command(sql`CREATE TABLE parity_wide (u UInt64, i Int64, a Array(UInt64)) ENGINE = Memory`);
    await http.command(
      sql`INSERT INTO parity_wide VALUES (${typed(2n ** 63n + 1n, "UInt64")}, ${typed(-(2n ** 63n), "Int64")}, [1, 18446744073709551615])`,
    );
    const rows = await same((t) => t.query(sql`SELECT u, i, a, count() OVER () AS n FROM parity_wide`));
    expect(rows).toEqual([
      { u: "9223372036854775809", i: "-9223372036854775808", a: [1, "18446744073709551615"], n: 1 },
    ]);
    const [h] = await same((t) => t.query(sql`SELECT Count, BucketCounts, TimeUnix FROM otel_metrics_histogram`));
    expect(h).toMatchObject({ Count: "9007199254740993", BucketCounts: [1, 2, 0, "18446744073709551615"] });
  });

  it("services, overview and RED", async () => {
    expect((await same((t) => queryServices(t, ServicesQuerySchema.parse(range)))).services.length).toBeGreaterThan(0);
    await same((t) => queryServicesOverview(t, ServicesOverviewQuerySchema.parse({ ...range, step: "1h" }), NOW));
    const red = await same((t) => queryRed(t, RedQuerySchema.parse({ ...range, step: "1h" }), NOW));
    expect(red.total.requests).toBe(200);
  });

  it("trace search, scatter and a trace by id", async () => {
    expect((await same((t) => searchTraces(t, TraceSearchQuerySchema.parse(range)))).traces.length).toBeGreaterThan(0);
    await same((t) => searchTraces(t, TraceSearchQuerySchema.parse({ ...range, sort: "duration", service: "cart" })));
    await same((t) => queryTraceScatter(t, TraceFiltersSchema.parse(range)));
    expect((await same((t) => queryTraceById(t, traceId)))?.spans).toHaveLength(10);
  });

  it("logs and their histogram", async () => {
    expect((await same((t) => searchLogs(t, LogsQuerySchema.parse(range)))).logs.length).toBeGreaterThan(0);
    await same((t) => searchLogs(t, LogsQuerySchema.parse({ ...range, q: "cart loaded", service: "cart" })));
    await same((t) => queryLogHistogram(t, LogHistogramQuerySchema.parse(range)));
  });

  it("metrics: the catalog, every type's series and attributes", async () => {
    const { range: r } = MetricsQuerySchema.parse(range);
    const catalog = await same((t) => listMetrics(t, r));
    expect(catalog.metrics.map((m) => m.name).sort()).toEqual(
      ["cpu.usage", "gc.pause", "http.server.duration", "requests", "rpc.duration"].sort(),
    );
    for (const metric of catalog.metrics.map((m) => m.name)) {
      await same((t) => queryMetricSeries(t, MetricSeriesQuerySchema.parse({ ...range, metric, step: "1h" }), NOW));
      await same((t) => queryMetricAttributes(t, MetricAttributesQuerySchema.parse({ ...range, metric })));
    }
  });
});
