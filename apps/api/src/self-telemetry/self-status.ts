// The status route's store-wide figures, read back from the self-metrics every replica sends
// (deltas, self-metrics.ts): refusals and query latency by route over the last window.
import { type RouteLatency, SELF_SERVICE } from "@tracelight/contracts";
import { type ClickHouseTransport, histogramQuantile, raw, sql, TABLES } from "@tracelight/store";
import { QUERY_DURATION_METRIC, REFUSED_METRIC } from "./self-metrics.ts";

export interface SelfFigures {
  refused: number;
  routes: RouteLatency[];
}

export async function readSelfFigures(transport: ClickHouseTransport, sinceMs: number): Promise<SelfFigures> {
  const since = sql`fromUnixTimestamp64Milli(${Math.floor(sinceMs)})`;
  const [refused, histograms] = await Promise.all([
    transport.query<{ n: number | string | null }>(
      sql`SELECT sum(Value) AS n FROM ${raw(TABLES.sum)}
          WHERE ServiceName = ${SELF_SERVICE} AND MetricName = ${REFUSED_METRIC} AND TimeUnix >= ${since}`,
    ),
    transport.query<{ route: string; bounds: number[]; counts: (number | string)[] }>(
      sql`SELECT Attributes['http.route'] AS route, ExplicitBounds AS bounds, sumForEach(BucketCounts) AS counts
          FROM ${raw(TABLES.histogram)}
          WHERE ServiceName = ${SELF_SERVICE} AND MetricName = ${QUERY_DURATION_METRIC} AND TimeUnix >= ${since}
          GROUP BY route, bounds`,
    ),
  ]);
  // One instrument, one set of bounds: a route appears once unless the buckets were changed.
  const routes = histograms.map(({ route, bounds, counts }) => {
    const numbers = counts.map(Number);
    return {
      route,
      requests: numbers.reduce((a, b) => a + b, 0),
      p50S: histogramQuantile(0.5, bounds, numbers),
      p99S: histogramQuantile(0.99, bounds, numbers),
    };
  });
  routes.sort((a, b) => (b.p99S ?? 0) - (a.p99S ?? 0));
  return { refused: Number(refused[0]?.n ?? 0), routes };
}
