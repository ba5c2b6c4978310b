// The attribute keys of a metric's series over a range, each with its most common values (by
// number of series), for group-by and filter pickers. Reads every metric type's table; a key
// is an attribute or a resource attribute (the point's own value wins, as in group-by), and
// "service.name" is the ServiceName column.
import {
  MAX_ATTRIBUTE_VALUES,
  METRIC_TYPES,
  type MetricAttributesQuery,
  type MetricAttributesResponse,
  SERVICE_NAME_KEY,
} from "@tracelight/contracts";
import { type BoundQuery, join, raw, sql, typed } from "../sql.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { METRIC_TABLES } from "./metric-catalog.ts";
import { between64 } from "./time-range.ts";

/** Most keys listed (series with very many distinct keys are rare; pickers need not list them all). */
export const MAX_ATTRIBUTE_KEYS = 200;

export function buildMetricAttributesQuery(q: MetricAttributesQuery): BoundQuery {
  // One row per distinct series of the metric in any table, as one map of its keys.
  const series = join(
    METRIC_TYPES.map(
      (type) => sql`SELECT DISTINCT ServiceName, ResourceAttributes, Attributes
  FROM ${raw(METRIC_TABLES[type])}
  WHERE MetricName = ${q.metric} AND ${between64("TimeUnix", q.range)}`,
    ),
    "\n  UNION ALL\n  ",
  );
  return sql`SELECT key, arraySlice(arrayMap(x -> x.2, arraySort(x -> (-x.1, x.2), groupArray((n, value)))), 1, ${typed(MAX_ATTRIBUTE_VALUES, "UInt32")}) AS values
FROM (
  SELECT kv.1 AS key, kv.2 AS value, count() AS n
  FROM (
    SELECT arrayJoin(arrayZip(mapKeys(m), mapValues(m))) AS kv
    FROM (
      SELECT mapUpdate(mapUpdate(ResourceAttributes, Attributes), map(${SERVICE_NAME_KEY}, toString(ServiceName))) AS m
      FROM (${series})
    )
  )
  GROUP BY key, value
)
GROUP BY key
ORDER BY key
LIMIT ${typed(MAX_ATTRIBUTE_KEYS, "UInt32")}`;
}

interface Row {
  key: string;
  values: string[];
}

export async function queryMetricAttributes(
  transport: ClickHouseTransport,
  q: MetricAttributesQuery,
): Promise<MetricAttributesResponse> {
  const rows = await transport.query<Row>(buildMetricAttributesQuery(q));
  return { keys: rows.map((r) => ({ key: r.key, values: r.values })) };
}
