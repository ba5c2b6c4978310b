// Every service's RED totals over a range plus per-bucket rate, error rate and p99 for
// sparklines, from tracelight_red_1m; services seen in spans but without rollup rows (only
// client or internal non-root spans) are listed with zeros. Two queries whatever the number
// of services: buckets per (service, bucket), and totals per service joined with the span
// table's service names. Rates follow rate-coverage.ts, as in /red. Only the `limit` busiest
// services are answered: the totals query picks them, the buckets query reads only theirs.
import type {
  ServiceOverview,
  ServiceOverviewBucket,
  ServicesOverviewQuery,
  ServicesOverviewResponse,
} from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { where } from "./attributes.ts";
import { finiteOrNull, num } from "./numbers.ts";
import { type RateBucket, type RollupCoverage, rateBuckets, rollupCoverage } from "./rate-coverage.ts";
import { coveredMinutes, RED_STATS, type RedStatsRow, redCounts, redStats } from "./red.ts";
import { selfCondition } from "./services-self.ts";
import { between64 } from "./time-range.ts";

export function buildOverviewBucketsQuery(
  q: ServicesOverviewQuery,
  c: RollupCoverage,
  services: readonly string[],
): BoundQuery {
  const step = typed(q.stepSeconds, "Int64");
  return sql`SELECT ServiceName AS name, intDiv(toUnixTimestamp(Minute), ${step}) * ${step} * 1000 AS t,
  sum(Requests) AS requests, sum(Errors) AS errors,
  quantilesTDigestMerge(0.5, 0.9, 0.99)(Latency)[3] AS p99Ns
FROM ${raw(TABLES.red1m)}
WHERE ${where([...coveredMinutes(c), sql`has(${typed(services, "Array(String)")}, ServiceName)`])}
GROUP BY name, t`;
}

/**
 * Totals per service from the rollup, merged with the services that have spans in the range
 * (hasRollup = 0 and zeros when only spans have them): the `limit` + 1 busiest, then by name.
 */
export function buildOverviewTotalsQuery(q: ServicesOverviewQuery, c: RollupCoverage): BoundQuery {
  return sql`SELECT name, max(rollup) AS hasRollup, sum(requests) AS requests, sum(errors) AS errors,
  argMax(latency, rollup) AS latency
FROM (
  SELECT toString(ServiceName) AS name, 1 AS rollup, ${raw(RED_STATS)}
  FROM ${raw(TABLES.red1m)}
  WHERE ${where([...coveredMinutes(c), selfCondition(q.includeSelf)])}
  GROUP BY ServiceName
  UNION ALL
  SELECT DISTINCT toString(ServiceName) AS name, 0 AS rollup, toUInt64(0) AS requests, toUInt64(0) AS errors,
    CAST([], 'Array(Float32)') AS latency
  FROM ${raw(TABLES.traces)}
  WHERE ${between64("Timestamp", q.range)} AND ${selfCondition(q.includeSelf)}
)
GROUP BY name
ORDER BY requests DESC, name
LIMIT ${typed(q.limit + 1, "UInt32")}`;
}

interface BucketRow {
  name: string;
  t: number;
  requests: number;
  errors: number;
  p99Ns: number | null;
}

interface TotalsRow extends RedStatsRow {
  name: string;
  hasRollup: number;
}

function toBucket(b: RateBucket, r: BucketRow | undefined): ServiceOverviewBucket {
  const { requests, rate, errorRate } = redCounts(
    r === undefined ? 0 : num(r.requests),
    r === undefined ? 0 : num(r.errors),
    b.seconds,
  );
  const p99 = requests === 0 ? null : finiteOrNull(r?.p99Ns);
  return {
    timestamp: b.start,
    rate,
    errorRate,
    p99Ms: p99 === null ? null : p99 / 1e6,
    seconds: b.seconds,
    partial: b.partial,
  };
}

/** `nowMs`: data reaches up to here; the minutes after it are not counted as seconds. */
export async function queryServicesOverview(
  transport: ClickHouseTransport,
  q: ServicesOverviewQuery,
  nowMs = Date.now(),
): Promise<ServicesOverviewResponse> {
  const coverage = rollupCoverage(q.range, nowMs);
  const totalRows = await transport.query<TotalsRow>(buildOverviewTotalsQuery(q, coverage));
  const kept = totalRows.slice(0, q.limit);
  const names = kept.map((r) => r.name);
  const bucketRows =
    names.length === 0 ? [] : await transport.query<BucketRow>(buildOverviewBucketsQuery(q, coverage, names));
  const buckets = new Map<string, BucketRow>();
  for (const r of bucketRows) buckets.set(`${num(r.t)}\u0000${r.name}`, r);

  const grid = rateBuckets(coverage, q.stepSeconds);
  const services = kept.map(
    (r): ServiceOverview => ({
      name: r.name,
      ...redStats(num(r.hasRollup) === 1 ? r : undefined, coverage.seconds),
      buckets: grid.map((b) => toBucket(b, buckets.get(`${b.start}\u0000${r.name}`))),
    }),
  );
  services.sort((a, b) => b.requests - a.requests || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { stepMs: q.stepSeconds * 1000, services, truncated: totalRows.length > q.limit };
}
