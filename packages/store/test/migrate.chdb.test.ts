// Migrations on a fresh chDB directory: all files apply once, re-running is a no-op, TTL
// changes reach every table of the signal, and the tables carry the exporter's definitions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate, splitStatements } from "../src/migrate.ts";
import { sql } from "../src/sql.ts";
import { readTableRecords } from "../src/table-ownership.ts";
import { TTL_TABLES } from "../src/tables.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";

const dir = freshDir("migrate");
let t: ClickHouseTransport;

beforeAll(() => {
  t = openChdbTransport(dir.path);
});
afterAll(async () => {
  await t?.close();
  dir.remove();
});

const ttlOf = async (table: string) => {
  const [r] = await t.query<{ engine_full: string }>(
    sql`SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = ${table}`,
  );
  return /toIntervalDay\((\d+)\)/.exec(r?.engine_full ?? "")?.[1];
};

describe("migrate", () => {
  it("applies every file in order on a fresh directory, then nothing", async () => {
    const first = await migrate(t, { ttlDays: TTL });
    expect(first.applied).toEqual([
      "0001_otel_traces.sql",
      "0002_otel_logs.sql",
      "0003_otel_metrics.sql",
      "0004_tracelight_exemplars.sql",
      "0005_tracelight_red.sql",
      "0006_tracelight_lookup_indexes.sql",
      "0007_tracelight_red_legacy_enums.sql",
      "0008_tracelight_service_edges.sql",
      "0009_tracelight_service_peers.sql",
    ]);
    expect(first.ttlChanged).toEqual([]);
    const second = await migrate(t, { ttlDays: TTL });
    expect(second).toEqual({ applied: [], ttlChanged: [], skipped: [] });
    const recorded = await t.query<{ name: string; n: number }>(
      sql`SELECT name, count() AS n FROM tracelight_migrations GROUP BY name ORDER BY name`,
    );
    expect(recorded.map((r) => r.name)).toEqual(first.applied);
    expect(recorded.every((r) => r.n === 1)).toBe(true);
  });

  it("creates the exporter's tables and views plus Tracelight's", async () => {
    const names = (
      await t.query<{ name: string }>(sql`SELECT name FROM system.tables WHERE database = currentDatabase()`)
    ).map((r) => r.name);
    for (const table of [
      "otel_traces",
      "otel_traces_trace_id_ts",
      "otel_traces_trace_id_ts_mv",
      "otel_logs",
      "otel_metrics_gauge",
      "otel_metrics_sum",
      "otel_metrics_histogram",
      "otel_metrics_exponential_histogram",
      "otel_metrics_summary",
      "tracelight_exemplars",
      "tracelight_red_1m",
      "tracelight_red_1m_mv",
    ]) {
      expect(names).toContain(table);
    }
    const cols = await t.query<{ name: string; type: string }>(
      sql`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'otel_traces' ORDER BY position`,
    );
    expect(cols.slice(0, 3)).toEqual([
      { name: "Timestamp", type: "DateTime64(9)" },
      { name: "TraceId", type: "String" },
      { name: "SpanId", type: "String" },
    ]);
    expect(cols.find((c) => c.name === "Events.Attributes")?.type).toBe("Array(Map(LowCardinality(String), String))");
    const [logs] = await t.query<{ sorting_key: string; partition_key: string }>(
      sql`SELECT sorting_key, partition_key FROM system.tables WHERE database = currentDatabase() AND name = 'otel_logs'`,
    );
    expect(logs).toEqual({
      sorting_key: "ServiceName, TimestampTime, Timestamp",
      partition_key: "toDate(TimestampTime)",
    });
    const extras = await t.query<{ table: string; name: string }>(sql`
      SELECT table, name FROM system.projections WHERE database = currentDatabase()
      UNION ALL SELECT table, name FROM system.data_skipping_indices WHERE database = currentDatabase() AND name = 'idx_body_text'`);
    expect(extras.sort((a, b) => `${a.table}.${a.name}`.localeCompare(`${b.table}.${b.name}`))).toEqual([
      { table: "otel_logs", name: "idx_body_text" },
      { table: "otel_logs", name: "tracelight_by_trace_id" },
      { table: "otel_traces", name: "tracelight_by_trace_id" },
    ]);
  });

  it("brings each table's TTL to the configured days", async () => {
    for (const { table, signal } of TTL_TABLES) expect(await ttlOf(table)).toBe(String(TTL[signal]));
    const result = await migrate(t, { ttlDays: { traces: 3, logs: 14, metrics: 30 } });
    expect(result.applied).toEqual([]);
    expect(result.ttlChanged.sort()).toEqual(["otel_logs", "otel_traces", "otel_traces_trace_id_ts"]);
    expect(await ttlOf("otel_traces")).toBe("3");
    expect(await ttlOf("otel_traces_trace_id_ts")).toBe("3");
    expect(await ttlOf("otel_logs")).toBe("14");
    expect(await ttlOf("otel_metrics_gauge")).toBe("30");
  });

  it("records its tables as created, and keeps them its own after an upgrade from before the records", async () => {
    const created = await readTableRecords(t);
    expect([...created.values()].every((r) => r.created === 1)).toBe(true);
    expect([...created.keys()].sort()).toEqual(TTL_TABLES.map((x) => x.table).sort());
    // A database migrated by a Tracelight that kept no records: it set every TTL, and still does.
    await t.command(sql`DROP TABLE tracelight_tables`);
    const result = await migrate(t, { ttlDays: { traces: 5, logs: 14, metrics: 30 } });
    expect(result.ttlChanged.sort()).toEqual(["otel_traces", "otel_traces_trace_id_ts"]);
    expect([...(await readTableRecords(t)).values()].every((r) => r.created === 1)).toBe(true);
  });

  it("refuses TTLs that are not whole days", async () => {
    await expect(migrate(t, { ttlDays: { traces: 1.5, logs: 7, metrics: 30 } })).rejects.toThrow(/traces/);
    await expect(migrate(t, { ttlDays: { traces: 7, logs: 0, metrics: 30 } })).rejects.toThrow(/logs/);
  });
});

describe("splitStatements", () => {
  it("splits on ; at line ends and drops comment lines", () => {
    expect(splitStatements("-- c; x\nCREATE a;\n\nCREATE b (x);  \n-- end\n")).toEqual(["CREATE a", "CREATE b (x)"]);
  });
});
