// The one interface both ClickHouse transports implement: query rows, run a statement,
// insert encoded rows. Everything above it is transport-agnostic.
import { AsyncLocalStorage } from "node:async_hooks";
import type { BoundQuery } from "./sql.ts";

/** Inserts are ClickHouse Native blocks: half the engine CPU per row of RowBinary (README). */
export type InsertFormat = "Native";

/**
 * What asked for a read, which decides how long it may run (`max_execution_time`) and, on
 * chDB, which sessions it may wait for: a probe or a lookup never queues behind searches.
 */
export type QueryClass = "probe" | "lookup" | "search" | "background";

export const QUERY_TIME_LIMIT_S: Readonly<Record<QueryClass, number>> = {
  probe: 2,
  lookup: 10,
  search: 30,
  background: 60,
};

/** ClickHouse's `priority`: a running query pauses while one of a lower number runs (0: never). */
export const QUERY_PRIORITY: Readonly<Record<QueryClass, number>> = { probe: 1, lookup: 1, search: 2, background: 3 };

export interface QueryOptions {
  /** Default: the enclosing withQueryOptions() scope's, else "background". */
  class?: QueryClass;
  /** Aborting it cancels the query in the engine (a client that left). */
  signal?: AbortSignal;
}

const scope = new AsyncLocalStorage<QueryOptions>();

/**
 * Runs `fn` with defaults for every query it makes, so an HTTP request's class and its
 * disconnect reach the engine without threading them through each typed query function.
 */
export function withQueryOptions<T>(options: QueryOptions, fn: () => T): T {
  return scope.run(options, fn);
}

/** The options a query runs with: explicit ones over the scope's. */
export function queryOptions(explicit: QueryOptions = {}): Required<Pick<QueryOptions, "class">> & QueryOptions {
  const merged = { ...scope.getStore(), ...explicit };
  return { ...merged, class: merged.class ?? "background" };
}

export interface ClickHouseTransport {
  /** Human-readable name for logs and /readyz ("chdb:/path" or "http://host:8123"). */
  readonly description: string;
  /** Runs a SELECT and returns its rows (json-rows.ts: 64-bit integers beyond 2^53 as exact strings). */
  query<Row = Record<string, unknown>>(query: BoundQuery, options?: QueryOptions): Promise<Row[]>;
  /** Runs a statement that returns nothing (DDL, ALTER, INSERT ... SELECT); no time limit. */
  command(query: BoundQuery): Promise<void>;
  /** Inserts pre-encoded rows; resolves once ClickHouse has written them. */
  insert(table: string, columns: readonly string[], format: InsertFormat, data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
