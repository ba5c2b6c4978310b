// The cluster form of every statement of every migration file: local replicated tables ON
// CLUSTER, Distributed tables over them with the specified sharding keys, views local to local.
// cluster-ddl.chdb.test.ts checks that the engine parses each printed statement.
import { describe, expect, it } from "vitest";
import { clusterDdl, SHARDING_KEYS } from "../src/cluster-ddl.ts";
import { migrationStatements } from "../src/migrate.ts";
import { TTL } from "./support/chdb-dir.ts";

const ddl = clusterDdl("tl");
const printed = await migrationStatements({ ttlDays: TTL, cluster: ddl });
const plain = await migrationStatements({ ttlDays: TTL });
const all = printed.flatMap((f) => f.statements);

const oneLine = (s: string) => s.replace(/\s+/g, " ");

describe("clusterDdl", () => {
  it("gives every statement of every file its cluster form, ON CLUSTER tl", () => {
    expect(printed.map((f) => f.file)).toEqual(plain.map((f) => f.file));
    for (const [i, file] of plain.entries()) {
      for (const statement of file.statements) {
        const out = ddl.statements(statement);
        expect(out.length, statement.slice(0, 60)).toBeGreaterThan(0);
        for (const s of out) expect(s).toMatch(/ ON CLUSTER tl /);
      }
      expect(printed[i]?.statements).toEqual(file.statements.flatMap((s) => ddl.statements(s)));
    }
  });

  it("creates each table as a replicated <name>_local and a Distributed <name> with its sharding key", () => {
    const created = plain.flatMap((f) => f.statements).filter((s) => /^CREATE TABLE/i.test(s));
    const names = created.map((s) => /^CREATE TABLE IF NOT EXISTS (\w+)/.exec(s)?.[1]);
    expect(names.sort()).toEqual([...Object.keys(SHARDING_KEYS), "tracelight_migrations", "tracelight_tables"].sort());
    for (const [table, key] of Object.entries(SHARDING_KEYS)) {
      const local = all.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${table}_local ON CLUSTER tl (`));
      expect(oneLine(local ?? "")).toMatch(
        new RegExp(
          `ENGINE = Replicated(Aggregating|Replacing)?MergeTree\\('/clickhouse/tables/\\{shard\\}/\\{database\\}/${table}_local', '\\{replica\\}'\\)`,
        ),
      );
      expect(all).toContain(
        `CREATE TABLE IF NOT EXISTS ${table} ON CLUSTER tl AS ${table}_local ENGINE = Distributed('tl', currentDatabase(), ${table}_local, ${key})`,
      );
    }
    expect(SHARDING_KEYS.otel_traces).toBe("cityHash64(TraceId)");
    expect(SHARDING_KEYS.otel_logs).toContain("cityHash64(TraceId)");
    expect(oneLine(all.find((s) => s.includes("tracelight_red_1m_local ON CLUSTER tl (")) ?? "")).toContain(
      "ENGINE = ReplicatedAggregatingMergeTree(",
    );
  });

  it("keeps one migration record and one table record for the whole cluster: replicated on every node, not sharded", () => {
    expect(printed.slice(0, 2).map((f) => [f.file, f.statements.length])).toEqual([
      ["tracelight_migrations", 1],
      ["tracelight_tables", 1],
    ]);
    expect(oneLine(printed[0]?.statements[0] ?? "")).toContain(
      "CREATE TABLE IF NOT EXISTS tracelight_migrations ON CLUSTER tl (name String, applied_at DateTime64(3) DEFAULT now64(3)) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/tracelight_migrations', '{replica}') ORDER BY name",
    );
    expect(oneLine(printed[1]?.statements[0] ?? "")).toContain(
      "CREATE TABLE IF NOT EXISTS tracelight_tables ON CLUSTER tl (name String, created UInt8, rows_at_adoption UInt64, adopted_at DateTime64(3) DEFAULT now64(3)) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{database}/tracelight_tables', '{replica}') ORDER BY name",
    );
  });

  it("points each materialized view from the local source to the local target", () => {
    const views = all.filter((s) => s.startsWith("CREATE MATERIALIZED VIEW"));
    expect(views).toHaveLength(7);
    for (const view of views) {
      const [, target] = /TO (\w+) AS/.exec(view) ?? [];
      const [, source] = /FROM (\w+)/.exec(view) ?? [];
      expect(target).toMatch(/_local$/);
      expect(source).toMatch(/_local$/);
    }
    expect(oneLine(views.find((v) => v.includes("tracelight_red_1m_mv")) ?? "")).toMatch(
      /^CREATE MATERIALIZED VIEW IF NOT EXISTS tracelight_red_1m_mv ON CLUSTER tl TO tracelight_red_1m_local AS SELECT .* FROM otel_traces_local WHERE/,
    );
  });

  it("alters the local tables; column changes reach the Distributed table too", () => {
    const alters = printed.find((f) => f.file.startsWith("0006"))?.statements ?? [];
    expect(alters.map((s) => /^ALTER TABLE (\w+) ON CLUSTER tl /.exec(s)?.[1])).toEqual([
      "otel_traces_local",
      "otel_logs_local",
      "otel_logs_local",
    ]);
    expect(ddl.statements("ALTER TABLE otel_logs ADD COLUMN IF NOT EXISTS X String")).toEqual([
      "ALTER TABLE otel_logs_local ON CLUSTER tl ADD COLUMN IF NOT EXISTS X String",
      "ALTER TABLE otel_logs ON CLUSTER tl ADD COLUMN IF NOT EXISTS X String",
    ]);
    expect(ddl.statements("ALTER TABLE otel_logs MODIFY TTL TimestampTime + toIntervalDay(3)")).toEqual([
      "ALTER TABLE otel_logs_local ON CLUSTER tl MODIFY TTL TimestampTime + toIntervalDay(3)",
    ]);
    expect(ddl.statements("ALTER TABLE tracelight_red_1m_mv MODIFY QUERY SELECT a FROM otel_traces WHERE b")).toEqual([
      "ALTER TABLE tracelight_red_1m_mv ON CLUSTER tl MODIFY QUERY SELECT a FROM otel_traces_local WHERE b",
    ]);
  });

  it("refuses what it has no cluster form for, naming what to change", () => {
    expect(() =>
      ddl.statements("CREATE TABLE IF NOT EXISTS new_table (a String) ENGINE = MergeTree ORDER BY a"),
    ).toThrow(/new_table: no sharding key .*SHARDING_KEYS/);
    expect(() => ddl.statements("OPTIMIZE TABLE otel_logs FINAL")).toThrow(/no cluster form/);
    expect(() => clusterDdl("bad name; DROP")).toThrow(/cluster name/);
    expect(ddl.storageTable("otel_traces")).toBe("otel_traces_local");
    expect(ddl.storageTable("tracelight_migrations")).toBe("tracelight_migrations");
  });
});
