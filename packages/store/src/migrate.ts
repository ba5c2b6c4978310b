// Applies the numbered SQL files in ../migrations once each (recorded in
// tracelight_migrations), then brings the TTL of the tables Tracelight created (or of every
// table, for a TTL set explicitly) to the configured retention. Statements that cannot run on
// the tables found (schema-facts.ts) are skipped.
// Safe at every start: statements are IF NOT EXISTS, so a file interrupted half-way re-runs.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ClusterDdl } from "./cluster-ddl.ts";
import { readSchemaFacts, skipReason } from "./schema-facts.ts";
import { rememberProfile, type SchemaProfile, schemaProfile, ttlTimeExpr } from "./schema-profile.ts";
import { raw, sql } from "./sql.ts";
import { OWNERSHIP_TABLE_DDL, ownsRetention, readTableRecords, recordTables } from "./table-ownership.ts";
import { type Signal, TABLES, TTL_TABLES } from "./tables.ts";
import type { ClickHouseTransport } from "./transport.ts";

export interface MigrateOptions {
  ttlDays: Record<Signal, number>;
  /** Signals whose TTL was set explicitly (TRACELIGHT_TTL_*): it applies to tables Tracelight did not create too. */
  ttlExplicit?: Partial<Record<Signal, boolean>>;
  /** Defaults to packages/store/migrations. */
  dir?: string;
  /** On a cluster: each statement's ON CLUSTER, replicated and Distributed form (cluster-ddl.ts). */
  cluster?: ClusterDdl;
}

export interface MigrateResult {
  /** Files applied by this call (empty when the schema was already current). */
  applied: string[];
  /** Tables whose TTL was changed by this call. */
  ttlChanged: string[];
  /** Statements not run, with why (a text index the table already has). */
  skipped: string[];
}

const DEFAULT_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));
/**
 * Longest retention: a TTL is `toDateTime(time) + toIntervalDay(n)`, and DateTime ends in 2106;
 * past it the sum wraps to the 1970s and ClickHouse deletes the rows at once. 20 years keeps
 * data written until 2086 safe.
 */
export const MAX_TTL_DAYS = 7300;

export const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS ${TABLES.migrations} (name String, applied_at DateTime64(3) DEFAULT now64(3))
  ENGINE = MergeTree ORDER BY name`;

export async function migrate(transport: ClickHouseTransport, options: MigrateOptions): Promise<MigrateResult> {
  const ttl = validateTtl(options.ttlDays);
  const dir = options.dir ?? DEFAULT_DIR;
  const run = async (statement: string) => {
    for (const s of options.cluster?.statements(statement) ?? [statement]) await transport.command(sql`${raw(s)}`);
  };
  const before = await readSchemaFacts(transport, options.cluster);
  await run(MIGRATIONS_TABLE_DDL);
  await run(OWNERSHIP_TABLE_DDL);
  const done = new Set(await appliedMigrations(transport));
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const file of await migrationFiles(dir)) {
    if (done.has(file)) continue;
    const text = substituteTtl(await readFile(`${dir}/${file}`, "utf8"), ttl);
    const facts = await readSchemaFacts(transport, options.cluster);
    for (const statement of splitStatements(text)) {
      const reason = skipReason(statement, facts);
      if (reason === null) await run(statement);
      else skipped.push(`${file}: ${reason}`);
    }
    await transport.command(sql`INSERT INTO ${raw(TABLES.migrations)} (name) VALUES (${file})`);
    applied.push(file);
  }
  const after = await readSchemaFacts(transport, options.cluster);
  // A database migrated before tracelight_tables existed: that Tracelight set every TTL.
  await recordTables(transport, before, after, done.size > 0 && !before.has(TABLES.tables));
  rememberProfile(transport, after);
  const ttlChanged = await syncTtl(transport, ttl, options, schemaProfile(after));
  return { applied, ttlChanged, skipped };
}

/** The migration files this build ships, in the order they apply. */
export async function migrationFiles(dir: string = DEFAULT_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
}

/** The migrations recorded as applied (none when the table does not exist yet). */
export async function appliedMigrations(transport: ClickHouseTransport): Promise<string[]> {
  const [exists] = await transport.query<{ n: number }>(
    sql`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${TABLES.migrations}`,
  );
  if (!exists?.n) return [];
  const rows = await transport.query<{ name: string }>(
    sql`SELECT DISTINCT name FROM ${raw(TABLES.migrations)} ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

/** Every statement migrate() runs on a fresh database, in order (`--print`): its own record tables, then the files. */
export async function migrationStatements(
  options: Pick<MigrateOptions, "ttlDays" | "dir" | "cluster">,
): Promise<{ file: string; statements: string[] }[]> {
  const ttl = validateTtl(options.ttlDays);
  const dir = options.dir ?? DEFAULT_DIR;
  const rewrite = (s: string) => options.cluster?.statements(s) ?? [s];
  const out: { file: string; statements: string[] }[] = [
    { file: TABLES.migrations, statements: rewrite(MIGRATIONS_TABLE_DDL) },
    { file: TABLES.tables, statements: rewrite(OWNERSHIP_TABLE_DDL) },
  ];
  for (const file of await migrationFiles(dir)) {
    const text = substituteTtl(await readFile(`${dir}/${file}`, "utf8"), ttl);
    out.push({ file, statements: splitStatements(text).flatMap(rewrite) });
  }
  return out;
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
async function syncTtl(
  transport: ClickHouseTransport,
  ttl: Record<Signal, number>,
  { cluster, ttlExplicit = {} }: Pick<MigrateOptions, "cluster" | "ttlExplicit">,
  profile: SchemaProfile,
): Promise<string[]> {
  const records = await readTableRecords(transport);
  // On a cluster the TTL sits on the local tables, not on the Distributed ones over them.
  const stored = (table: string) => cluster?.storageTable(table) ?? table;
  const rows = await transport.query<{ name: string; engine_full: string }>(
    sql`SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN ${TTL_TABLES.map((t) => stored(t.table))}`,
  );
  const current = new Map(rows.map((r) => [r.name, /toIntervalDay\((\d+)\)/.exec(r.engine_full)?.[1]]));
  const changed: string[] = [];
  for (const { table, signal, timeExpr } of TTL_TABLES) {
    if (!current.has(stored(table)) || current.get(stored(table)) === String(ttl[signal])) continue;
    if (!ownsRetention(records.get(table), ttlExplicit[signal] === true)) continue;
    const alter = `ALTER TABLE ${table} MODIFY TTL ${ttlTimeExpr(table, timeExpr, profile)} + toIntervalDay(${ttl[signal]})`;
    for (const s of cluster?.statements(alter) ?? [alter]) await transport.command(sql`${raw(s)}`);
    changed.push(table);
  }
  return changed;
}
