// The trace's logs placed on its time axis: attached to their spans (for the waterfall's markers
// and the span panel) and interleaved with span starts in one time-ordered list. Pure.
import type { LogRecord } from "@tracelight/contracts";
import { type SpanNode, type TraceTree, toNano } from "./waterfall-layout.ts";

export interface PlacedLog {
  log: LogRecord;
  /** Relative to the trace start, ns (negative before it). */
  offsetNs: number;
  /** The span named by the record's spanId, when it is in the trace. */
  span: SpanNode | undefined;
  /** Arrival order, to keep equal times stable. */
  seq: number;
}

export type TimelineEntry =
  | { kind: "span"; key: string; offsetNs: number; node: SpanNode }
  | { kind: "log"; key: string; offsetNs: number; placed: PlacedLog };

/** Logs by time (oldest first), each with its offset and span. */
export function placeLogs(tree: TraceTree, logs: readonly LogRecord[]): PlacedLog[] {
  const placed = logs.map((log, seq) => ({
    log,
    offsetNs: Number(toNano(log.timestampUnixNano, log.timestamp) - tree.startNano),
    span: log.spanId === "" ? undefined : tree.byId.get(log.spanId),
    seq,
  }));
  // The api answers newest first; equal times keep the reverse of that order (oldest first).
  return placed.sort((a, b) => a.offsetNs - b.offsetNs || b.seq - a.seq);
}

/** Placed logs grouped by span ID, each list by time. */
export function logsBySpan(placed: readonly PlacedLog[]): Map<string, PlacedLog[]> {
  const map = new Map<string, PlacedLog[]>();
  for (const p of placed) {
    if (!p.span) continue;
    const list = map.get(p.span.id);
    if (list) list.push(p);
    else map.set(p.span.id, [p]);
  }
  return map;
}

/**
 * Span starts and logs in one list by time. At the same instant a span's start comes before the
 * logs (a log is written inside its span) and parents before children (tree order).
 */
export function interleave(tree: TraceTree, placed: readonly PlacedLog[], includeSpans = true): TimelineEntry[] {
  const spans = includeSpans ? [...tree.nodes].sort((a, b) => a.startNs - b.startNs || a.index - b.index) : [];
  // Both lists are in time order already: merge them.
  const entries: TimelineEntry[] = [];
  let s = 0;
  let l = 0;
  while (s < spans.length || l < placed.length) {
    const span = spans[s];
    const log = placed[l];
    if (span && (!log || span.startNs <= log.offsetNs)) {
      entries.push({ kind: "span", key: `span-${span.id}`, offsetNs: span.startNs, node: span });
      s++;
    } else if (log) {
      entries.push({ kind: "log", key: `log-${log.seq}`, offsetNs: log.offsetNs, placed: log });
      l++;
    }
  }
  return entries;
}

/** "+12.3 ms" from the trace start (negative before it). */
export function formatOffset(offsetNs: number, formatMs: (ms: number) => string): string {
  if (offsetNs === 0) return "0";
  return `${offsetNs < 0 ? "−" : "+"}${formatMs(Math.abs(offsetNs) / 1e6)}`;
}
