// Which derived tables a backfill fills, from which views, and how a time range becomes chunks.
// Pure: no I/O. backfill.ts runs the chunks.
import { TABLES, TTL_TABLES } from "./tables.ts";

/** One materialized view that fills a derived table from a source table. */
export interface DerivedView {
  view: string;
  source: string;
  /** The source's time column, which bounds the rows a chunk reads. */
  sourceTime: string;
}

export interface DerivedTable {
  target: string;
  /** The target's time column: a chunk owns the target rows whose time falls in it. */
  time: string;
  views: readonly DerivedView[];
  /**
   * How long after a target row's time its source row's may be (an exemplar is recorded before
   * the metric point that carries it is collected): a chunk reads that much later source too.
   */
  slackMs: number;
  /**
   * replace: a chunk's target rows are deleted and rebuilt from every source row of the chunk,
   * so a chunk run twice, or rows the views already rolled up, are not counted twice (the RED
   * rollup sums). append: rows are only added — the readers take min/max, so a repeat is harmless
   * and a delete could drop a bound the views wrote from rows beyond the chunk.
   */
  mode: "replace" | "append";
}

const exemplarView = (source: string, type: string): DerivedView => ({
  view: `tracelight_exemplars_${type}_mv`,
  source,
  sourceTime: "TimeUnix",
});

/** Tables filled by views at insert time (migrations 0001, 0004, 0005): rows older than the views get nothing. */
export const DERIVED_TABLES: readonly DerivedTable[] = [
  {
    target: TABLES.red1m,
    time: "Minute",
    views: [{ view: "tracelight_red_1m_mv", source: TABLES.traces, sourceTime: "Timestamp" }],
    slackMs: 0,
    mode: "replace",
  },
  {
    target: TABLES.exemplars,
    time: "Timestamp",
    views: [
      exemplarView(TABLES.gauge, "gauge"),
      exemplarView(TABLES.sum, "sum"),
      exemplarView(TABLES.histogram, "histogram"),
      exemplarView(TABLES.exponentialHistogram, "exponential_histogram"),
    ],
    // Exporters send every 10-60 s; a quarter of an hour leaves room for slow ones.
    slackMs: 15 * 60_000,
    mode: "replace",
  },
  {
    target: TABLES.traceIdTs,
    time: "Start",
    views: [{ view: "otel_traces_trace_id_ts_mv", source: TABLES.traces, sourceTime: "Timestamp" }],
    slackMs: 0,
    mode: "append",
  },
];

/** One INSERT ... SELECT per view (and one DELETE for replace) per hour: small enough for the background time limit. */
export const CHUNK_MS = 3_600_000;

export interface Chunk {
  target: string;
  startMs: number;
  endMs: number;
  /** Source rows whose time falls in the chunk (progress; rows read through the slack are not counted). */
  sourceRows: number;
}

export function derivedTable(target: string): DerivedTable {
  const table = DERIVED_TABLES.find((d) => d.target === target);
  if (!table)
    throw new RangeError(`not a derived table: ${target} (one of ${DERIVED_TABLES.map((d) => d.target).join(", ")})`);
  return table;
}

/** Days a derived table keeps rows for: its signal's retention (tables.ts). */
export function retentionSignal(target: string) {
  const entry = TTL_TABLES.find((t) => t.table === target);
  if (!entry) throw new RangeError(`no retention for ${target}`);
  return entry.signal;
}

/** [from, to) widened to whole chunks. */
export function alignRange(fromMs: number, toMs: number, chunkMs = CHUNK_MS): { fromMs: number; toMs: number } {
  return { fromMs: Math.floor(fromMs / chunkMs) * chunkMs, toMs: Math.ceil(toMs / chunkMs) * chunkMs };
}

/**
 * The chunks of an aligned range that have work: those holding source rows (`counts`: chunk
 * start → rows), and the earlier ones within the slack, whose target rows those source rows
 * may make. Newest first, so recent history fills in first.
 */
export function planChunks(
  target: DerivedTable,
  range: { fromMs: number; toMs: number },
  counts: ReadonlyMap<number, number>,
  chunkMs = CHUNK_MS,
): Chunk[] {
  const rows = new Map<number, number>();
  for (const [start, n] of counts) {
    if (n <= 0) continue;
    const first = Math.floor((start - target.slackMs) / chunkMs) * chunkMs;
    for (let s = Math.max(first, range.fromMs); s <= start && s < range.toMs; s += chunkMs) {
      rows.set(s, (rows.get(s) ?? 0) + (s === start ? n : 0));
    }
  }
  return [...rows.entries()]
    .sort(([a], [b]) => b - a)
    .map(([startMs, sourceRows]) => ({ target: target.target, startMs, endMs: startMs + chunkMs, sourceRows }));
}
