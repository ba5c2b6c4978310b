// What the database already holds, read from system tables: each table's columns and text
// indexes. Migrations adapt to it (a table the Collector's ClickHouse exporter created in one of
// its layouts) and queries read a SchemaProfile derived from it (schema-profile.ts). On a cluster
// (cluster-ddl.ts) a table's rows, columns and indexes are in `<name>_local` and `<name>` is a
// Distributed table without indexes: the facts of `<name>` are read from `<name>_local`.
import type { ClusterDdl } from "./cluster-ddl.ts";
import { sql } from "./sql.ts";
import { TABLES } from "./tables.ts";
import type { ClickHouseTransport } from "./transport.ts";

export interface TableFacts {
  /** Column name → type, as system.columns has them. */
  columns: ReadonlyMap<string, string>;
  /** Expressions that carry a text index (`lower(Body)`): ClickHouse allows one per expression. */
  textIndexed: ReadonlySet<string>;
}

export type SchemaFacts = ReadonlyMap<string, TableFacts>;

/** The tables either side names: the exporter's (otel_*) and Tracelight's own. */
const OURS = sql`database = currentDatabase() AND (startsWith(table, 'otel_') OR startsWith(table, 'tracelight_'))`;

export async function readSchemaFacts(transport: ClickHouseTransport, cluster?: ClusterDdl): Promise<SchemaFacts> {
  const [columns, indexes] = await Promise.all([
    transport.query<{ table: string; name: string; type: string }>(
      sql`SELECT table, name, type FROM system.columns WHERE ${OURS}`,
    ),
    transport.query<{ table: string; expr: string }>(
      sql`SELECT table, expr FROM system.data_skipping_indices WHERE ${OURS} AND type = 'text'`,
    ),
  ]);
  return schemaFacts(columns, indexes, cluster?.storageTable);
}

/**
 * Builds the facts from system.columns and system.data_skipping_indices rows, keyed by the names
 * statements and queries use. On a cluster (`storageTable` from cluster-ddl.ts) the storage
 * table's rows stand for the table's; the Distributed table's own are kept only where no storage
 * table exists.
 */
export function schemaFacts(
  columns: readonly { table: string; name: string; type: string }[],
  textIndexes: readonly { table: string; expr: string }[],
  storageTable: (table: string) => string = (table) => table,
): SchemaFacts {
  const facts = new Map<string, { columns: Map<string, string>; textIndexed: Set<string> }>();
  const of = (table: string) => {
    let f = facts.get(table);
    if (f === undefined) {
      f = { columns: new Map(), textIndexed: new Set() };
      facts.set(table, f);
    }
    return f;
  };
  for (const c of columns) of(c.table).columns.set(c.name, c.type);
  for (const i of textIndexes) of(i.table).textIndexed.add(normalizeExpr(i.expr));
  for (const table of Object.values(TABLES)) {
    const stored = storageTable(table);
    const f = facts.get(stored);
    if (stored === table || f === undefined) continue;
    facts.set(table, f);
    facts.delete(stored);
  }
  return facts;
}

/** Spaces and backquotes removed, so `lower(Body)` and `lower(\`Body\`)` compare equal. */
const normalizeExpr = (expr: string) => expr.replace(/[\s`]/g, "");

const ADD_TEXT_INDEX = /^ALTER TABLE (\w+) ADD INDEX IF NOT EXISTS \w+ (.+?) TYPE text\b/is;

/**
 * Why a migration statement must not run on this database, or null to run it. A text index on
 * an expression that already has one (the exporter's `idx_lower_body` on ClickHouse 26.2+)
 * fails ("must not have more than one text index"); the existing one serves the same search.
 */
export function skipReason(statement: string, facts: SchemaFacts): string | null {
  const m = ADD_TEXT_INDEX.exec(statement.trim());
  if (m === null) return null;
  const [, table = "", expr = ""] = m;
  return facts.get(table)?.textIndexed.has(normalizeExpr(expr)) ? `${table} already has a text index on ${expr}` : null;
}
