// Cuts a series query to `limit` series inside the engine, so a metric with 100,000 series
// never reaches the process. Order kept: the highest peak value over the range first (a
// percentile's series: the most observations in one bucket), ties by labels; one series more
// than the limit is read, so the answer knows it was cut.
import { MAX_ANSWER_POINTS, type MetricSeries } from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { num } from "./numbers.ts";

/** A value row's score: its value, with NaN and ±Inf ranked last. */
export const PEAK_VALUE = "if(isFinite(v), v, -inf)";
/** A histogram bucket row's score: its observations (percentiles have no value in SQL). */
export const PEAK_COUNT = "toFloat64(arraySum(counts))";

/** A request's limit, lowered so that its series hold at most MAX_ANSWER_POINTS points. */
export function seriesLimit(q: { limit: number; range: { from: number; to: number }; stepSeconds: number }): number {
  const points = Math.ceil((q.range.to - q.range.from + 1) / (q.stepSeconds * 1000)) + 1;
  return Math.max(1, Math.min(q.limit, Math.floor(MAX_ANSWER_POINTS / points)));
}

/** `query`'s rows (g0…gN, t, …) of its `limit + 1` best series, each row with its rank (1 = best). */
export function limitSeries(query: BoundQuery, groupBy: readonly string[], score: string, limit: number): BoundQuery {
  const g = groupBy.map((_, i) => `g${i}`).join(", ");
  // Without groupBy everything is one series: nothing to cut.
  if (g === "") return sql`SELECT *, 1 AS seriesRank FROM (${query})`;
  return sql`SELECT * FROM (
  SELECT *, dense_rank() OVER (ORDER BY peak DESC, ${raw(g)}) AS seriesRank FROM (
    SELECT *, max(${raw(score)}) OVER (PARTITION BY ${raw(g)}) AS peak FROM (${query})
  )
) WHERE seriesRank <= ${typed(limit + 1, "UInt32")}
ORDER BY t`;
}

/** Rows of the first `limit` ranks, and whether a row of a later one was read. */
export function withinLimit<R extends { seriesRank?: unknown }>(
  rows: readonly R[],
  limit: number,
): { rows: R[]; truncated: boolean } {
  const kept: R[] = [];
  let truncated = false;
  for (const row of rows) {
    if (num(row.seriesRank) <= limit) kept.push(row);
    else truncated = true;
  }
  return { rows: kept, truncated };
}

export interface LimitedSeries {
  series: MetricSeries[];
  /** More series matched than the limit. */
  truncated: boolean;
}
