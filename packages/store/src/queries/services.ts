// Services seen in spans over a range, with span count, error rate and p99 duration: the
// first `limit` by name (one more is read to know whether the list was cut).
import type { ServicesQuery, ServicesResponse, TimeRange } from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { num } from "./numbers.ts";
import { selfCondition } from "./services-self.ts";
import { IS_ERROR } from "./span-enums.ts";
import { between64 } from "./time-range.ts";

export function buildServicesQuery(range: TimeRange, limit: number, includeSelf = false): BoundQuery {
  return sql`SELECT ServiceName AS name, count() AS spanCount, countIf(${raw(IS_ERROR)}) AS errorCount,
  quantile(0.99)(Duration) AS p99Ns
FROM ${raw(TABLES.traces)}
WHERE ${between64("Timestamp", range)} AND ${selfCondition(includeSelf)}
GROUP BY ServiceName
ORDER BY ServiceName
LIMIT ${typed(limit + 1, "UInt32")}`;
}

interface Row {
  name: string;
  spanCount: number;
  errorCount: number;
  p99Ns: number;
}

export async function queryServices(transport: ClickHouseTransport, q: ServicesQuery): Promise<ServicesResponse> {
  const rows = await transport.query<Row>(buildServicesQuery(q.range, q.limit, q.includeSelf));
  return {
    truncated: rows.length > q.limit,
    services: rows.slice(0, q.limit).map((r) => {
      const spanCount = num(r.spanCount);
      return {
        name: r.name,
        spanCount,
        errorRate: spanCount === 0 ? 0 : num(r.errorCount) / spanCount,
        p99Ms: num(r.p99Ns) / 1e6,
      };
    }),
  };
}
