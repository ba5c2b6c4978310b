// The service map over a range: caller → callee edges from tracelight_service_edges_1m
// (service-edges.ts pairs them) and each service's RED figures from tracelight_red_1m, counted
// as the services page counts them (rate-coverage.ts, red.ts). Services with rollup rows but no
// edges are nodes too; a caller with no entry spans of its own is a node with zero requests.
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
import { selfCondition } from "./services-self.ts";

export function buildServiceMapNodesQuery(q: ServiceMapQuery, c: RollupCoverage): BoundQuery {
  return sql`SELECT toString(ServiceName) AS service, ${raw(RED_STATS)}
FROM ${raw(TABLES.red1m)}
WHERE ${where([...coveredMinutes(c), selfCondition(q.includeSelf)])}
GROUP BY ServiceName`;
}

export function buildServiceMapEdgesQuery(q: ServiceMapQuery, c: RollupCoverage): BoundQuery {
  const self = q.includeSelf ? [] : [sql`Caller != ${SELF_SERVICE}`, sql`Callee != ${SELF_SERVICE}`];
  return sql`SELECT toString(Caller) AS caller, toString(Callee) AS callee, sum(Calls) AS calls, sum(Errors) AS errors,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(Latency)[3] AS p99Ns
FROM ${raw(TABLES.serviceEdges1m)} FINAL
WHERE ${where([...coveredMinutes(c), ...self])}
GROUP BY Caller, Callee`;
}

interface EdgeRow {
  caller: string;
  callee: string;
  calls: number;
  errors: number;
  p99Ns: number | null;
}

/** `nowMs`: data reaches up to here; the minutes after it are not counted as seconds. */
export async function queryServiceMap(
  transport: ClickHouseTransport,
  q: ServiceMapQuery,
  nowMs = Date.now(),
): Promise<ServiceMapResponse> {
  const coverage = rollupCoverage(q.range, nowMs);
  const [nodeRows, edgeRows] = await Promise.all([
    transport.query<RedStatsRow & { service: string }>(buildServiceMapNodesQuery(q, coverage)),
    transport.query<EdgeRow>(buildServiceMapEdgesQuery(q, coverage)),
  ]);
  const nodes = new Map<string, ServiceMapNode>();
  for (const r of nodeRows) {
    const { rate, errorRate, p99Ms } = redStats(r, coverage.seconds);
    nodes.set(r.service, { service: r.service, rate, errorRate, p99Ms });
  }
  // Busiest by their own requests, then by the calls through them: a callee many callers reach
  // stays on the map even without entry spans in the range.
  const calls = new Map<string, number>();
  for (const e of edgeRows) {
    for (const service of [e.caller, e.callee]) {
      if (!nodes.has(service)) nodes.set(service, { service, rate: 0, errorRate: 0, p99Ms: null });
      calls.set(service, (calls.get(service) ?? 0) + num(e.calls));
    }
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
      const p99 = finiteOrNull(e.p99Ns);
      return { from: e.caller, to: e.callee, rate, errorRate, p99Ms: p99 === null ? null : p99 / 1e6 };
    })
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return {
    nodes: kept.sort((a, b) => a.service.localeCompare(b.service)),
    edges,
    truncated: busiest.length > kept.length,
  };
}
