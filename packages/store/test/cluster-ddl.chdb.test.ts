// Every statement `npm run migrate -- --print --cluster <name>` prints parses in the engine:
// formatQuery() parses a statement without running it (no cluster or Keeper exists here, so
// the statements themselves cannot run). The engine's own formatting of each is then checked
// for the engines and sharding keys cluster-ddl.ts promises.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { clusterDdl, SHARDING_KEYS } from "../src/cluster-ddl.ts";
import { migrationStatements } from "../src/migrate.ts";
import { sql } from "../src/sql.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";

const dir = freshDir("cluster-ddl");
let t: ClickHouseTransport;
beforeAll(() => {
  t = openChdbTransport(dir.path);
});
afterAll(async () => {
  await t?.close();
  dir.remove();
});

const format = async (statement: string) =>
  (await t.query<{ f: string }>(sql`SELECT formatQuery(${statement}) AS f`))[0]?.f.replace(/\s+/g, " ") ?? "";

describe("cluster DDL in the engine", () => {
  it("parses every printed statement, and the engine reads the engines and keys as meant", async () => {
    const printed = (await migrationStatements({ ttlDays: TTL, cluster: clusterDdl("tracelight") })).flatMap(
      (f) => f.statements,
    );
    const formatted = [];
    for (const statement of printed) formatted.push(await format(statement));
    expect(formatted).toHaveLength(printed.length);
    expect(formatted.every((f) => f.includes(" ON CLUSTER tracelight"))).toBe(true);

    for (const [table, key] of Object.entries(SHARDING_KEYS)) {
      const local = formatted.filter((f) => f.startsWith(`CREATE TABLE IF NOT EXISTS ${table}_local ON CLUSTER`));
      expect(local, table).toHaveLength(1);
      expect(local[0]).toMatch(
        new RegExp(
          `ENGINE = Replicated(Aggregating|Replacing)?MergeTree\\('/clickhouse/tables/\\{shard\\}/\\{database\\}/${table}_local', '\\{replica\\}'\\)`,
        ),
      );
      const distributed = formatted.filter((f) => f.startsWith(`CREATE TABLE IF NOT EXISTS ${table} ON CLUSTER`));
      expect(distributed, table).toHaveLength(1);
      expect(distributed[0]).toContain(
        `AS ${table}_local ENGINE = Distributed('tracelight', currentDatabase(), ${table}_local, ${await formatKey(key)})`,
      );
    }
    for (const table of ["tracelight_migrations", "tracelight_tables"]) {
      const record = formatted.filter((f) => f.startsWith(`CREATE TABLE IF NOT EXISTS ${table} ON CLUSTER`));
      expect(record, table).toHaveLength(1);
      expect(record[0]).toMatch(
        new RegExp(
          `ENGINE = Replicated(Replacing)?MergeTree\\('/clickhouse/tables/\\{database\\}/${table}', '\\{replica\\}'\\)`,
        ),
      );
    }
    const traces = formatted.find((f) => f.startsWith("CREATE TABLE IF NOT EXISTS otel_traces ON CLUSTER"));
    expect(traces).toContain(", cityHash64(TraceId))");
    const logs = formatted.find((f) => f.startsWith("CREATE TABLE IF NOT EXISTS otel_logs ON CLUSTER"));
    expect(logs).toContain("cityHash64(TraceId)))");
    const views = formatted.filter((f) => f.startsWith("CREATE MATERIALIZED VIEW"));
    expect(views).toHaveLength(7);
    for (const view of views) expect(view).toMatch(/ TO \w+_local AS SELECT .* FROM \w+_local\b/);
  });

  it("would refuse a statement that does not parse (the check can fail)", async () => {
    await expect(format("CREATE TABLE x ON CLUSTER c (a String ENGINE = Distributed(")).rejects.toThrow(/Syntax error/);
  });
});

/** A sharding key as the engine prints it inside a statement. */
async function formatKey(key: string): Promise<string> {
  return (await format(`SELECT ${key}`)).replace(/^SELECT /, "");
}
