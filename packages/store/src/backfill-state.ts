// tracelight_backfill: one row per chunk of a derived table to fill (done = 0) or filled
// (done = 1), the latest row of a chunk winning. It is what an interrupted backfill resumes
// from, and what GET /api/v1/status shows on every replica.
import type { BackfillStatus } from "@tracelight/contracts";
import type { Chunk } from "./backfill-plan.ts";
import { raw, sql, typed } from "./sql.ts";
import type { ClickHouseTransport } from "./transport.ts";

export const BACKFILL_TABLE = "tracelight_backfill";

export const BACKFILL_TABLE_DDL = `CREATE TABLE IF NOT EXISTS ${BACKFILL_TABLE} (target String, chunk_start DateTime,
  chunk_end DateTime, source_rows UInt64, done UInt8, updated_at DateTime64(6) DEFAULT now64(6))
  ENGINE = ReplacingMergeTree(updated_at) ORDER BY (target, chunk_start)`;

const BG = { class: "background" } as const;

async function tableExists(t: ClickHouseTransport): Promise<boolean> {
  const [row] = await t.query<{ n: number }>(
    sql`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${BACKFILL_TABLE}`,
    BG,
  );
  return Number(row?.n ?? 0) > 0;
}

/** Whether any chunk of `target` was ever planned (the automatic backfill plans once). */
export async function everPlanned(t: ClickHouseTransport, target: string): Promise<boolean> {
  const [row] = await t.query<{ n: number }>(
    sql`SELECT count() AS n FROM ${raw(BACKFILL_TABLE)} WHERE target = ${target}`,
    BG,
  );
  return Number(row?.n ?? 0) > 0;
}

/** Records chunks as to do: all of them (`redo`), or only those never recorded. Returns those recorded. */
export async function recordPlanned(t: ClickHouseTransport, chunks: readonly Chunk[], redo: boolean): Promise<Chunk[]> {
  if (chunks.length === 0) return [];
  const target = chunks[0]?.target ?? "";
  const known = redo
    ? new Set<number>()
    : new Set(
        (
          await t.query<{ s: number }>(
            sql`SELECT toUnixTimestamp(chunk_start) AS s FROM ${raw(BACKFILL_TABLE)} WHERE target = ${target}`,
            BG,
          )
        ).map((r) => Number(r.s) * 1000),
      );
  const fresh = chunks.filter((c) => !known.has(c.startMs));
  if (fresh.length === 0) return [];
  const starts = typed(
    fresh.map((c) => c.startMs / 1000),
    "Array(Int64)",
  );
  const ends = typed(
    fresh.map((c) => c.endMs / 1000),
    "Array(Int64)",
  );
  const rows = typed(
    fresh.map((c) => c.sourceRows),
    "Array(UInt64)",
  );
  await t.command(
    sql`INSERT INTO ${raw(BACKFILL_TABLE)} (target, chunk_start, chunk_end, source_rows, done)
        SELECT ${target}, toDateTime(s), toDateTime(e), n, 0 FROM (SELECT arrayJoin(arrayZip(${starts}, ${ends}, ${rows})) AS z,
          z.1 AS s, z.2 AS e, z.3 AS n)`,
  );
  return fresh;
}

export async function recordDone(t: ClickHouseTransport, chunk: Chunk): Promise<void> {
  await t.command(
    sql`INSERT INTO ${raw(BACKFILL_TABLE)} (target, chunk_start, chunk_end, source_rows, done)
        VALUES (${chunk.target}, toDateTime(${typed(chunk.startMs / 1000, "Int64")}),
          toDateTime(${typed(chunk.endMs / 1000, "Int64")}), ${typed(chunk.sourceRows, "UInt64")}, 1)`,
  );
}

/** Chunks still to do, newest first; within [fromMs, toMs) when given. */
export async function pendingChunks(
  t: ClickHouseTransport,
  targets: readonly string[],
  range?: { fromMs: number; toMs: number },
): Promise<Chunk[]> {
  const within = range
    ? sql`AND chunk_start >= toDateTime(${typed(range.fromMs / 1000, "Int64")}) AND chunk_start < toDateTime(${typed(range.toMs / 1000, "Int64")})`
    : sql``;
  const rows = await t.query<{ target: string; s: number; e: number; n: number }>(
    sql`SELECT target, toUnixTimestamp(chunk_start) AS s, toUnixTimestamp(chunk_end) AS e, source_rows AS n
        FROM ${raw(BACKFILL_TABLE)} FINAL WHERE done = 0 AND target IN ${[...targets]} ${within}
        ORDER BY chunk_start DESC, target`,
    BG,
  );
  return rows.map((r) => ({
    target: r.target,
    startMs: Number(r.s) * 1000,
    endMs: Number(r.e) * 1000,
    sourceRows: Number(r.n),
  }));
}

/** Chunks and source rows done and planned per derived table (none before any backfill). */
export async function readBackfillStatus(t: ClickHouseTransport): Promise<BackfillStatus> {
  if (!(await tableExists(t))) return { tables: [] };
  const rows = await t.query<{ target: string; chunks: number; chunksDone: number; rows: number; rowsDone: number }>(
    sql`SELECT target, count() AS chunks, countIf(done = 1) AS chunksDone, sum(source_rows) AS rows,
          sumIf(source_rows, done = 1) AS rowsDone
        FROM ${raw(BACKFILL_TABLE)} FINAL GROUP BY target ORDER BY target`,
    BG,
  );
  return {
    tables: rows.map((r) => ({
      table: r.target,
      chunksDone: Number(r.chunksDone),
      chunks: Number(r.chunks),
      rowsDone: Number(r.rowsDone),
      rows: Number(r.rows),
    })),
  };
}
