// The service map over a range: caller → callee edges from tracelight_service_edges_1m and
// caller → peer edges from tracelight_peer_edges_1m (service-edges.ts writes both) and each
// service's RED figures from tracelight_red_1m, counted as the services page counts them
// (rate-coverage.ts, red.ts). Services with rollup rows but no edges are nodes too; a caller with
// no entry spans of its own is a node with zero requests. A callee that never sends spans (only
// named by its callers' spans) is a peer node, whose figures are the calls to it.
import {
  MAX_SERVICE_MAP_NODES,
  SELF_SERVICE,
  type ServiceMapEdge,
  type ServiceMapNode,
  type ServiceMapQuery,
  type ServiceMapResponse,
} from "@tracelight/contracts";
import { type BoundQuery, raw, sql } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { where } from "./attributes.ts";
import { finiteOrNull, num } from "./numbers.ts";
import { type RollupCoverage, rollupCoverage } from "./rate-coverage.ts";
import { coveredMinutes, RED_STATS, type RedStatsRow, redCounts, redStats } from "./red.ts";
import { peerSearch } from "./service-map-peer-search.ts";
import { selfCondition } from "./services-self.ts";

export function buildServiceMapNodesQuery(q: ServiceMapQuery, c: RollupCoverage): BoundQuery {
  return sql`SELECT toString(ServiceName) AS service, ${raw(RED_STATS)}
FROM ${raw(TABLES.red1m)}
WHERE ${where([...coveredMinutes(c), selfCondition(q.includeSelf)])}
GROUP BY ServiceName`;
}

/**
 * Paired and peer calls per (caller, callee), merged where a peer's name is a service's, and per
 * callee over every caller (total = 1: the figures of a peer node).
 */
export function buildServiceMapEdgesQuery(q: ServiceMapQuery, c: RollupCoverage): BoundQuery {
  const self = (callee: string) =>
    q.includeSelf ? [] : [sql`Caller != ${SELF_SERVICE}`, sql`${raw(callee)} != ${SELF_SERVICE}`];
  return sql`SELECT toString(Caller) AS caller, toString(Callee) AS callee, grouping(Caller) AS total,
  sum(Calls) AS calls, sum(Errors) AS errors, sumIf(Calls, IsPeer = 0) AS pairedCalls,
  arraySort(groupUniqArrayIf(PeerAttr, IsPeer = 1)) AS peerAttrs,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(Latency)[3] AS p99Ns
FROM (
  SELECT Caller, Callee, 0 AS IsPeer, '' AS PeerAttr, Calls, Errors, Latency
  FROM ${raw(TABLES.serviceEdges1m)} FINAL WHERE ${where([...coveredMinutes(c), ...self("Callee")])}
  UNION ALL
  SELECT Caller, Peer AS Callee, 1 AS IsPeer, PeerAttr, Calls, Errors, Latency
  FROM ${raw(TABLES.peerEdges1m)} FINAL WHERE ${where([...coveredMinutes(c), ...self("Peer")])}
)
GROUP BY GROUPING SETS ((Caller, Callee), (Callee))`;
}

interface EdgeRow {
  caller: string;
  callee: string;
  total: number;
  calls: number;
  errors: number;
  pairedCalls: number;
  peerAttrs: string[];
  p99Ns: number | null;
}

const ms = (ns: number | null) => {
  const p99 = finiteOrNull(ns);
  return p99 === null ? null : p99 / 1e6;
};

/** `nowMs`: data reaches up to here; the minutes after it are not counted as seconds. */
export async function queryServiceMap(
  transport: ClickHouseTransport,
  q: ServiceMapQuery,
  nowMs = Date.now(),
): Promise<ServiceMapResponse> {
  const coverage = rollupCoverage(q.range, nowMs);
  const [nodeRows, rows] = await Promise.all([
    transport.query<RedStatsRow & { service: string }>(buildServiceMapNodesQuery(q, coverage)),
    transport.query<EdgeRow>(buildServiceMapEdgesQuery(q, coverage)),
  ]);
  const edgeRows = rows.filter((r) => num(r.total) === 0);
  const nodes = new Map<string, ServiceMapNode>();
  for (const r of nodeRows) {
    const { rate, errorRate, p99Ms } = redStats(r, coverage.seconds);
    nodes.set(r.service, { service: r.service, kind: "service", rate, errorRate, p99Ms });
  }
  for (const e of edgeRows) {
    for (const service of num(e.pairedCalls) > 0 ? [e.caller, e.callee] : [e.caller]) {
      if (!nodes.has(service)) nodes.set(service, { service, kind: "service", rate: 0, errorRate: 0, p99Ms: null });
    }
  }
  // What is left is only ever named by its callers: its figures are the calls to it.
  for (const t of rows) {
    if (num(t.total) === 0 || nodes.has(t.callee)) continue;
    const { rate, errorRate } = redCounts(num(t.calls), num(t.errors), coverage.seconds);
    nodes.set(t.callee, { service: t.callee, kind: "peer", rate, errorRate, p99Ms: ms(t.p99Ns) });
  }
  // Busiest by their own requests, then by the calls through them: a callee many callers reach
  // stays on the map even without entry spans in the range.
  const calls = new Map<string, number>();
  for (const e of edgeRows) {
    for (const service of [e.caller, e.callee]) calls.set(service, (calls.get(service) ?? 0) + num(e.calls));
  }
  const through = (service: string) => calls.get(service) ?? 0;
  const busiest = [...nodes.values()].sort(
    (a, b) => b.rate - a.rate || through(b.service) - through(a.service) || a.service.localeCompare(b.service),
  );
  const kept = busiest.slice(0, MAX_SERVICE_MAP_NODES);
  const names = new Set(kept.map((n) => n.service));
  const edges = edgeRows
    .filter((e) => names.has(e.caller) && names.has(e.callee))
    .map((e): ServiceMapEdge => {
      const { rate, errorRate } = redCounts(num(e.calls), num(e.errors), coverage.seconds);
      const edge: ServiceMapEdge = { from: e.caller, to: e.callee, rate, errorRate, p99Ms: ms(e.p99Ns) };
      const search = nodes.get(e.callee)?.kind === "peer" ? peerSearch(e.peerAttrs, e.callee) : undefined;
      return search === undefined ? edge : { ...edge, search };
    })
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return {
    nodes: kept.sort((a, b) => a.service.localeCompare(b.service)),
    edges,
    truncated: busiest.length > kept.length,
  };
}
