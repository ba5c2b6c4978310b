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

/**
 * The Linux nice of the engine threads running a read (ClickHouse's os_thread_priority). The
 * kernel weighs a nice-19 thread at 15 against a nice-1 thread's 820, so a search takes the CPU
 * a lookup leaves idle and little more, and all of it when nothing else wants it. The engine's
 * `priority` alone (QUERY_PRIORITY) left 4 slow searches with most of both cores of a 2-core
 * machine. bench:query, 2 M spans, trace by ID p50 / p99 ms idle → beside four 7-day trace
 * scatters, on a machine loaded by other work:
 * - priority alone: 53 / 609 → 420 / 1,646 (2.7×); 18 / 134 → 151 / 719 (5.4×)
 * - nice 19: 32 / 279 → 80 / 772 (2.8×); 20 / 277 → 39 / 520 (1.9×); 15 / 36 → 32 / 108 (3.0×);
 *   25 / 183 → 40 / 572 (3.1×): the p50 at most 2.5× idle, against 8× with priority alone
 * - nice 19 and max_threads 1 for searches: 24 / 226 → 31 / 375 (1.7×); 21 / 119 → 31 / 223
 *   (1.9×); not used: a lone search then gets one core.
 * - nice 19 and, on chDB, the cores shared among the searches and background reads running
 *   (max_threads = cores ÷ those running, a lone one every core; chdb-transport.ts), on a
 *   machine at load 7–35 from other work: 62 / 655 → 84 / 1,018 (1.55×); 37 / 648 → 52 /
 *   1,102 (1.7×); 42 / 349 → 69 / 811 (2.3×); 26 / 160 → 35 / 248 (1.55×); 23 / 97 → 33 /
 *   147 (1.5×). Nice 19 alone in the same hour: 35 / 350 → 76 / 1,006 (2.9×); 44 / 496 → 86 /
 *   1,086 (2.2×); 21 / 50 → 39 / 144 (2.9×). A lone 7-day scatter was not slower (medians,
 *   alternated with the old transport: 14.3 s against 18.2 s at load 27, 3.6 s against 5.5 s
 *   at load 10: its two first reads at one thread each no longer overrun the two cores).
 * - ClickHouse's CPU workloads (CREATE RESOURCE cpu, a lookup workload of priority 0): chDB
 *   26.7 has them, but without cpu_slot_preemption (off, and neither --config-file nor a
 *   connection argument turns it on) a search holds its CPU slot until it ends: a lookup
 *   beside 4 heavy reads waited 1.2 s at the median. Not used.
 * Every other statement sets nice 1, since a thread a search spawned inherits its 19 and 0
 * leaves a thread's nice as it is. Without CAP_SYS_NICE (a container without
 * `--cap-add SYS_NICE`) the engine ignores the nice and every read runs at the process's; a
 * ClickHouse server applies it to its own threads the same way (chdb-transport.ts, http-transport.ts).
 */
export const QUERY_NICE: Readonly<Record<QueryClass, number>> = { probe: 1, lookup: 1, search: 19, background: 19 };

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
