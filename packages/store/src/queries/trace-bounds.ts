// A trace's time bounds from otel_traces_trace_id_ts (primary key TraceId): the first step of
// every lookup by trace ID, so the span/log read that follows touches only that time range.

import { type BoundQuery, raw, sql } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { num } from "./numbers.ts";

/** Whole unix seconds: Start/End are DateTime, so End is the second the last span started in. */
export interface TraceBounds {
  startS: number;
  endS: number;
}

export function buildTraceBoundsQuery(traceId: string): BoundQuery {
  return sql`SELECT count() AS n, toUnixTimestamp(min(Start)) AS startS, toUnixTimestamp(max(End)) AS endS
FROM ${raw(TABLES.traceIdTs)}
WHERE TraceId = ${traceId}`;
}

export async function findTraceBounds(transport: ClickHouseTransport, traceId: string): Promise<TraceBounds | null> {
  const [row] = await transport.query<{ n: number; startS: number; endS: number }>(buildTraceBoundsQuery(traceId));
  if (row === undefined || num(row.n) === 0) return null;
  return { startS: num(row.startS), endS: num(row.endS) };
}
