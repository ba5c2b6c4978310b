// Trace search: spans matching every filter in the range pick the traces (by their newest or by
// their longest matching span, over the whole range), then one summary row per picked trace is
// built from all its spans, read within the picked traces' bounds from otel_traces_trace_id_ts.
import type {
  TraceFilters,
  TraceSearchQuery,
  TraceSearchResponse,
  TraceSort,
  TraceSummary,
} from "@tracelight/contracts";
import { type BoundQuery, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { attributeFilters, isAnyOf, SPAN_ATTRIBUTES, where } from "./attributes.ts";
import { num } from "./numbers.ts";
import { searchCondition } from "./search-condition.ts";
import { serviceCondition } from "./services-self.ts";
import { IS_ERROR, statusIs } from "./span-enums.ts";
import { between64, nanosToMs } from "./time-range.ts";

const msToNs = (ms: number) => typed(Math.round(ms * 1e6), "UInt64");

export function spanConditions(q: TraceFilters): BoundQuery[] {
  const c: BoundQuery[] = [between64("Timestamp", q.range)];
  // Tracelight's own request spans (service tracelight) only when that service is asked for.
  c.push(serviceCondition(q.service));
  if (q.name.length > 0) c.push(isAnyOf(sql`SpanName`, q.name));
  if (q.minDurationMs !== undefined) c.push(sql`Duration >= ${msToNs(q.minDurationMs)}`);
  if (q.maxDurationMs !== undefined) c.push(sql`Duration <= ${msToNs(q.maxDurationMs)}`);
  if (q.status !== undefined) c.push(statusIs(q.status));
  c.push(...attributeFilters(SPAN_ATTRIBUTES, q.attr));
  const search = searchCondition(q.q, "traces");
  if (search !== null) c.push(search);
  return c;
}

/** Spans the fast path reads at most (top-K by the sort key) to find `limit` distinct traces. */
export const searchSpanCap = (limit: number) => Math.min(limit * 50, 50_000);

/**
 * The span column each sort ranks traces by: their newest matching span, or their longest span
 * (rankingConditions). A trace lasts at least as long as its longest span, and exactly as long when one span covers the
 * rest (its root), so the longest spans find the longest traces; the summaries then order those
 * by the trace's own duration. A trace with no span covering the rest in the range (its root
 * missing or outside it) can rank below its duration.
 */
const SORT_COLUMN: Record<TraceSort, string> = { time: "Timestamp", duration: "Duration" };

/**
 * The spans that rank traces. By time, the matching spans. By duration, every span in the range
 * of a trace with a matching span, so that a trace's root ranks it even when the filters match
 * only its children.
 */
function rankingConditions(q: TraceSearchQuery): BoundQuery[] {
  const matching = spanConditions(q);
  if (q.sort === "time" || matching.length === 1) return matching;
  const [range] = matching;
  return [range!, sql`TraceId IN (SELECT TraceId FROM ${raw(TABLES.traces)} WHERE ${where(matching)})`];
}

/**
 * Step 1, fast path: the top ranking spans by the sort column (ClickHouse answers a top-K
 * without sorting everything), then their distinct traces by that column. Exact whenever it
 * finds `limit` traces, or when it read fewer spans than the cap (it saw every match); `n`
 * tells which. TraceId breaks ties, so the same data always gives the same traces, whatever
 * the engine's thread count or transport (spans with equal times or durations are common).
 */
export function buildTopTraceIdsQuery(q: TraceSearchQuery): BoundQuery {
  const key = raw(SORT_COLUMN[q.sort]);
  return sql`SELECT TraceId, any(n) AS spansRead
FROM (
  SELECT TraceId, ${key}, count() OVER () AS n
  FROM (
    SELECT TraceId, ${key} FROM ${raw(TABLES.traces)}
    WHERE ${where(rankingConditions(q))} AND TraceId != ''
    ORDER BY ${key} DESC, TraceId
    LIMIT ${typed(searchSpanCap(q.limit), "UInt32")}
  )
)
GROUP BY TraceId
ORDER BY max(${key}) DESC, TraceId
LIMIT ${typed(q.limit, "UInt32")}`;
}

/** Step 1, exact: every ranking span grouped by trace (when the fast path was not enough). */
export function buildTraceIdSearchQuery(q: TraceSearchQuery): BoundQuery {
  return sql`SELECT TraceId
FROM ${raw(TABLES.traces)}
WHERE ${where(rankingConditions(q))} AND TraceId != ''
GROUP BY TraceId
ORDER BY max(${raw(SORT_COLUMN[q.sort])}) DESC, TraceId
LIMIT ${typed(q.limit, "UInt32")}`;
}

async function findTraceIds(transport: ClickHouseTransport, q: TraceSearchQuery): Promise<string[]> {
  const top = await transport.query<{ TraceId: string; spansRead: number }>(buildTopTraceIdsQuery(q));
  const sawEverything = top.length === 0 || num(top[0]!.spansRead) < searchSpanCap(q.limit);
  if (top.length >= q.limit || sawEverything) return top.map((r) => r.TraceId);
  return (await transport.query<{ TraceId: string }>(buildTraceIdSearchQuery(q))).map((r) => r.TraceId);
}

/** Step 2: one summary per trace over all of its spans (bounds as DateTime64, see trace-by-id.ts). */
export function buildTraceSummariesQuery(traceIds: readonly string[]): BoundQuery {
  return sql`WITH (SELECT (min(Start), max(End)) FROM ${raw(TABLES.traceIdTs)} WHERE TraceId IN ${traceIds}) AS bounds
SELECT TraceId,
  count() AS spanCount,
  countIf(${raw(IS_ERROR)}) AS errorCount,
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

const SORT_KEY: Record<TraceSort, (t: TraceSummary) => number> = {
  time: (t) => t.startTime,
  duration: (t) => t.durationMs,
};

/** Largest first by the sort's figure, then newest, then by ID (a stable order for equal traces). */
function sortSummaries(traces: TraceSummary[], sort: TraceSort): TraceSummary[] {
  const key = SORT_KEY[sort];
  return traces.sort((a, b) => key(b) - key(a) || b.startTime - a.startTime || (a.traceId < b.traceId ? -1 : 1));
}

export async function searchTraces(transport: ClickHouseTransport, q: TraceSearchQuery): Promise<TraceSearchResponse> {
  const ids = await findTraceIds(transport, q);
  if (ids.length === 0) return { traces: [] };
  return { traces: sortSummaries(await queryTraceSummaries(transport, ids), q.sort) };
}
