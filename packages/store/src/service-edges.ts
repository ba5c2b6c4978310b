// Pairs the service map's call halves (tracelight_edge_halves, filled by migration 0008's view)
// into tracelight_service_edges_1m. A pair is counted under the later of its two halves' arrival
// minutes, once that minute is over: once, whichever half came first and however far apart
// their inserts were (within the halves' window). An arrival minute paired twice gives the same
// rows, which the table folds into one: runs may repeat or overlap.
// A caller half with no child arriving within PEER_WAIT_MS after it (migration 0009) is a call to
// a peer that sends no spans (a database, a third-party API): it goes to tracelight_peer_edges_1m
// under the peer's name, in the run that covers its arrival minute plus the wait. A child arriving
// later no longer pairs with it, so every call counts once, as a pair or as a peer call.
import { type BoundQuery, raw, sql, typed } from "./sql.ts";
import { TABLES } from "./tables.ts";
import type { ClickHouseTransport } from "./transport.ts";

const MINUTE_MS = 60_000;
/** Halves arriving further apart than this go unpaired (the halves table keeps two hours). */
export const PAIR_WINDOW_MS = 60 * MINUTE_MS;
/** An insert that read now() just before a minute ended may still be committing after it. */
export const ARRIVAL_SLACK_MS = 15_000;
/**
 * How long after a caller half arrives its callee half may still arrive and pair; after that the
 * call is a peer call. A callee's span usually arrives first (it ends first); five minutes covers
 * a Collector retrying a failed export (its default retry budget is 300 s). A consumer reading a
 * message later than that leaves the producer's call to its broker (kafka/orders), not to it.
 */
export const PEER_WAIT_MS = 5 * MINUTE_MS;

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
  const waitS = typed(PEER_WAIT_MS / 1000, "Int64");
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
  AND dateDiff('second', p.Arrived, c.Arrived) <= ${waitS}
GROUP BY Caller, Callee, Minute, Paired`;
}

/**
 * Peer calls decided in the minutes [fromMs, toMs]: named caller halves that arrived the wait
 * before them and have no child arriving from the pair window before to the wait after them (the
 * complement of the pairs above). Any child counts, a nested client span of the same service too:
 * the innermost call is the one on the wire, counted once.
 */
export function buildPeerEdgesStatement(fromMs: number, toMs: number): BoundQuery {
  const halves = raw(TABLES.edgeHalves);
  const waitS = typed(PEER_WAIT_MS / 1000, "Int64");
  const windowS = typed(PAIR_WINDOW_MS / 1000, "Int64");
  const callers = sql`IsCallee = 0 AND Peer != '' AND Arrived >= toDateTime(${seconds(fromMs - PEER_WAIT_MS)})
  AND Arrived <= toDateTime(${seconds(toMs - PEER_WAIT_MS)})`;
  return sql`INSERT INTO ${raw(TABLES.peerEdges1m)} (Caller, Peer, PeerAttr, Minute, Paired, Calls, Errors, Latency)
SELECT p.ServiceName AS Caller, p.Peer AS Peer, p.PeerAttr AS PeerAttr, p.Minute AS Minute,
  p.Arrived + ${waitS} AS Paired, toUInt64(count()) AS Calls, toUInt64(countIf(p.IsError = 1)) AS Errors,
  quantilesTDigestState(0.5, 0.9, 0.99)(p.DurationNs) AS Latency
FROM (SELECT Arrived, TraceId, SpanId, ServiceName, Peer, PeerAttr, Minute, DurationNs, IsError FROM ${halves} WHERE ${callers}) AS p
LEFT ANTI JOIN (SELECT Arrived, TraceId, ParentSpanId FROM ${halves}
  WHERE ParentSpanId != '' AND Arrived >= toDateTime(${seconds(fromMs - PEER_WAIT_MS - PAIR_WINDOW_MS)})
    AND Arrived <= toDateTime(${seconds(toMs)}) AND TraceId GLOBAL IN (SELECT TraceId FROM ${halves} WHERE ${callers})) AS c
  ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
  AND c.Arrived >= p.Arrived - ${windowS} AND c.Arrived <= p.Arrived + ${waitS}
GROUP BY Caller, Peer, PeerAttr, Minute, Paired`;
}

/** The last arrival minute already paired (epoch ms), or undefined when nothing was. */
export async function lastPairedMinute(transport: ClickHouseTransport, nowMs: number): Promise<number | undefined> {
  const since = sql`Minute >= toDateTime(${seconds(nowMs - 24 * PAIR_WINDOW_MS)})`;
  const [row] = await transport.query<{ paired: number }>(
    sql`SELECT toUnixTimestamp(greatest((SELECT max(Paired) FROM ${raw(TABLES.serviceEdges1m)} WHERE ${since}),
  (SELECT max(Paired) FROM ${raw(TABLES.peerEdges1m)} WHERE ${since}))) AS paired`,
    { class: "background" },
  );
  const paired = Number(row?.paired ?? 0);
  return paired > 0 ? paired * 1000 : undefined;
}

/**
 * Pairs the arrival minutes after the last paired one (at most the window back) up to the last
 * closed one, and decides their peer calls; returns the last one covered. The cursor is read from
 * both rollups, so a restart resumes where any process left off; a minute without pairs or peer
 * calls leaves no trace and is redone at no cost (it has none).
 */
export async function pairServiceEdges(transport: ClickHouseTransport, nowMs: number): Promise<number | undefined> {
  const to = lastClosedMinute(nowMs);
  const after = (await lastPairedMinute(transport, nowMs)) ?? Number.NEGATIVE_INFINITY;
  const from = Math.max(after + MINUTE_MS, to - PAIR_WINDOW_MS);
  if (from > to) return undefined;
  await transport.command(buildPairEdgesStatement(from, to));
  await transport.command(buildPeerEdgesStatement(from, to));
  return to;
}
