// The backfill on a store the Collector's exporter filled before Tracelight first migrated it:
// the derived tables get what their views would have made of those rows — checked by
// letting the views make it from the very same rows afterwards — a range redone does not count
// twice, and an interrupted backfill resumes where it stopped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planAutomaticBackfill, planBackfill, runBackfill, SETTLE_MS } from "../src/backfill.ts";
import { readBackfillStatus } from "../src/backfill-state.ts";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { raw, sql } from "../src/sql.ts";
import { insertExporterRows, TRACE_LEGACY, TRACE_OLD, TRACE_RECENT } from "../src/testing/exporter-rows.ts";
import { createExporterTables } from "../src/testing/exporter-tables.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";

const DERIVED = ["tracelight_red_1m", "tracelight_exemplars", "otel_traces_trace_id_ts"];
const SOURCES = [
  "otel_traces",
  "otel_metrics_gauge",
  "otel_metrics_sum",
  "otel_metrics_histogram",
  "otel_metrics_exponential_histogram",
];
const HOUR = 3_600_000;

describe("backfill of derived tables", () => {
  const dir = freshDir("backfill");
  let t: ClickHouseTransport;
  // Half past an hour, so each batch's spans (a minute apart) share an hour.
  const now = Math.floor(Date.now() / HOUR) * HOUR - HOUR / 2;
  // Two batches of the exporter's rows, five hours apart: four hours with spans and exemplars.
  const insertAll = async () => {
    await insertExporterRows(t, now);
    await insertExporterRows(t, now - 5 * 3_600_000);
  };

  /** Everything a reader can get out of the RED rollup, merged per minute. */
  const red = () =>
    t.query(sql`SELECT ServiceName, Route, Minute, sum(Requests) AS requests, sum(Errors) AS errors,
        sum(DurationSumNs) AS durationNs, quantilesTDigestMerge(0.5, 0.9, 0.99)(Latency) AS latency,
        argMaxMerge(Slowest) AS slowest, argMaxMerge(ErrorExemplar) AS errorExemplar
      FROM tracelight_red_1m GROUP BY ServiceName, Route, Minute ORDER BY ServiceName, Route, Minute`);
  const exemplars = () => t.query(sql`SELECT * FROM tracelight_exemplars ORDER BY ALL`);
  const bounds = () =>
    // Within its retention (the traces', 7 days here): older spans are not backfilled.
    t.query(sql`SELECT TraceId, min(Start) AS start, max(End) AS end FROM otel_traces_trace_id_ts
      WHERE Start > now() - INTERVAL 7 DAY GROUP BY TraceId ORDER BY TraceId`);
  const snapshot = async () => ({ red: await red(), exemplars: await exemplars(), bounds: await bounds() });
  const truncate = async (tables: readonly string[]) => {
    for (const table of tables) await t.command(sql`TRUNCATE TABLE ${raw(table)}`);
  };
  let backfilled: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    t = openChdbTransport(dir.path);
    await createExporterTables(t, "older");
    // An exporter set up without the trace-id table: Tracelight's migration creates it.
    await t.command(sql`DROP TABLE otel_traces_trace_id_ts_mv`);
    await t.command(sql`DROP TABLE otel_traces_trace_id_ts`);
    await insertAll();
    await migrate(t, { ttlDays: TTL });
  });
  afterAll(async () => {
    await t?.close();
    dir.remove();
  });

  it("plans the automatic backfill once, for the tables migrations created over rows already there", async () => {
    expect((await red()).length).toBe(0);
    const planned = await planAutomaticBackfill(t, TTL, now);
    expect([...new Set(planned.map((c) => c.target))].sort()).toEqual([...DERIVED].sort());
    // The rollup's hours with spans, newest first: two recent ones, two ten days back.
    expect(planned.filter((c) => c.target === "tracelight_red_1m").map((c) => c.sourceRows)).toEqual([4, 4, 1, 1]);
    expect(await planAutomaticBackfill(t, TTL, now)).toEqual([]);
    const status = await readBackfillStatus(t);
    expect(status.tables.find((s) => s.table === "tracelight_red_1m")).toEqual({
      table: "tracelight_red_1m",
      chunksDone: 0,
      chunks: 4,
      rowsDone: 0,
      rows: 10,
    });
  });

  it("fills them with what the views make of the same rows", async () => {
    const progress: number[] = [];
    const result = await runBackfill(t, DERIVED, { onProgress: (p) => progress.push(p.chunksDone) });
    expect(result.chunks).toBe(progress.length);
    backfilled = await snapshot();
    const pay = backfilled.red.filter((r) => r.Route === "/pay");
    expect(pay.map((r) => [r.requests, r.errors])).toEqual([
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(pay.map((r) => (r.errorExemplar as unknown[])[0]).slice(2)).toEqual([
      TRACE_RECENT,
      TRACE_LEGACY,
      TRACE_RECENT,
      TRACE_LEGACY,
    ]);
    // Every exemplar of four metric types at two times, twice.
    expect(backfilled.exemplars).toHaveLength(16);
    expect(new Set(backfilled.exemplars.map((e) => e.TraceId))).toEqual(new Set([TRACE_RECENT, TRACE_OLD]));
    expect(backfilled.bounds.map((b) => b.TraceId)).toEqual([TRACE_RECENT, TRACE_LEGACY].sort());
    const status = await readBackfillStatus(t);
    expect(status.tables.every((s) => s.chunksDone === s.chunks && s.rowsDone === s.rows)).toBe(true);

    // The same rows again, this time through the views: the very same derived rows.
    await truncate([...DERIVED, ...SOURCES]);
    await insertAll();
    expect(await snapshot()).toEqual(backfilled);
  });

  it("redoes a range without counting twice, over rows the views already rolled up", async () => {
    // The views filled the rollup from the rows of the last test; a redo replaces each chunk.
    const planned = await planBackfill(t, {
      target: "tracelight_red_1m",
      fromMs: now - 11 * 86_400_000,
      toMs: now + 60_000,
      retentionDays: TTL,
      redo: true,
      now,
    });
    expect(planned).toHaveLength(4);
    for (const target of ["tracelight_exemplars"]) {
      await planBackfill(t, { target, fromMs: 0, toMs: now + 60_000, retentionDays: TTL, redo: true, now });
    }
    await runBackfill(t, ["tracelight_red_1m", "tracelight_exemplars"]);
    const again = await snapshot();
    expect(again.red).toEqual(backfilled.red);
    expect(again.exemplars).toEqual(backfilled.exemplars);
    // Nothing left to do: a second run changes nothing.
    expect(await runBackfill(t, DERIVED)).toEqual({ chunks: 0, rows: 0 });
    expect((await snapshot()).red).toEqual(backfilled.red);
  });

  it("resumes an interrupted backfill with the chunks it had not done", async () => {
    await truncate(["tracelight_red_1m", "tracelight_exemplars"]);
    for (const target of ["tracelight_red_1m", "tracelight_exemplars"]) {
      await planBackfill(t, { target, fromMs: 0, toMs: now + 60_000, retentionDays: TTL, redo: true, now });
    }
    const stop = new AbortController();
    await expect(
      runBackfill(t, DERIVED, {
        signal: stop.signal,
        onProgress: (p) => {
          if (p.chunksDone === 3) stop.abort(new Error("stopped"));
        },
      }),
    ).rejects.toThrow("stopped");
    const status = await readBackfillStatus(t);
    const done = status.tables.reduce((n, s) => n + (s.table === "otel_traces_trace_id_ts" ? 0 : s.chunksDone), 0);
    const total = status.tables.reduce((n, s) => n + (s.table === "otel_traces_trace_id_ts" ? 0 : s.chunks), 0);
    expect(total - done).toBeGreaterThan(0);
    const rest = await runBackfill(t, DERIVED);
    expect(rest.chunks).toBe(total - done);
    const resumed = await snapshot();
    expect(resumed.red).toEqual(backfilled.red);
    expect(resumed.exemplars).toEqual(backfilled.exemplars);
  });

  it("fills an hour still under way only once it has ended and settled", async () => {
    // Spans of this very hour: its chunk is left for last and waited for.
    await insertExporterRows(t, Date.now() + HOUR);
    const liveHour = Math.floor(Date.now() / HOUR) * HOUR;
    await planBackfill(t, {
      target: "tracelight_red_1m",
      fromMs: liveHour - 24 * HOUR,
      toMs: Date.now(),
      retentionDays: TTL,
      redo: true,
      now,
    });
    const stop = new AbortController();
    const filled: number[] = [];
    const waits: [number, number][] = [];
    await expect(
      runBackfill(t, ["tracelight_red_1m"], {
        signal: stop.signal,
        onProgress: (p) => filled.push(p.chunk.startMs),
        onWait: (chunk, waitMs) => {
          waits.push([chunk.startMs, waitMs]);
          stop.abort(new Error("stopped"));
        },
      }),
    ).rejects.toThrow("stopped");
    expect(waits.map(([start]) => start)).toEqual([liveHour]);
    expect(waits[0]?.[1]).toBeGreaterThan(SETTLE_MS);
    // The earlier hours with spans (the two recent batches') were filled before it.
    const hourOf = (ms: number) => Math.floor(ms / HOUR) * HOUR;
    expect(filled).toEqual([hourOf(now - HOUR), hourOf(now - 6 * HOUR)]);
  });
});
