// Which tables Tracelight created and which it found, recorded once per table in
// tracelight_tables. Retention of a table it found belongs to whoever made it (the Collector's
// ClickHouse exporter, a user): migrate() changes its TTL only when asked explicitly. A found
// table's row count and the time Tracelight adopted it say what the derived tables
// (tracelight_red_1m, tracelight_exemplars, filled by views from then on) are missing.

import type { SchemaFacts } from "./schema-facts.ts";
import { raw, sql } from "./sql.ts";
import { TABLES, TTL_TABLES } from "./tables.ts";
import type { ClickHouseTransport } from "./transport.ts";

export interface TableRecord {
  name: string;
  /** 1: a migration created it; 0: it existed before Tracelight first migrated this database. */
  created: number;
  /** Rows it held when adopted (0 for created tables). */
  rowsAtAdoption: number;
  /** When Tracelight created or adopted it (DateTime64(3) text, UTC). */
  adoptedAt: string;
}

export const OWNERSHIP_TABLE_DDL = `CREATE TABLE IF NOT EXISTS ${TABLES.tables} (name String, created UInt8,
  rows_at_adoption UInt64, adopted_at DateTime64(3) DEFAULT now64(3)) ENGINE = ReplacingMergeTree ORDER BY name`;

export async function readTableRecords(transport: ClickHouseTransport): Promise<Map<string, TableRecord>> {
  const rows = await transport.query<TableRecord>(
    sql`SELECT name, created, rows_at_adoption AS rowsAtAdoption, toString(adopted_at) AS adoptedAt
        FROM ${raw(TABLES.tables)} FINAL`,
  );
  return new Map(
    rows.map((r) => [r.name, { ...r, created: Number(r.created), rowsAtAdoption: Number(r.rowsAtAdoption) }]),
  );
}

/**
 * Records every table that retention applies to and is not recorded yet: created when it was
 * absent from `before` (the facts read ahead of this run's migrations). `upgrade`: the
 * database was migrated by a Tracelight that kept no records, which set every table's TTL as
 * its own; they stay Tracelight's.
 */
export async function recordTables(
  transport: ClickHouseTransport,
  before: SchemaFacts,
  after: SchemaFacts,
  upgrade: boolean,
): Promise<void> {
  const known = await readTableRecords(transport);
  for (const { table } of TTL_TABLES) {
    if (known.has(table) || !after.has(table)) continue;
    const created = upgrade || !before.has(table);
    const rows = created ? 0 : await countRows(transport, table);
    await transport.command(
      sql`INSERT INTO ${raw(TABLES.tables)} (name, created, rows_at_adoption) VALUES (${table}, ${created ? 1 : 0}, ${rows})`,
    );
  }
}

async function countRows(transport: ClickHouseTransport, table: string): Promise<number> {
  const [row] = await transport.query<{ n: number }>(sql`SELECT count() AS n FROM ${raw(table)}`);
  return Number(row?.n ?? 0);
}

/** Whether migrate() may set this table's TTL: Tracelight created it, or the signal's TTL was set explicitly. */
export function ownsRetention(record: TableRecord | undefined, explicit: boolean): boolean {
  return explicit || record?.created === 1;
}
