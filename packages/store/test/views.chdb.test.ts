// The materialized views fill Tracelight's derived tables from rows as the writer stores them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { sql } from "../src/sql.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("views");
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

describe("materialized views", () => {
  it("otel_traces_trace_id_ts holds each trace's bounds", async () => {
    const traceId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    await writer.insertSpans([
      fx.span({ TraceId: traceId, SpanId: "a1", Timestamp: fx.T0 }),
      fx.span({ TraceId: traceId, SpanId: "a2", Timestamp: fx.T0 + 5_000_000_000n }),
      fx.span({ TraceId: "", SpanId: "a3" }),
    ]);
    const rows = await t.query<{ start: number; end: number; n: number }>(
      sql`SELECT toUnixTimestamp(min(Start)) AS start, toUnixTimestamp(max(End)) AS end, count() AS n
          FROM otel_traces_trace_id_ts WHERE TraceId = ${traceId}`,
    );
    const s = Number(fx.T0 / 1_000_000_000n);
    expect(rows).toEqual([{ start: s, end: s + 5, n: 1 }]);
    const [empty] = await t.query<{ n: number }>(
      sql`SELECT count() AS n FROM otel_traces_trace_id_ts WHERE TraceId = ''`,
    );
    expect(empty?.n).toBe(0);
  });

  it("tracelight_exemplars gets one row per exemplar with trace ID and series fingerprint", async () => {
    const h = fx.histogram();
    await writer.insertMetrics({
      gauge: [fx.gauge()],
      sum: [fx.sum()],
      histogram: [h],
      exponentialHistogram: [fx.exponentialHistogram()],
      summary: [fx.summary()],
    });
    const rows = await t.query<Record<string, unknown>>(sql`
      SELECT MetricName, MetricType, ServiceName, Attributes, toString(toUnixTimestamp64Nano(Timestamp)) AS ts, Value, TraceId, SpanId,
        FilteredAttributes, SeriesFingerprint = cityHash64(ServiceName, Attributes) AS fingerprintOk
      FROM tracelight_exemplars ORDER BY MetricType, Value`);
    const first = h.Exemplars[0]!;
    expect(rows.map((r) => [r.MetricType, r.Value])).toEqual([
      ["exponential_histogram", 7.5],
      ["gauge", 123.25],
      ["histogram", -1],
      ["histogram", 123.25],
    ]);
    expect(rows[3]).toEqual({
      MetricName: h.MetricName,
      MetricType: "histogram",
      ServiceName: "cart",
      Attributes: h.Attributes,
      ts: String(first.TimeUnix),
      Value: first.Value,
      TraceId: first.TraceId,
      SpanId: first.SpanId,
      FilteredAttributes: first.FilteredAttributes,
      fingerprintOk: 1,
    });
    // Readers find a series' exemplars by the fingerprint computed from the metric table's row.
    const [byKey] = await t.query<{ n: number }>(sql`
      SELECT count() AS n FROM tracelight_exemplars
      WHERE MetricName = ${h.MetricName}
        AND SeriesFingerprint IN (SELECT cityHash64(ServiceName, Attributes) FROM otel_metrics_histogram WHERE MetricName = ${h.MetricName})`);
    expect(byKey?.n).toBe(2);
  });

  it("tracelight_red_1m rolls up entry spans per service, route and minute with exemplars", async () => {
    const minute = (fx.T0 / 60_000_000_000n) * 60_000_000_000n;
    const base = { ServiceName: "red-svc", SpanKind: "Server" as const, ParentSpanId: "p" };
    await writer.insertSpans([
      fx.span({ ...base, SpanId: "r1", TraceId: "t1", Timestamp: minute + 1n, Duration: 100n, StatusCode: "Ok" }),
      fx.span({ ...base, SpanId: "r2", TraceId: "t2", Timestamp: minute + 2n, Duration: 900n, StatusCode: "Ok" }),
      fx.span({ ...base, SpanId: "r3", TraceId: "t3", Timestamp: minute + 3n, Duration: 300n, StatusCode: "Error" }),
      // Not an entry span (internal with a parent): left out.
      fx.span({ ...base, SpanKind: "Internal", SpanId: "r4", TraceId: "t4", Timestamp: minute + 4n, Duration: 5000n }),
      // A root of any kind counts; no http.route falls back to the span name.
      fx.span({
        ...base,
        SpanKind: "Client",
        ParentSpanId: "",
        SpanAttributes: {},
        SpanName: "cron",
        SpanId: "r5",
        TraceId: "t5",
        Timestamp: minute + 5n,
        Duration: 50n,
      }),
    ]);
    const rows = await t.query<Record<string, unknown>>(sql`
      SELECT Route, toUnixTimestamp(Minute) AS minute, sum(Requests) AS requests, sum(Errors) AS errors,
        sum(DurationSumNs) AS durationSum, argMaxMerge(Slowest) AS slowest, argMaxMerge(ErrorExemplar) AS errorExemplar,
        quantilesTDigestMerge(0.5, 0.9, 0.99)(Latency)[3] AS p99
      FROM tracelight_red_1m WHERE ServiceName = 'red-svc' GROUP BY Route, Minute ORDER BY Route`);
    expect(rows.map(({ slowest: _s, errorExemplar: _e, p99: _p, ...r }) => r)).toEqual([
      { Route: "/api/cart/:id", minute: Number(minute / 1_000_000_000n), requests: 3, errors: 1, durationSum: 1300 },
      { Route: "cron", minute: Number(minute / 1_000_000_000n), requests: 1, errors: 0, durationSum: 50 },
    ]);
    const [slowest, errorExemplar] = [rows[0]?.slowest as unknown[], rows[0]?.errorExemplar as unknown[]];
    expect(slowest.slice(0, 3)).toEqual(["t2", "r2", 900]);
    expect(errorExemplar.slice(0, 3)).toEqual(["t3", "r3", 300]);
    expect(rows[0]?.p99).toBeGreaterThanOrEqual(300);
  });
});
