// Trace search: spans matching every filter in the range pick the traces (newest matching span first),
// then one summary row per picked trace is built from all its spans, read within the picked
// traces' bounds from otel_traces_trace_id_ts.
import type { TraceSearchQuery, TraceSearchResponse, TraceSummary } from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, SPAN_ATTRIBUTES, where } from "./attributes.ts";
import { num } from "./numbers.ts";
import { between64, nanosToMs } from "./time-range.ts";

const msToNs = (ms: number) => typed(Math.round(ms * 1e6), "UInt64");

export function spanConditions(q: TraceSearchQuery): BoundQuery[] {
  const c: BoundQuery[] = [between64("Timestamp", q.range)];
  if (q.service !== undefined) c.push(sql`ServiceName = ${q.service}`);
  if (q.name !== undefined) c.push(sql`SpanName = ${q.name}`);
  if (q.minDurationMs !== undefined) c.push(sql`Duration >= ${msToNs(q.minDurationMs)}`);
  if (q.maxDurationMs !== undefined) c.push(sql`Duration <= ${msToNs(q.maxDurationMs)}`);
  if (q.status !== undefined) c.push(sql`StatusCode = ${q.status}`);
  c.push(...attributeFilters(SPAN_ATTRIBUTES, q.attr));
  return c;
}

/** Spans the fast path reads at most (newest first) to find `limit` distinct traces. */
export const searchSpanCap = (limit: number) => Math.min(limit * 50, 50_000);

/**
 * Step 1, fast path: the newest matching spans (top-K by Timestamp, which ClickHouse answers
 * without sorting everything), then their distinct traces by newest span. Exact whenever it
 * finds `limit` traces, or when it read fewer spans than the cap (it saw every match); `n`
 * tells which.
 */
export function buildRecentTraceIdsQuery(q: TraceSearchQuery): BoundQuery {
  return sql`SELECT TraceId, any(n) AS spansRead
FROM (
  SELECT TraceId, Timestamp, count() OVER () AS n
  FROM (
    SELECT TraceId, Timestamp FROM ${raw(TABLES.traces)}
    WHERE ${where(spanConditions(q))} AND TraceId != ''
    ORDER BY Timestamp DESC
    LIMIT ${typed(searchSpanCap(q.limit), "UInt32")}
  )
)
GROUP BY TraceId
ORDER BY max(Timestamp) DESC
LIMIT ${typed(q.limit, "UInt32")}`;
}

/** Step 1, exact: every matching span grouped by trace (when the fast path was not enough). */
export function buildTraceIdSearchQuery(q: TraceSearchQuery): BoundQuery {
  return sql`SELECT TraceId
FROM ${raw(TABLES.traces)}
WHERE ${where(spanConditions(q))} AND TraceId != ''
GROUP BY TraceId
ORDER BY max(Timestamp) DESC
LIMIT ${typed(q.limit, "UInt32")}`;
}

async function findTraceIds(transport: ClickHouseTransport, q: TraceSearchQuery): Promise<string[]> {
  const recent = await transport.query<{ TraceId: string; spansRead: number }>(buildRecentTraceIdsQuery(q));
  const sawEverything = recent.length === 0 || num(recent[0]!.spansRead) < searchSpanCap(q.limit);
  if (recent.length >= q.limit || sawEverything) return recent.map((r) => r.TraceId);
  return (await transport.query<{ TraceId: string }>(buildTraceIdSearchQuery(q))).map((r) => r.TraceId);
}

/** Step 2: one summary per trace over all of its spans (bounds as DateTime64, see trace-by-id.ts). */
export function buildTraceSummariesQuery(traceIds: readonly string[]): BoundQuery {
  return sql`WITH (SELECT (min(Start), max(End)) FROM ${raw(TABLES.traceIdTs)} WHERE TraceId IN ${traceIds}) AS bounds
SELECT TraceId,
  count() AS spanCount,
  countIf(StatusCode = 'Error') AS errorCount,
  arraySort(groupUniqArray(toString(ServiceName))) AS services,
  toString(min(toUnixTimestamp64Nano(Timestamp))) AS startNs,
  toString(max(toUnixTimestamp64Nano(Timestamp) + Duration)) AS endNs,
  countIf(ParentSpanId = '') AS roots,
  argMinIf(ServiceName, Timestamp, ParentSpanId = '') AS rootService,
  argMinIf(SpanName, Timestamp, ParentSpanId = '') AS rootName,
  argMin(ServiceName, Timestamp) AS firstService,
  argMin(SpanName, Timestamp) AS firstName
FROM ${raw(TABLES.traces)}
WHERE TraceId IN ${traceIds}
  AND Timestamp >= toDateTime64(tupleElement(bounds, 1), 9)
  AND Timestamp < toDateTime64(tupleElement(bounds, 2) + 1, 9)
GROUP BY TraceId`;
}

interface SummaryRow {
  TraceId: string;
  spanCount: number;
  errorCount: number;
  services: string[];
  startNs: string;
  endNs: string;
  roots: number;
  rootService: string;
  rootName: string;
  firstService: string;
  firstName: string;
}

function toSummary(r: SummaryRow): TraceSummary {
  const hasRoot = num(r.roots) > 0;
  return {
    traceId: r.TraceId,
    rootServiceName: hasRoot ? r.rootService : r.firstService,
    rootName: hasRoot ? r.rootName : r.firstName,
    startTime: nanosToMs(r.startNs),
    durationMs: Number(BigInt(r.endNs) - BigInt(r.startNs)) / 1e6,
    spanCount: num(r.spanCount),
    errorCount: num(r.errorCount),
    services: r.services,
  };
}

/** Summaries of the given traces, in no particular order (unknown IDs are left out). */
export async function queryTraceSummaries(
  transport: ClickHouseTransport,
  traceIds: readonly string[],
): Promise<TraceSummary[]> {
  if (traceIds.length === 0) return [];
  return (await transport.query<SummaryRow>(buildTraceSummariesQuery(traceIds))).map(toSummary);
}

export async function searchTraces(transport: ClickHouseTransport, q: TraceSearchQuery): Promise<TraceSearchResponse> {
  const ids = await findTraceIds(transport, q);
  if (ids.length === 0) return { traces: [] };
  const traces = (await queryTraceSummaries(transport, ids)).sort(
    (a, b) => b.startTime - a.startTime || (a.traceId < b.traceId ? -1 : 1),
  );
  return { traces };
}
