// Every row type through encoder + TelemetryWriter + chDB and back with exact values, and exact
// counts after bulk inserts. Real engine: one fresh data directory for this file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeLogs, makeSpans } from "../bench/fixtures.ts";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { encodeLogs, encodeMetrics, encodeSpans } from "../src/native/index.ts";
import { raw, sql } from "../src/sql.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("writer");
let t: ClickHouseTransport;
let writer: TelemetryWriter;

beforeAll(async () => {
  t = openChdbTransport(dir.path);
  await migrate(t, { ttlDays: TTL });
  writer = new TelemetryWriter(t);
});
afterAll(async () => {
  await t?.close();
  dir.remove();
});

const ns = (col: string) => raw(`toString(toUnixTimestamp64Nano(${col}))`);
const nsArray = (col: string) => raw(`arrayMap(x -> toString(toUnixTimestamp64Nano(x)), ${col})`);

describe("spans", () => {
  it("round-trip every column exactly", async () => {
    const row = fx.span({ SpanId: "1111111111111111" });
    const bare = fx.span({
      SpanId: "2222222222222222",
      Events: [],
      Links: [],
      ResourceAttributes: {},
      SpanAttributes: {},
    });
    await writer.insertSpans([row, bare]);
    const got = await t.query(sql`
      SELECT ${ns("Timestamp")} AS Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind,
        ServiceName, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, toString(Duration) AS Duration,
        StatusCode, StatusMessage, ${nsArray("Events.Timestamp")} AS EventTimestamps, Events.Name AS EventNames,
        Events.Attributes AS EventAttributes, Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds,
        Links.TraceState AS LinkTraceStates, Links.Attributes AS LinkAttributes
      FROM otel_traces WHERE SpanId IN ${[row.SpanId, bare.SpanId]} ORDER BY SpanId`);
    const expected = [row, bare].map((r) => ({
      ...r,
      Timestamp: String(r.Timestamp),
      Duration: String(r.Duration),
      Events: undefined,
      Links: undefined,
      EventTimestamps: r.Events.map((e) => String(e.Timestamp)),
      EventNames: r.Events.map((e) => e.Name),
      EventAttributes: r.Events.map((e) => e.Attributes),
      LinkTraceIds: r.Links.map((l) => l.TraceId),
      LinkSpanIds: r.Links.map((l) => l.SpanId),
      LinkTraceStates: r.Links.map((l) => l.TraceState),
      LinkAttributes: r.Links.map((l) => l.Attributes),
    }));
    expect(got).toEqual(expected.map(({ Events: _e, Links: _l, ...rest }) => rest));
  });

  it("store exactly as many rows as a 100k bulk insert holds", async () => {
    const rows = makeSpans(100_000, 10_000_000).map((r) => ({ ...r, ServiceName: "bulk" }));
    await Promise.all([writer.insertSpans(rows.slice(0, 50_000)), writer.insertSpans(rows.slice(50_000))]);
    const [c] = await t.query<{ n: number; ids: number }>(
      sql`SELECT count() AS n, uniqExact(SpanId) AS ids FROM otel_traces WHERE ServiceName = 'bulk'`,
    );
    expect(c).toEqual({ n: 100_000, ids: 100_000 });
  });
});

describe("logs", () => {
  it("round-trip every column exactly, TimestampTime filled by its DEFAULT", async () => {
    const row = fx.log({ SpanId: "3333333333333333" });
    const long = fx.log({ SpanId: "4444444444444444", Body: fx.LONG, LogAttributes: {}, TraceId: "" });
    await writer.insertLogs([row, long]);
    const got = await t.query(sql`
      SELECT ${ns("Timestamp")} AS Timestamp, toUnixTimestamp(TimestampTime) AS TimestampTime, TraceId, SpanId,
        TraceFlags, SeverityText, SeverityNumber, ServiceName, Body, ResourceSchemaUrl, ResourceAttributes,
        ScopeSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, LogAttributes, EventName
      FROM otel_logs WHERE SpanId IN ${[row.SpanId, long.SpanId]} ORDER BY SpanId`);
    expect(got).toEqual(
      [row, long].map((r) => ({
        ...r,
        Timestamp: String(r.Timestamp),
        TimestampTime: Number(r.Timestamp / 1_000_000_000n),
      })),
    );
  });

  it("store exactly as many rows as a 100k bulk insert holds", async () => {
    const rows = makeLogs(100_000).map((r) => ({ ...r, ServiceName: "bulk-logs", Body: `${r.Body}\n\n${fx.NASTY}` }));
    await writer.insertLogs(rows);
    const [c] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM otel_logs WHERE ServiceName = 'bulk-logs'`);
    expect(c?.n).toBe(100_000);
  });
});

describe("metrics", () => {
  const base =
    raw(`ResourceAttributes, ResourceSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, ScopeDroppedAttrCount,
    ScopeSchemaUrl, ServiceName, MetricName, MetricDescription, MetricUnit, Attributes,
    toString(toUnixTimestamp64Nano(StartTimeUnix)) AS StartTimeUnix, toString(toUnixTimestamp64Nano(TimeUnix)) AS TimeUnix, Flags`);
  const exemplars = raw(`arrayMap((a, t, v, s, tr) -> (a, toString(toUnixTimestamp64Nano(t)), v, s, tr),
    Exemplars.FilteredAttributes, Exemplars.TimeUnix, Exemplars.Value, Exemplars.SpanId, Exemplars.TraceId) AS Exemplars`);
  const baseOf = (r: ReturnType<typeof fx.gauge>) => ({
    ...r,
    StartTimeUnix: String(r.StartTimeUnix),
    TimeUnix: String(r.TimeUnix),
    Exemplars: r.Exemplars.map((e) => [e.FilteredAttributes, String(e.TimeUnix), e.Value, e.SpanId, e.TraceId]),
  });

  it("round-trip all five metric types in one call, one insert per table", async () => {
    const g = fx.gauge();
    const s = fx.sum();
    const h = fx.histogram();
    const e = fx.exponentialHistogram();
    const q = fx.summary();
    await writer.insertMetrics({ gauge: [g], sum: [s], histogram: [h], exponentialHistogram: [e], summary: [q] });

    expect(await t.query(sql`SELECT ${base}, Value, ${exemplars} FROM otel_metrics_gauge`)).toEqual([baseOf(g)]);
    expect(
      await t.query(
        sql`SELECT ${base}, Value, ${exemplars}, AggregationTemporality, IsMonotonic FROM otel_metrics_sum`,
      ),
    ).toEqual([{ ...baseOf(s as never), Exemplars: [] }]);
    expect(
      await t.query(sql`SELECT ${base}, toString(Count) AS Count, Sum, arrayMap(x -> toString(x), BucketCounts) AS BucketCounts,
        ExplicitBounds, ${exemplars}, Min, Max, AggregationTemporality FROM otel_metrics_histogram`),
    ).toEqual([{ ...baseOf(h as never), Count: String(h.Count), BucketCounts: h.BucketCounts.map(String) }]);
    expect(
      await t.query(sql`SELECT ${base}, toString(Count) AS Count, Sum, Scale, toString(ZeroCount) AS ZeroCount, PositiveOffset,
        arrayMap(x -> toString(x), PositiveBucketCounts) AS PositiveBucketCounts, NegativeOffset,
        arrayMap(x -> toString(x), NegativeBucketCounts) AS NegativeBucketCounts, ${exemplars}, Min, Max, AggregationTemporality
        FROM otel_metrics_exponential_histogram`),
    ).toEqual([
      {
        ...baseOf(e as never),
        Count: String(e.Count),
        ZeroCount: String(e.ZeroCount),
        PositiveBucketCounts: e.PositiveBucketCounts.map(String),
        NegativeBucketCounts: [],
      },
    ]);
    expect(
      await t.query(sql`SELECT ${base}, toString(Count) AS Count, Sum,
        arrayMap((a, b) -> map('Quantile', a, 'Value', b), ValueAtQuantiles.Quantile, ValueAtQuantiles.Value) AS ValueAtQuantiles
        FROM otel_metrics_summary`),
    ).toEqual([{ ...q, StartTimeUnix: String(q.StartTimeUnix), TimeUnix: String(q.TimeUnix), Count: String(q.Count) }]);
  });

  it("skip empty tables", async () => {
    await writer.insertMetrics({ gauge: [], sum: [], histogram: [], exponentialHistogram: [], summary: [] });
    await writer.insertSpans([]);
    await writer.insertLogs([]);
  });
});

describe("encoded blocks", () => {
  it("concatenate each table's blocks from several requests into ONE insert, storing every row", async () => {
    const inserts: string[] = [];
    const counting: ClickHouseTransport = {
      description: t.description,
      query: (q) => t.query(q),
      command: (q) => t.command(q),
      insert: (table, columns, format, data) => {
        inserts.push(table);
        return t.insert(table, columns, format, data);
      },
      close: () => t.close(),
    };
    const requests = [
      [encodeSpans([fx.span({ SpanId: "b10c0000000000a1" }), fx.span({ SpanId: "b10c0000000000a2" })])],
      [encodeLogs([fx.log({ Body: "block log 1" })])],
      encodeMetrics({
        gauge: [{ ...fx.gauge(), MetricName: "block.gauge" }],
        sum: [],
        histogram: [],
        exponentialHistogram: [],
        summary: [],
      }),
      [encodeSpans([fx.span({ SpanId: "b10c0000000000a3" })]), encodeLogs([fx.log({ Body: "block log 2" })])],
    ];
    await new TelemetryWriter(counting).insertEncoded(requests.flat());

    expect(inserts.sort()).toEqual(["otel_logs", "otel_metrics_gauge", "otel_traces"]);
    const spans = await t.query<{ SpanId: string }>(
      sql`SELECT SpanId FROM otel_traces WHERE SpanId LIKE 'b10c%' ORDER BY SpanId`,
    );
    expect(spans.map((r) => r.SpanId)).toEqual(["b10c0000000000a1", "b10c0000000000a2", "b10c0000000000a3"]);
    const logs = await t.query<{ Body: string }>(
      sql`SELECT Body FROM otel_logs WHERE Body LIKE 'block log%' ORDER BY Body`,
    );
    expect(logs.map((r) => r.Body)).toEqual(["block log 1", "block log 2"]);
    expect(await t.query(sql`SELECT count() AS n FROM otel_metrics_gauge WHERE MetricName = 'block.gauge'`)).toEqual([
      { n: 1 },
    ]);
  });

  it("reject when one table's insert fails, after every insert settled", async () => {
    let settled = 0;
    const failing: ClickHouseTransport = {
      description: t.description,
      query: (q) => t.query(q),
      command: (q) => t.command(q),
      insert: async (table, columns, format, data) => {
        try {
          if (table === "otel_logs") throw new Error("logs refused");
          await t.insert(table, columns, format, data);
        } finally {
          settled++;
        }
      },
      close: () => t.close(),
    };
    const blocks = [encodeSpans([fx.span({ SpanId: "b10c0000000000b1" })]), encodeLogs([fx.log()])];
    await expect(new TelemetryWriter(failing).insertEncoded(blocks)).rejects.toThrow("logs refused");
    expect(settled).toBe(2);
  });
});
