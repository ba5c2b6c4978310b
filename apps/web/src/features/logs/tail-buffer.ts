// The live tail's memory: records newest first, never more than a fixed number, so a tail left
// open for hours stays small. While paused, arrivals wait in `pending` (bounded the same way)
// and join the list on resume. Pure: every change returns a new buffer.
import type { LogRecord } from "@tracelight/contracts";

export const TAIL_MAX_ROWS = 1_000;

export interface TailEntry {
  /** Arrival order, unique within a tail: a stable React key. */
  seq: number;
  log: LogRecord;
}

export interface TailBuffer {
  /** Shown, newest first, at most `max`. */
  rows: TailEntry[];
  /** Arrived while paused, newest first, at most `max`. */
  pending: TailEntry[];
  /** Records the server skipped because this client fell behind (`dropped` events). */
  dropped: number;
  /** Every record received since the tail opened (shown, pending or trimmed). */
  received: number;
  nextSeq: number;
  max: number;
}

export function emptyTail(max = TAIL_MAX_ROWS): TailBuffer {
  return { rows: [], pending: [], dropped: 0, received: 0, nextSeq: 0, max };
}

/** Adds a `logs` batch (oldest first, as the server sends it) to the top of the list. */
export function addBatch(buffer: TailBuffer, batch: readonly LogRecord[], paused: boolean): TailBuffer {
  if (batch.length === 0) return buffer;
  // Newest first; only the newest `max` of a batch can survive the trim anyway.
  const kept = batch.slice(-buffer.max);
  const entries: TailEntry[] = [];
  for (let i = kept.length - 1, seq = buffer.nextSeq + kept.length - 1; i >= 0; i--, seq--) {
    const log = kept[i];
    if (log !== undefined) entries.push({ seq, log });
  }
  const next = { ...buffer, received: buffer.received + batch.length, nextSeq: buffer.nextSeq + batch.length };
  if (paused) return { ...next, pending: entries.concat(buffer.pending).slice(0, buffer.max) };
  return { ...next, rows: entries.concat(buffer.rows).slice(0, buffer.max) };
}

/** Counts a `dropped` event. */
export function addDropped(buffer: TailBuffer, count: number): TailBuffer {
  if (!Number.isFinite(count) || count <= 0) return buffer;
  return { ...buffer, dropped: buffer.dropped + count };
}

/** Moves what arrived while paused onto the list. */
export function resume(buffer: TailBuffer): TailBuffer {
  if (buffer.pending.length === 0) return buffer;
  return { ...buffer, rows: buffer.pending.concat(buffer.rows).slice(0, buffer.max), pending: [] };
}
