// The checks every exporter layout passes (one test file per layout, as chDB opens one data
// directory per process): Tracelight migrates a database the exporter created and filled, keeps
// every row and the user's TTLs, and its queries answer with the rows that were there.
import {
  LogsQuerySchema,
  MetricSeriesQuerySchema,
  RedQuerySchema,
  ServicesQuerySchema,
  TraceSearchQuerySchema,
} from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../../src/chdb-transport.ts";
import { migrate } from "../../src/migrate.ts";
import { searchLogs } from "../../src/queries/logs.ts";
import { queryMetricSeries } from "../../src/queries/metric-series.ts";
import { queryRed } from "../../src/queries/red.ts";
import { queryServices } from "../../src/queries/services.ts";
import { queryTraceById } from "../../src/queries/trace-by-id.ts";
import { searchTraces } from "../../src/queries/trace-search.ts";
import { profileOf } from "../../src/schema-profile.ts";
import { raw, sql } from "../../src/sql.ts";
import { readTableRecords } from "../../src/table-ownership.ts";
import {
  insertExporterRows,
  rowTimes,
  TRACE_LEGACY,
  TRACE_OLD,
  TRACE_RECENT,
} from "../../src/testing/exporter-rows.ts";
import { createExporterTables, type ExporterLayout, USER_TTL } from "../../src/testing/exporter-tables.ts";
import type { ClickHouseTransport } from "../../src/transport.ts";
import { TelemetryWriter } from "../../src/writer.ts";
import { freshDir, TTL } from "./chdb-dir.ts";
import { exponentialHistogram, gauge, histogram, log, span, sum, summary } from "./rows.ts";

const DAY_MS = 86_400_000;
const EXPORTER_TABLES = {
  otel_traces: USER_TTL.traces,
  otel_traces_trace_id_ts: USER_TTL.traces,
  otel_logs: USER_TTL.logs,
  otel_metrics_gauge: USER_TTL.metrics,
  otel_metrics_sum: USER_TTL.metrics,
  otel_metrics_histogram: USER_TTL.metrics,
  otel_metrics_exponential_histogram: USER_TTL.metrics,
  otel_metrics_summary: USER_TTL.metrics,
} as const;

export interface LayoutExpectations {
  /** What migrate() skips on this layout. */
  skipped: string[];
  /** The columns Tracelight's ingest writes that these tables lack, per table. */
  absentColumns?: Record<string, string[]>;
}

export function exporterLayoutSuite(layout: ExporterLayout, expected: LayoutExpectations): void {
  const dir = freshDir(`exporter-${layout}`);
  let t: ClickHouseTransport;
  const now = Date.now();
  const { recent, old } = rowTimes(now);
  const range = { from: String(now - 11 * DAY_MS), to: String(now + 60_000) };

  const ttlOf = async (table: string) => {
    const [r] = await t.query<{ engine_full: string }>(
      sql`SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = ${table}`,
    );
    return /toIntervalDay\((\d+)\)/.exec(r?.engine_full ?? "")?.[1];
  };
  const count = async (table: string) =>
    Number((await t.query<{ n: number }>(sql`SELECT count() AS n FROM ${raw(table)}`))[0]?.n);

  beforeAll(async () => {
    t = openChdbTransport(dir.path);
    await createExporterTables(t, layout);
    await insertExporterRows(t, now);
  });
  afterAll(async () => {
    await t?.close();
    dir.remove();
  });

  describe(`on the exporter's ${layout} layout`, () => {
    it("migrates, skipping only what the tables already have", async () => {
      const result = await migrate(t, { ttlDays: TTL });
      expect(result.applied.length).toBeGreaterThan(0);
      expect(result.skipped).toEqual(expected.skipped);
      expect(result.ttlChanged).toEqual([]);
    });

    it("keeps every row and the user's TTLs", async () => {
      expect(await count("otel_traces")).toBe(5);
      expect(await count("otel_logs")).toBe(3);
      for (const table of Object.keys(EXPORTER_TABLES).filter((n) => n.startsWith("otel_metrics_"))) {
        expect(await count(table), table).toBe(2);
      }
      for (const [table, days] of Object.entries(EXPORTER_TABLES)) expect(await ttlOf(table), table).toBe(days);
      // A second start changes nothing either.
      expect(await migrate(t, { ttlDays: TTL })).toEqual({ applied: [], ttlChanged: [], skipped: [] });
    });

    it("records which tables it found (with their rows) and which it created", async () => {
      const records = await readTableRecords(t);
      expect(records.get("otel_traces")).toMatchObject({ created: 0, rowsAtAdoption: 5 });
      expect(records.get("otel_logs")).toMatchObject({ created: 0, rowsAtAdoption: 3 });
      expect(records.get("otel_metrics_summary")).toMatchObject({ created: 0, rowsAtAdoption: 2 });
      expect(records.get("tracelight_red_1m")).toMatchObject({ created: 1, rowsAtAdoption: 0 });
      expect(records.get("tracelight_exemplars")).toMatchObject({ created: 1, rowsAtAdoption: 0 });
    });

    it("finds the traces, old and legacy ones included, with modern kind and status", async () => {
      const all = await searchTraces(t, TraceSearchQuerySchema.parse({ ...range, limit: "20" }));
      expect(all.traces.map((x) => x.traceId).sort()).toEqual([TRACE_LEGACY, TRACE_OLD, TRACE_RECENT].sort());
      expect(all.traces.find((x) => x.traceId === TRACE_LEGACY)?.errorCount).toBe(1);
      const errors = await searchTraces(t, TraceSearchQuerySchema.parse({ ...range, status: "Error" }));
      expect(errors.traces.map((x) => x.traceId).sort()).toEqual([TRACE_LEGACY, TRACE_RECENT].sort());

      const legacy = await queryTraceById(t, TRACE_LEGACY);
      expect(legacy?.spans.map((s) => [s.kind, s.statusCode])).toEqual([
        ["Server", "Error"],
        ["Client", "Unset"],
      ]);
      const oldTrace = await queryTraceById(t, TRACE_OLD);
      expect(oldTrace?.spans[0]?.startTimeUnixNano.slice(0, 10)).toBe(String(Math.floor(old / 1000)));
    });

    it("finds logs by text, by trace, and ten days back", async () => {
      const text = await searchLogs(t, LogsQuerySchema.parse({ ...range, q: "bank DECLINED" }));
      expect(text.logs.map((l) => l.traceId)).toEqual([TRACE_RECENT]);
      const byTrace = await searchLogs(t, LogsQuerySchema.parse({ traceId: TRACE_OLD }));
      expect(byTrace.logs.map((l) => l.body)).toEqual(["payment accepted"]);
      const all = await searchLogs(t, LogsQuerySchema.parse(range));
      expect(all.logs).toHaveLength(3);
    });

    it("answers metric series of every type, both points in range", async () => {
      for (const metric of ["queue.depth", "payments", "pay.duration", "pay.size", "gc.pause"]) {
        const res = await queryMetricSeries(t, MetricSeriesQuerySchema.parse({ ...range, metric, step: "3600" }), now);
        const points = res.series.flatMap((s) => s.points).filter(([, v]) => v !== null);
        expect(res.metric.type, metric).not.toBeNull();
        expect(points.length, metric).toBeGreaterThan(0);
      }
    });

    it("lists the service with its errors, legacy ones counted", async () => {
      const res = await queryServices(t, ServicesQuerySchema.parse(range));
      expect(res.services.map((s) => [s.name, s.spanCount, s.errorRate])).toEqual([["checkout", 5, 2 / 5]]);
    });

    it("writes its own ingest into the exporter's tables, leaving out the columns they lack", async () => {
      const { absentColumns } = await profileOf(t);
      expect(Object.fromEntries(Object.entries(absentColumns).map(([table, set]) => [table, [...set]]))).toEqual(
        expected.absentColumns ?? {},
      );
      const writer = new TelemetryWriter(t);
      const traceId = "e0".repeat(16);
      await writer.insertSpans([span({ TraceId: traceId, SpanName: "own ingest" })]);
      await writer.insertLogs([log({ TraceId: traceId, Body: "own ingest log" })]);
      await writer.insertMetrics({
        gauge: [gauge()],
        sum: [sum()],
        histogram: [histogram()],
        exponentialHistogram: [exponentialHistogram()],
        summary: [summary()],
      });
      expect(await count("otel_traces")).toBe(6);
      expect(await count("otel_logs")).toBe(4);
      expect(await count("otel_metrics_summary")).toBe(3);
      expect((await queryTraceById(t, traceId))?.spans.map((s) => s.name)).toEqual(["own ingest"]);
      const logs = await searchLogs(t, LogsQuerySchema.parse({ traceId }));
      expect(logs.logs.map((l) => l.body)).toEqual(["own ingest log"]);
    });

    it("changes the TTL of a table it found only when that signal's TTL is set explicitly", async () => {
      const logs = await count("otel_logs");
      const result = await migrate(t, { ttlDays: { traces: 45, logs: 60, metrics: 30 }, ttlExplicit: { logs: true } });
      expect(result.ttlChanged).toEqual(["otel_logs"]);
      expect(await ttlOf("otel_logs")).toBe("60");
      expect(await ttlOf("otel_traces")).toBe(USER_TTL.traces);
      expect(await count("otel_logs")).toBe(logs);
    });

    it("rolls up RED for spans the exporter writes from now on, legacy errors counted", async () => {
      // Rows written before the migration are the backfill's (not the view's) to add.
      await insertExporterRows(t, now);
      const res = await queryRed(
        t,
        RedQuerySchema.parse({ from: String(recent - 60_000), to: String(now), service: "checkout" }),
        now,
      );
      expect(res.total.requests).toBe(2);
      expect(res.total.errors).toBe(2);
    });
  });
}
