// Pairs the service map's call halves (tracelight_edge_halves, filled by migration 0008's view)
// into tracelight_service_edges_1m. A pair is counted under the later of its two halves' arrival
// minutes, once that minute is over: once, whichever half came first and however far apart
// their inserts were (within the halves' window). An arrival minute paired twice gives the same
// rows, which the table folds into one: runs may repeat or overlap.
import { type BoundQuery, raw, sql, typed } from "./sql.ts";
import { TABLES } from "./tables.ts";
import type { ClickHouseTransport } from "./transport.ts";

const MINUTE_MS = 60_000;
/** Halves arriving further apart than this go unpaired (the halves table keeps two hours). */
export const PAIR_WINDOW_MS = 60 * MINUTE_MS;
/** An insert that read now() just before a minute ended may still be committing after it. */
export const ARRIVAL_SLACK_MS = 15_000;

/** The last arrival minute that is over at `nowMs` (its start, epoch ms). */
export function lastClosedMinute(nowMs: number): number {
  return Math.floor((nowMs - MINUTE_MS - ARRIVAL_SLACK_MS) / MINUTE_MS) * MINUTE_MS;
}

const seconds = (ms: number) => typed(Math.floor(ms / 1000), "Int64");

/** Pairs whose later half arrived in the minutes [fromMs, toMs] (starts of minutes). */
export function buildPairEdgesStatement(fromMs: number, toMs: number): BoundQuery {
  const halves = raw(TABLES.edgeHalves);
  const from = seconds(fromMs);
  const to = seconds(toMs);
  const lo = seconds(fromMs - PAIR_WINDOW_MS);
  // Whether a pair counts depends on its own halves only, not on the minutes a run covers, so a
  // minute paired again (alone or in a longer run) gives the same rows.
  const windowS = typed(PAIR_WINDOW_MS / 1000, "Int64");
  // Only traces with a half arriving in the minutes: the window's other traces were paired before.
  // GLOBAL: on a cluster the set is made once and sent to every shard (a plain IN over the
  // Distributed table is refused there).
  const recent = sql`TraceId GLOBAL IN (SELECT TraceId FROM ${halves} WHERE Arrived >= toDateTime(${from}) AND Arrived <= toDateTime(${to}))`;
  const window = sql`Arrived >= toDateTime(${lo}) AND Arrived <= toDateTime(${to}) AND ${recent}`;
  return sql`INSERT INTO ${raw(TABLES.serviceEdges1m)} (Caller, Callee, Minute, Paired, Calls, Errors, Latency)
SELECT p.ServiceName AS Caller, c.ServiceName AS Callee, c.Minute AS Minute,
  greatest(c.Arrived, p.Arrived) AS Paired, toUInt64(count()) AS Calls,
  toUInt64(countIf(c.IsError = 1 OR p.IsError = 1)) AS Errors,
  quantilesTDigestState(0.5, 0.9, 0.99)(p.DurationNs) AS Latency
FROM (SELECT Arrived, TraceId, ParentSpanId, ServiceName, Minute, IsError FROM ${halves} WHERE IsCallee = 1 AND ${window}) AS c
INNER JOIN (SELECT Arrived, TraceId, SpanId, ServiceName, DurationNs, IsError FROM ${halves} WHERE IsCallee = 0 AND ${window}) AS p
  ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
WHERE greatest(c.Arrived, p.Arrived) >= toDateTime(${from}) AND c.ServiceName != p.ServiceName
  AND dateDiff('second', least(c.Arrived, p.Arrived), greatest(c.Arrived, p.Arrived)) <= ${windowS}
GROUP BY Caller, Callee, Minute, Paired`;
}

/** The last arrival minute already paired (epoch ms), or undefined when nothing was. */
export async function lastPairedMinute(transport: ClickHouseTransport, nowMs: number): Promise<number | undefined> {
  const [row] = await transport.query<{ paired: number }>(
    sql`SELECT toUnixTimestamp(max(Paired)) AS paired FROM ${raw(TABLES.serviceEdges1m)}
WHERE Minute >= toDateTime(${seconds(nowMs - 24 * PAIR_WINDOW_MS)})`,
    { class: "background" },
  );
  const paired = Number(row?.paired ?? 0);
  return paired > 0 ? paired * 1000 : undefined;
}

/**
 * Pairs the arrival minutes after the last paired one (at most the window back) up to the last
 * closed one; returns the last one covered. The cursor is read from the rollup, so a restart
 * resumes where any process left off; a minute without pairs leaves no trace and is redone at
 * no cost (it has none).
 */
export async function pairServiceEdges(transport: ClickHouseTransport, nowMs: number): Promise<number | undefined> {
  const to = lastClosedMinute(nowMs);
  const after = (await lastPairedMinute(transport, nowMs)) ?? Number.NEGATIVE_INFINITY;
  const from = Math.max(after + MINUTE_MS, to - PAIR_WINDOW_MS);
  if (from > to) return undefined;
  await transport.command(buildPairEdgesStatement(from, to));
  return to;
}
