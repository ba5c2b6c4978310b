// The OpenTelemetry Collector ClickHouse exporter's tables in one of its layout generations
// (packages/store/test/fixtures/exporter/*.sql, its DDL rendered for this engine), and inserts through the column
// lists of its INSERT statements (exporter-rows.ts has the rows).
import { readFileSync } from "node:fs";
import { splitStatements } from "../migrate.ts";
import { raw, sql } from "../sql.ts";
import type { ClickHouseTransport } from "../transport.ts";

const FIXTURES = new URL("../../test/fixtures/exporter/", import.meta.url);

export const LAYOUTS = {
  /** v0.162 on ClickHouse 26.2+: text indexes (one on lower(Body)), no TimestampTime, DateTime metric times. */
  currentText: ["current-traces-text.sql", "current-logs-text.sql", "current-metrics.sql"],
  /** v0.162 on an older server: bloom filters, no TimestampTime, DateTime metric times. */
  currentBloom: ["current-traces-bloom.sql", "current-logs-bloom.sql", "current-metrics.sql"],
  /** Before 2026-04: TimestampTime, DateTime64(9) metric times. */
  older: ["older-timestamptime.sql"],
  /** 2023: no ScopeName on spans, Int64 Duration, no TimestampTime or EventName on logs. */
  legacy2023: ["legacy-2023-traces-logs.sql", "older-timestamptime.sql"],
} as const;
export type ExporterLayout = keyof typeof LAYOUTS;

/** TTL days the fixtures set (the user's retention, which Tracelight must keep). */
export const USER_TTL = { traces: "30", logs: "30", metrics: "90" } as const;

export async function createExporterTables(t: ClickHouseTransport, layout: ExporterLayout): Promise<void> {
  for (const file of LAYOUTS[layout]) {
    for (const statement of splitStatements(readFileSync(new URL(file, FIXTURES), "utf8"))) {
      await t.command(sql`${raw(statement)}`);
    }
  }
}

/** `YYYY-MM-DD hh:mm:ss.fffffffff` in UTC, as the exporter's driver sends DateTime64(9). */
export const ts = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "000000");
/** Whole seconds, as the driver sends DateTime (the current layout's metric times). */
export const secs = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace("T", " ");

export async function insertRows(t: ClickHouseTransport, table: string, columns: readonly string[], rows: object[]) {
  // format() parses the bound JSON on the engine with the table's own column types, so rows go
  // in through the exporter's column list without any value spliced into SQL text.
  const types = new Map(
    (
      await t.query<{ name: string; type: string }>(
        sql`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${table}`,
      )
    ).map((c) => [c.name, c.type]),
  );
  // An exporter lists the columns its own table has: older ones lack some (ScopeName on spans).
  const present = columns.filter((c) => types.has(c));
  const structure = present.map((c) => `\`${c}\` ${types.get(c)}`).join(", ");
  const list = present.map((c) => `\`${c}\``).join(", ");
  const json = rows.map((r) => JSON.stringify(r)).join("\n");
  await t.command(
    sql`INSERT INTO ${raw(table)} (${raw(list)}) SELECT * FROM format(JSONEachRow, ${structure}, ${json})`,
  );
}
