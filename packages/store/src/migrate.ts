// Applies the numbered SQL files in ../migrations once each (recorded in
// tracelight_migrations), then brings every table's TTL to the configured retention.
// Safe at every start: statements are IF NOT EXISTS, so a file interrupted half-way re-runs.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { raw, sql } from "./sql.ts";
import { type Signal, TABLES, TTL_TABLES } from "./tables.ts";
import type { ClickHouseTransport } from "./transport.ts";

export interface MigrateOptions {
  ttlDays: Record<Signal, number>;
  /** Defaults to packages/store/migrations. */
  dir?: string;
}

export interface MigrateResult {
  /** Files applied by this call (empty when the schema was already current). */
  applied: string[];
  /** Tables whose TTL was changed by this call. */
  ttlChanged: string[];
}

const DEFAULT_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));
/**
 * Longest retention: a TTL is `toDateTime(time) + toIntervalDay(n)`, and DateTime ends in 2106;
 * past it the sum wraps to the 1970s and ClickHouse deletes the rows at once. 20 years keeps
 * data written until 2086 safe.
 */
export const MAX_TTL_DAYS = 7300;

export async function migrate(transport: ClickHouseTransport, options: MigrateOptions): Promise<MigrateResult> {
  const ttl = validateTtl(options.ttlDays);
  const dir = options.dir ?? DEFAULT_DIR;
  await transport.command(
    sql`CREATE TABLE IF NOT EXISTS ${raw(TABLES.migrations)} (name String, applied_at DateTime64(3) DEFAULT now64(3))
        ENGINE = MergeTree ORDER BY name`,
  );
  const done = new Set(
    (await transport.query<{ name: string }>(sql`SELECT DISTINCT name FROM ${raw(TABLES.migrations)}`)).map(
      (r) => r.name,
    ),
  );
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const text = substituteTtl(await readFile(`${dir}/${file}`, "utf8"), ttl);
    for (const statement of splitStatements(text)) await transport.command(sql`${raw(statement)}`);
    await transport.command(sql`INSERT INTO ${raw(TABLES.migrations)} (name) VALUES (${file})`);
    applied.push(file);
  }
  return { applied, ttlChanged: await syncTtl(transport, ttl) };
}

function validateTtl(days: Record<Signal, number>): Record<Signal, number> {
  for (const [signal, value] of Object.entries(days)) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_TTL_DAYS) {
      throw new RangeError(`TTL for ${signal} must be an integer number of days in 1..${MAX_TTL_DAYS}, got ${value}`);
    }
  }
  return days;
}

function substituteTtl(text: string, ttl: Record<Signal, number>): string {
  return text
    .replaceAll("@TTL_TRACES_DAYS@", String(ttl.traces))
    .replaceAll("@TTL_LOGS_DAYS@", String(ttl.logs))
    .replaceAll("@TTL_METRICS_DAYS@", String(ttl.metrics));
}

/** Splits a migration file on `;` at the end of a line; `--` comment lines are dropped. */
export function splitStatements(text: string): string[] {
  const body = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n");
  return body
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Reads each table's TTL from system.tables and rewrites it when the day count differs.
 * MODIFY TTL recomputes TTL info of existing parts; with ttl_only_drop_parts that only drops
 * whole expired parts.
 */
async function syncTtl(transport: ClickHouseTransport, ttl: Record<Signal, number>): Promise<string[]> {
  const rows = await transport.query<{ name: string; engine_full: string }>(
    sql`SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN ${TTL_TABLES.map((t) => t.table)}`,
  );
  const current = new Map(rows.map((r) => [r.name, /toIntervalDay\((\d+)\)/.exec(r.engine_full)?.[1]]));
  const changed: string[] = [];
  for (const { table, signal, timeExpr } of TTL_TABLES) {
    if (!current.has(table) || current.get(table) === String(ttl[signal])) continue;
    await transport.command(
      sql`ALTER TABLE ${raw(table)} MODIFY TTL ${raw(`${timeExpr} + toIntervalDay(${ttl[signal]})`)}`,
    );
    changed.push(table);
  }
  return changed;
}
