// The one interface both ClickHouse transports implement: query rows, run a statement,
// insert encoded rows. Everything above it is transport-agnostic.
import type { BoundQuery } from "./sql.ts";

/** Inserts are ClickHouse Native blocks: half the engine CPU per row of RowBinary (README). */
export type InsertFormat = "Native";

export interface ClickHouseTransport {
  /** Human-readable name for logs and /readyz ("chdb:/path" or "http://host:8123"). */
  readonly description: string;
  /** Runs a SELECT and returns its rows (JSONEachRow; 64-bit integers come back as numbers). */
  query<Row = Record<string, unknown>>(query: BoundQuery): Promise<Row[]>;
  /** Runs a statement that returns nothing (DDL, ALTER, INSERT ... SELECT). */
  command(query: BoundQuery): Promise<void>;
  /** Inserts pre-encoded rows; resolves once ClickHouse has written them. */
  insert(table: string, columns: readonly string[], format: InsertFormat, data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
