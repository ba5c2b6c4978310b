// The service map over 24 hours (issue 14: answers within 200 ms at 10 M spans a day), through
// the api, beside what its rollup saves: the same edges computed straight from otel_traces by a
// self-join of client/producer spans and their children over the same minutes.
// The baseline runs in-process on the engine (before the api opens the data directory); its
// edges are also what the api's rollup must hold before the map is measured: the api pairs call
// halves every 30 s by their arrival minute, so a data set just ingested is complete only once
// the minute its last spans arrived in is over, and its peer calls 5 minutes later (README,
// Service map).
import type { ServiceMapResponse } from "@tracelight/contracts";
import { type ClickHouseTransport, raw, sql, TABLES, typed } from "@tracelight/store";
import { apiGet, line, measure, type QueryApi, qs } from "./query-measure.ts";
import { fmt, type LatencySummary } from "./stats.ts";

const MINUTE_MS = 60_000;

export interface MapRange {
  from: number;
  to: number;
}

/**
 * The whole minutes the map counts for a range (the rollup's minutes are its callee spans'):
 * from rounded down, to rounded up, as the api's rollup coverage does for a range in the past.
 */
const minutes = (r: MapRange) => ({
  startMs: Math.floor(r.from / MINUTE_MS) * MINUTE_MS,
  endMs: Math.max(Math.ceil(r.to / MINUTE_MS) * MINUTE_MS, Math.floor(r.from / MINUTE_MS) * MINUTE_MS + MINUTE_MS),
});

export interface Edge {
  caller: string;
  callee: string;
  calls: number;
  errors: number;
  p99Ms: number | null;
}

const key = (e: Pick<Edge, "caller" | "callee">) => `${e.caller} → ${e.callee}`;

/**
 * Caller → callee from the spans themselves, both halves of a call read by one join: a client or
 * producer span and its server or consumer child in another service, or, with no child at all, a
 * call to a peer. A peer is named by server.address:server.port, as this data set's spans name
 * it (migration 0009 has the whole order of attributes the api follows).
 */
export async function selfJoinEdges(transport: ClickHouseTransport, range: MapRange): Promise<Edge[]> {
  const { startMs, endMs } = minutes(range);
  const inRange = sql`Timestamp >= fromUnixTimestamp64Milli(${typed(startMs, "Int64")})
    AND Timestamp < fromUnixTimestamp64Milli(${typed(endMs, "Int64")})`;
  const spans = raw(TABLES.traces);
  const rows = await transport.query<{ caller: string; callee: string; calls: number; errors: number; p99Ns: number }>(
    sql`SELECT caller, callee, count() AS calls, countIf(isError) AS errors, quantileTDigest(0.99)(durationNs) AS p99Ns
FROM (
  SELECT toString(p.ServiceName) AS caller, if(c.SpanId = '', p.peer, toString(c.ServiceName)) AS callee,
    p.StatusCode = 'Error' OR c.StatusCode = 'Error' AS isError, toUInt64(p.Duration) AS durationNs,
    c.SpanId = '' OR (c.SpanKind IN ('Server', 'Consumer') AND c.ServiceName != p.ServiceName) AS isCall
  FROM (SELECT TraceId, SpanId, ServiceName, Duration, StatusCode,
      concat(SpanAttributes['server.address'], if(SpanAttributes['server.port'] != '', concat(':', SpanAttributes['server.port']), '')) AS peer
    FROM ${spans} WHERE SpanKind IN ('Client', 'Producer') AND ${inRange}) AS p
  LEFT JOIN (SELECT TraceId, SpanId, ParentSpanId, SpanKind, ServiceName, StatusCode FROM ${spans}
    WHERE ParentSpanId != '' AND ${inRange}) AS c
    ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
)
WHERE isCall AND callee != ''
GROUP BY caller, callee
ORDER BY caller, callee`,
  );
  return rows.map((r) => ({
    caller: r.caller,
    callee: r.callee,
    calls: Number(r.calls),
    errors: Number(r.errors),
    p99Ms: Number(r.p99Ns) / 1e6,
  }));
}

/** The map's edges with their calls: each edge's rate times the seconds of the minutes counted. */
function mapEdges(text: string, range: MapRange): Edge[] {
  const { startMs, endMs } = minutes(range);
  const seconds = (Math.min(endMs, Date.now()) - startMs) / 1000;
  const map = JSON.parse(text) as ServiceMapResponse;
  return map.edges.map((e) => {
    const calls = Math.round(e.rate * seconds);
    return { caller: e.from, callee: e.to, calls, errors: Math.round(e.errorRate * calls), p99Ms: e.p99Ms };
  });
}

/** "" when the map holds exactly the baseline's calls and errors, else what differs. */
function difference(map: Edge[], baseline: Edge[]): string {
  const counts = (e: Edge) => `${fmt(e.calls, 0)} calls, ${fmt(e.errors, 0)} errors`;
  const got = new Map(map.map((e) => [key(e), counts(e)]));
  const want = new Map(baseline.map((e) => [key(e), counts(e)]));
  const keys = [...new Set([...got.keys(), ...want.keys()])].sort();
  return keys
    .filter((k) => got.get(k) !== want.get(k))
    .map((k) => `${k}: ${got.get(k) ?? "none"} where the spans have ${want.get(k) ?? "none"}`)
    .join("; ");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls the map until its calls are the baseline's. Halves arriving more than an hour before the
 * api pairs them are never paired: a data set whose ingest ended longer ago than that without
 * its api pairing the last minutes cannot get there (run bench:ingest again).
 */
async function awaitPairing(api: QueryApi, path: string, range: MapRange, baseline: Edge[], waitS: number) {
  const started = performance.now();
  let shown = -Infinity;
  for (;;) {
    const last = difference(mapEdges(await apiGet(api, path), range), baseline);
    if (last === "") return (performance.now() - started) / 1000;
    if (performance.now() - shown > 30_000) {
      console.log(`service map: waiting for the api to pair every call (${last})`);
      shown = performance.now();
    }
    if (performance.now() - started > waitS * 1000)
      throw new Error(
        `service map: after ${waitS} s the rollup still differs from the spans (${last}); calls whose halves arrived over an hour before pairing are never paired: run bench:ingest again`,
      );
    await sleep(5_000);
  }
}

export interface MapPlan extends QueryApi {
  range: MapRange;
  baseline: { edges: Edge[]; summary: LatencySummary };
  samples: number;
  goalP99Ms: number;
  pairingWaitS: number;
}

/** The baseline's edges and latency over `samples` runs (each reads every span of the range). */
export async function measureSelfJoin(transport: ClickHouseTransport, range: MapRange, samples: number) {
  // The first run warms the engine up as well.
  const edges = await selfJoinEdges(transport, range);
  const summary = await measure(() => selfJoinEdges(transport, range), samples, 0);
  console.log(`engine service map by self-join of otel_traces, ${samples} runs: ${line(summary)}`);
  return { edges, summary };
}

export async function reportServiceMap(plan: MapPlan): Promise<void> {
  const { range, baseline } = plan;
  const path = `/api/v1/service-map?${qs({ from: String(range.from), to: String(range.to) })}`;
  const waited = await awaitPairing(plan, path, range, baseline.edges, plan.pairingWaitS);
  const map = mapEdges(await apiGet(plan, path), range);
  const summary = await measure(() => apiGet(plan, path), plan.samples);
  const calls = baseline.edges.reduce((n, e) => n + e.calls, 0);
  console.log(
    `\nservice map over ${fmt((range.to - range.from) / 3_600_000, 1)} h: ${baseline.edges.length} edges, ${fmt(calls, 0)} calls, rollup complete (waited ${fmt(waited, 0)} s for pairing)`,
  );
  console.log("edge | calls | errors | p99 ms, map (t-digests of the rollup) / self-join");
  for (const e of baseline.edges) {
    const m = map.find((x) => key(x) === key(e));
    console.log(
      `${key(e)} | ${fmt(e.calls, 0)} | ${fmt(e.errors, 0)} | ${fmt(m?.p99Ms ?? Number.NaN, 1)} / ${fmt(e.p99Ms ?? Number.NaN, 1)}`,
    );
  }
  console.log(
    "p50 / p99 ms | GET /api/v1/service-map (rollup, HTTP) | self-join on the engine (in-process) | ratio p50",
  );
  console.log(
    `${plan.samples} / ${baseline.summary.n} runs | ${fmt(summary.p50, 1)} / ${fmt(summary.p99, 1)} | ${fmt(baseline.summary.p50, 1)} / ${fmt(baseline.summary.p99, 1)} | ${fmt(baseline.summary.p50 / summary.p50, 1)}x faster`,
  );
  const met = summary.p99 <= plan.goalP99Ms;
  console.log(`service map p99 ${fmt(summary.p99, 1)} ms; goal <= ${plan.goalP99Ms} ms: ${met ? "met" : "MISSED"}`);
}
