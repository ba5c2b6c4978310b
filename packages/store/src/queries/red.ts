// RED (rate, errors, duration) per time bucket from tracelight_red_1m: minute rows merged into
// the requested step (sums, t-digest merge, argMax merge for the exemplar spans). Every
// bucket of the range is returned, empty ones as zeros, with the range's total. With a service
// and no route, the service's routes over the whole range come too. Rates follow
// rate-coverage.ts.
import type {
  RedBucket,
  RedExemplar,
  RedQuery,
  RedResponse,
  RedRoute,
  RedStats,
  RedTotal,
} from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { where } from "./attributes.ts";
import { finiteOrNull, num } from "./numbers.ts";
import { perSecond, type RateBucket, type RollupCoverage, rateBuckets, rollupCoverage } from "./rate-coverage.ts";
import { nanosToMs } from "./time-range.ts";

export const MAX_ROUTES = 100;

/** Minute rows of the coverage: the minutes [from, to) overlaps, up to the one holding now. */
export function coveredMinutes(c: RollupCoverage): BoundQuery[] {
  return [
    sql`Minute >= toDateTime(${typed(c.startMs / 1000, "Int64")})`,
    sql`Minute < toDateTime(${typed(Math.ceil(c.dataEndMs / 1000), "Int64")})`,
  ];
}

function conditions(q: RedQuery, coverage: RollupCoverage): BoundQuery {
  const c = coveredMinutes(coverage);
  if (q.service !== undefined) c.push(sql`ServiceName = ${q.service}`);
  if (q.route !== undefined) c.push(sql`Route = ${q.route}`);
  return where(c);
}

/** requests, errors and latency (t-digest p50/p90/p99) of merged rollup rows; read with redStats. */
export const RED_STATS = `sum(Requests) AS requests, sum(Errors) AS errors,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(Latency) AS latency`;

const exemplarColumns = (alias: string, state: string) =>
  `tupleElement(${alias}, 1) AS ${alias}TraceId, tupleElement(${alias}, 2) AS ${alias}SpanId,
  tupleElement(${alias}, 3) AS ${alias}DurationNs, toString(toUnixTimestamp64Nano(tupleElement(${alias}, 4))) AS ${alias}StartNs,
  argMaxMerge(${state}) AS ${alias}`;

export function buildRedBucketsQuery(q: RedQuery, c: RollupCoverage): BoundQuery {
  const step = typed(q.stepSeconds, "Int64");
  return sql`SELECT intDiv(toUnixTimestamp(Minute), ${step}) * ${step} * 1000 AS t, ${raw(RED_STATS)},
  ${raw(exemplarColumns("slowest", "Slowest"))},
  ${raw(exemplarColumns("error", "ErrorExemplar"))}
FROM ${raw(TABLES.red1m)}
WHERE ${conditions(q, c)}
GROUP BY t
ORDER BY t`;
}

export function buildRedRoutesQuery(q: RedQuery, c: RollupCoverage): BoundQuery {
  return sql`SELECT Route AS route, ${raw(RED_STATS)}
FROM ${raw(TABLES.red1m)}
WHERE ${conditions(q, c)}
GROUP BY Route
ORDER BY requests DESC, route
LIMIT ${typed(MAX_ROUTES, "UInt32")}`;
}

export interface RedStatsRow {
  requests: number;
  errors: number;
  latency: (number | null)[];
}

interface BucketRow extends RedStatsRow {
  t: number;
  slowestTraceId: string;
  slowestSpanId: string;
  slowestDurationNs: number;
  slowestStartNs: string;
  errorTraceId: string;
  errorSpanId: string;
  errorDurationNs: number;
  errorStartNs: string;
}

/** Requests, errors and their rates over `seconds`: the one way every RED answer counts. */
export function redCounts(requests: number, errors: number, seconds: number): Omit<RedTotal, "seconds"> {
  return { requests, rate: perSecond(requests, seconds), errors, errorRate: requests === 0 ? 0 : errors / requests };
}

/** RedStats of a RED_STATS row over `seconds` (undefined row: no requests). */
export function redStats(r: RedStatsRow | undefined, seconds: number): RedStats {
  const requests = r === undefined ? 0 : num(r.requests);
  const pct = (i: number) => {
    const v = requests === 0 ? null : finiteOrNull(r?.latency[i]);
    return v === null ? null : v / 1e6;
  };
  return {
    ...redCounts(requests, r === undefined ? 0 : num(r.errors), seconds),
    p50Ms: pct(0),
    p90Ms: pct(1),
    p99Ms: pct(2),
  };
}

function exemplar(traceId: string, spanId: string, durationNs: number, startNs: string): RedExemplar {
  return { traceId, spanId, durationMs: num(durationNs) / 1e6, timestamp: nanosToMs(startNs) };
}

function toBucket(b: RateBucket, r: BucketRow | undefined): RedBucket {
  const s = redStats(r, b.seconds);
  return {
    timestamp: b.start,
    ...s,
    seconds: b.seconds,
    partial: b.partial,
    exemplars: {
      slowest:
        r === undefined || s.requests === 0
          ? null
          : exemplar(r.slowestTraceId, r.slowestSpanId, r.slowestDurationNs, r.slowestStartNs),
      error:
        r === undefined || s.errors === 0
          ? null
          : exemplar(r.errorTraceId, r.errorSpanId, r.errorDurationNs, r.errorStartNs),
    },
  };
}

/** The buckets added up: what the service header shows. */
function redTotal(buckets: readonly Pick<RedStats, "requests" | "errors">[], seconds: number): RedTotal {
  let requests = 0;
  let errors = 0;
  for (const b of buckets) {
    requests += b.requests;
    errors += b.errors;
  }
  return { ...redCounts(requests, errors, seconds), seconds };
}

/** `nowMs`: data reaches up to here; the minutes after it are not counted as seconds. */
export async function queryRed(transport: ClickHouseTransport, q: RedQuery, nowMs = Date.now()): Promise<RedResponse> {
  const coverage = rollupCoverage(q.range, nowMs);
  const withRoutes = q.service !== undefined && q.route === undefined;
  const [bucketRows, routeRows] = await Promise.all([
    transport.query<BucketRow>(buildRedBucketsQuery(q, coverage)),
    withRoutes
      ? transport.query<RedStatsRow & { route: string }>(buildRedRoutesQuery(q, coverage))
      : Promise.resolve([]),
  ]);
  const byT = new Map(bucketRows.map((r) => [num(r.t), r]));
  const buckets = rateBuckets(coverage, q.stepSeconds).map((b) => toBucket(b, byT.get(b.start)));
  const total = redTotal(buckets, coverage.seconds);
  const response: RedResponse = { stepMs: q.stepSeconds * 1000, buckets, total };
  if (withRoutes) {
    response.routes = routeRows.map((r): RedRoute => ({ route: r.route, ...redStats(r, total.seconds) }));
  }
  return response;
}
