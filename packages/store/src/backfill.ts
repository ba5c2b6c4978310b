// Fills derived tables (the RED rollup, the exemplar index, the trace-id bounds) for source rows
// their materialized views never saw: rows written before Tracelight created the views. Each
// chunk runs the view's own SELECT (its as_select in system.tables: one definition, the
// migration's) over the chunk's source rows, as background work: the engine's background
// time limit and priority, newest chunk first. backfill-plan.ts says what a chunk is and why
// the rollup's chunks are replaced rather than added to; backfill-state.ts keeps the progress.
import { setTimeout as sleep } from "node:timers/promises";
import {
  alignRange,
  CHUNK_MS,
  type Chunk,
  DERIVED_TABLES,
  type DerivedTable,
  type DerivedView,
  derivedTable,
  planChunks,
  retentionSignal,
} from "./backfill-plan.ts";
import { BACKFILL_TABLE_DDL, everPlanned, pendingChunks, recordDone, recordPlanned } from "./backfill-state.ts";
import { raw, sql, typed } from "./sql.ts";
import { readTableRecords } from "./table-ownership.ts";
import { type Signal, TABLES } from "./tables.ts";
import { type ClickHouseTransport, QUERY_PRIORITY, QUERY_TIME_LIMIT_S } from "./transport.ts";

export interface BackfillProgress {
  chunksDone: number;
  chunks: number;
  rowsDone: number;
  rows: number;
  /** The chunk just filled. */
  chunk: Chunk;
}

export interface BackfillRunOptions {
  /** Stops between statements; the chunk under way stays to do. */
  signal?: AbortSignal;
  onProgress?: (p: BackfillProgress) => void;
  /** Default SETTLE_MS. */
  settleMs?: number;
  /** Called before waiting for a chunk to settle. */
  onWait?: (chunk: Chunk, waitMs: number) => void;
}

/**
 * A chunk is filled only once this long past its end. Rows of a live hour arriving between its
 * DELETE and the INSERT's read would go in through both the views and the backfill; once the
 * hour is over (and the exporters' batches of it are in), none arrive.
 */
export const SETTLE_MS = 5 * 60_000;

const BG = { class: "background" } as const;
const DAY_MS = 86_400_000;
/** A chunk that overruns the time limit is retried in this many pieces, then in the next. */
const PIECES = [1, 6, 60];

/**
 * Plans [fromMs, toMs) of `target` (widened to whole hours, cut to its retention): the hours
 * that hold source rows. `redo`: chunks already filled are filled again (replace mode makes
 * that exact); otherwise only chunks never planned are added.
 */
export async function planBackfill(
  t: ClickHouseTransport,
  options: {
    target: string;
    fromMs: number;
    toMs: number;
    retentionDays: Record<Signal, number>;
    redo: boolean;
    now?: number;
  },
): Promise<Chunk[]> {
  await t.command(sql`${raw(BACKFILL_TABLE_DDL)}`);
  const table = derivedTable(options.target);
  const oldest = (options.now ?? Date.now()) - options.retentionDays[retentionSignal(table.target)] * DAY_MS;
  const range = alignRange(Math.max(options.fromMs, oldest), options.toMs);
  if (range.fromMs >= range.toMs) return [];
  const counts = new Map<number, number>();
  for (const v of await presentViews(t, table)) {
    const rows = await t.query<{ c: number; n: number }>(
      sql`SELECT intDiv(toUnixTimestamp(${raw(v.sourceTime)}), ${typed(CHUNK_MS / 1000, "Int64")}) * ${typed(CHUNK_MS / 1000, "Int64")} AS c,
            count() AS n
          FROM ${raw(v.source)}
          WHERE ${raw(v.sourceTime)} >= fromUnixTimestamp64Milli(${typed(range.fromMs, "Int64")})
            AND ${raw(v.sourceTime)} < fromUnixTimestamp64Milli(${typed(range.toMs + table.slackMs, "Int64")})
          GROUP BY c`,
      BG,
    );
    for (const r of rows) counts.set(Number(r.c) * 1000, (counts.get(Number(r.c) * 1000) ?? 0) + Number(r.n));
  }
  return recordPlanned(t, planChunks(table, range, counts), options.redo);
}

/**
 * The automatic backfill, planned once per derived table: a table a migration created while
 * its source tables, found with rows, already held data, from the oldest row within retention
 * up to when the table was created (tracelight_tables); later rows went through its views.
 */
export async function planAutomaticBackfill(
  t: ClickHouseTransport,
  retentionDays: Record<Signal, number>,
  now = Date.now(),
): Promise<Chunk[]> {
  const records = await readTableRecords(t);
  const planned: Chunk[] = [];
  await t.command(sql`${raw(BACKFILL_TABLE_DDL)}`);
  for (const table of DERIVED_TABLES) {
    const adopted = table.views.some((v) => {
      const source = records.get(v.source);
      return source?.created === 0 && source.rowsAtAdoption > 0;
    });
    if (records.get(table.target)?.created !== 1 || !adopted || (await everPlanned(t, table.target))) continue;
    const createdMs = await createdAt(t, table.target);
    planned.push(
      ...(await planBackfill(t, { target: table.target, fromMs: 0, toMs: createdMs, retentionDays, redo: false, now })),
    );
  }
  return planned;
}

/** When a migration created the table (recorded right after that run's migrations), epoch ms. */
async function createdAt(t: ClickHouseTransport, table: string): Promise<number> {
  const [row] = await t.query<{ ms: number }>(
    sql`SELECT toUnixTimestamp64Milli(max(adopted_at)) AS ms FROM ${raw(TABLES.tables)} WHERE name = ${table}`,
    BG,
  );
  return Number(row?.ms);
}

/** Fills the chunks still to do of `targets` (within `range` when given), newest first. */
export async function runBackfill(
  t: ClickHouseTransport,
  targets: readonly string[],
  options: BackfillRunOptions & { range?: { fromMs: number; toMs: number } } = {},
): Promise<{ chunks: number; rows: number }> {
  await t.command(sql`${raw(BACKFILL_TABLE_DDL)}`);
  const settleMs = options.settleMs ?? SETTLE_MS;
  const pending = await pendingChunks(t, targets, options.range);
  const settled = (c: Chunk) => c.endMs + settleMs <= Date.now();
  // Settled chunks newest first, then the live ones as they settle.
  const chunks = [...pending.filter(settled), ...pending.filter((c) => !settled(c)).reverse()];
  const rows = chunks.reduce((n, c) => n + c.sourceRows, 0);
  const selects = new Map<string, ViewSelect[]>();
  let chunksDone = 0;
  let rowsDone = 0;
  for (const chunk of chunks) {
    const waitMs = chunk.endMs + settleMs - Date.now();
    if (waitMs > 0) {
      options.onWait?.(chunk, waitMs);
      // Stopped, it rejects with the signal's reason, as the other statements do.
      await sleep(waitMs, undefined, { signal: options.signal }).catch((error: unknown) => {
        options.signal?.throwIfAborted();
        throw error;
      });
    }
    options.signal?.throwIfAborted();
    const table = derivedTable(chunk.target);
    if (!selects.has(table.target)) selects.set(table.target, await viewSelects(t, table));
    await fillChunk(t, table, selects.get(table.target) ?? [], chunk, options.signal);
    await recordDone(t, chunk);
    chunksDone += 1;
    rowsDone += chunk.sourceRows;
    options.onProgress?.({ chunksDone, chunks: chunks.length, rowsDone, rows, chunk });
  }
  return { chunks: chunksDone, rows: rowsDone };
}

interface ViewSelect extends DerivedView {
  select: string;
  columns: string[];
}

async function presentViews(t: ClickHouseTransport, table: DerivedTable): Promise<DerivedView[]> {
  const rows = await t.query<{ name: string }>(
    sql`SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ${table.views.map((v) => v.view)}`,
    BG,
  );
  const present = new Set(rows.map((r) => r.name));
  return table.views.filter((v) => present.has(v.view));
}

/** Each view's SELECT as the engine stores it (after every MODIFY QUERY) and the columns it writes. */
async function viewSelects(t: ClickHouseTransport, table: DerivedTable): Promise<ViewSelect[]> {
  const out: ViewSelect[] = [];
  for (const v of await presentViews(t, table)) {
    const [row] = await t.query<{ query: string }>(
      sql`SELECT as_select AS query FROM system.tables WHERE database = currentDatabase() AND name = ${v.view}`,
      BG,
    );
    const columns = await t.query<{ name: string }>(
      sql`SELECT name FROM system.columns WHERE database = currentDatabase() AND table = ${v.view} ORDER BY position`,
      BG,
    );
    if (row?.query) out.push({ ...v, select: row.query, columns: columns.map((c) => c.name) });
  }
  return out;
}

/** One chunk: for replace, its target rows deleted first; then each view's SELECT over its source rows. */
async function fillChunk(
  t: ClickHouseTransport,
  table: DerivedTable,
  views: readonly ViewSelect[],
  chunk: Chunk,
  signal?: AbortSignal,
): Promise<void> {
  for (const [attempt, pieces] of PIECES.entries()) {
    try {
      if (table.mode === "replace") await deleteRange(t, table, chunk.startMs, chunk.endMs);
      const step = (chunk.endMs - chunk.startMs) / pieces;
      for (let i = 0; i < pieces; i++) {
        for (const view of views) {
          signal?.throwIfAborted();
          await t.command(insertSelect(table, view, chunk.startMs + i * step, chunk.startMs + (i + 1) * step));
        }
      }
      return;
    } catch (error) {
      if (!isTimeout(error) || attempt === PIECES.length - 1) throw error;
    }
  }
}

async function deleteRange(t: ClickHouseTransport, table: DerivedTable, fromMs: number, toMs: number): Promise<void> {
  const within = sql`${raw(table.time)} >= fromUnixTimestamp64Milli(${typed(fromMs, "Int64")})
    AND ${raw(table.time)} < fromUnixTimestamp64Milli(${typed(toMs, "Int64")})`;
  // Most old chunks have nothing yet: no delete (a mutation) for them.
  const [row] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM ${raw(table.target)} WHERE ${within}`, BG);
  if (Number(row?.n ?? 0) > 0) await t.command(sql`DELETE FROM ${raw(table.target)} WHERE ${within}`);
}

/**
 * INSERT ... SELECT of the view's own query, kept to the target rows of [fromMs, toMs). The
 * source rows are bounded by additional_table_filters (so the engine prunes partitions and
 * granules even below an ARRAY JOIN); that setting is SQL text, which cannot hold a bound
 * parameter, so its times are integers this function checks. One thread: the backfill takes at
 * most one core from the queries users wait for.
 */
function insertSelect(table: DerivedTable, view: ViewSelect, fromMs: number, toMs: number) {
  const lo = Math.floor(fromMs);
  const hi = Math.ceil(toMs + table.slackMs);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new RangeError(`bad chunk ${fromMs}..${toMs}`);
  const filter = `${view.sourceTime} >= fromUnixTimestamp64Milli(${lo}) AND ${view.sourceTime} < fromUnixTimestamp64Milli(${hi})`;
  const settings = `additional_table_filters = {'${view.source}': '${filter}'},
  max_execution_time = ${QUERY_TIME_LIMIT_S.background}, priority = ${QUERY_PRIORITY.background}, max_threads = 1`;
  const columns = view.columns.map((c) => `\`${c}\``).join(", ");
  return sql`INSERT INTO ${raw(table.target)} (${raw(columns)})
SELECT ${raw(columns)} FROM (${raw(view.select)})
WHERE ${raw(table.time)} >= fromUnixTimestamp64Milli(${typed(Math.floor(fromMs), "Int64")})
  AND ${raw(table.time)} < fromUnixTimestamp64Milli(${typed(Math.ceil(toMs), "Int64")})
SETTINGS ${raw(settings)}`;
}

function isTimeout(error: unknown): boolean {
  const e = error as { clickhouseCode?: number; message?: string };
  return e?.clickhouseCode === 159 || /TIMEOUT_EXCEEDED/.test(String(e?.message));
}
