// Autocomplete for the search language: the attribute keys of a range and the most frequent
// values of a field. Attribute maps are read from a sample — the range's newest
// SUGGEST_SAMPLE_ROWS rows, found in a slice of the range that one cheap pass over the time
// column sizes (the tables have no SAMPLE BY; with data inserted as it arrives, the newest
// slice sits in the newest parts) — so an answer costs about the same over a
// million rows as over a billion; ServiceName and SpanName (LowCardinality, at the front
// of the sort keys) are counted over the whole range. Every read is capped in rows and bytes
// and stops at the cap with what it has (read_overflow_mode = 'break').
import {
  SEARCH_FIELDS,
  type SearchFieldSuggestion,
  type SearchFieldsQuery,
  type SearchFieldsResponse,
  type SearchSignal,
  type SearchValueSuggestion,
  type SearchValuesQuery,
  type SearchValuesResponse,
  searchFieldNamed,
  type TimeRange,
} from "@tracelight/contracts";
import { profileOf, type SchemaProfile } from "../schema-profile.ts";
import { type BoundQuery, type RawSql, raw, sql, typed } from "../sql.ts";
import { TABLES } from "../tables.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { type AttributeColumns, attributeValue, LOG_ATTRIBUTES, SPAN_ATTRIBUTES, where } from "./attributes.ts";
import { type LogWindow, logWindowConditions } from "./logs.ts";
import { selfCondition } from "./services-self.ts";
import { between64 } from "./time-range.ts";

/** Rows whose attribute maps one answer counts. */
export const SUGGEST_SAMPLE_ROWS = 20_000;
/** With a prefix the wanted rows are rarer: the newest slice is this many times longer. */
export const PREFIX_SLICE_FACTOR = 10;
/** What one read may scan before it stops and answers with what it has. */
export const SUGGEST_MAX_ROWS_READ = 5_000_000;
export const SUGGEST_MAX_BYTES_READ = 512 * 1024 * 1024;

const TABLE: Record<SearchSignal, string> = { logs: TABLES.logs, traces: TABLES.traces };
const ATTRIBUTES: Record<SearchSignal, AttributeColumns> = { logs: LOG_ATTRIBUTES, traces: SPAN_ATTRIBUTES };
/** Built-in fields whose values are a column's. */
const COLUMNS: Readonly<Record<string, string>> = { service: "ServiceName", name: "SpanName" };

const CAPS = raw(
  `SETTINGS max_rows_to_read = ${SUGGEST_MAX_ROWS_READ}, max_bytes_to_read = ${SUGGEST_MAX_BYTES_READ}, read_overflow_mode = 'break'`,
);

interface Scope {
  signal: SearchSignal;
  includeSelf: boolean;
  profile: SchemaProfile;
}

function conditions(scope: Scope, window: LogWindow): BoundQuery[] {
  const time = scope.signal === "logs" ? logWindowConditions(window, scope.profile) : [between64("Timestamp", window)];
  return [...time, selfCondition(scope.includeSelf)];
}

const startsWithPrefix = (expr: BoundQuery, prefix: string) =>
  sql`startsWith(lowerUTF8(${expr}), ${prefix.toLowerCase()})`;

/** The range is cut into this many equal buckets, counted from its end, to size the slice. */
export const SLICE_BUCKETS = 256;

const bucketWidth = (range: TimeRange) => Math.ceil((Math.ceil(range.to) - Math.floor(range.from) + 1) / SLICE_BUCKETS);

/**
 * How many rows each SLICE_BUCKETS-th of the range holds, bucket 0 the newest. One pass over
 * the time column with integer arithmetic: half the cost of quantiles over it (measured).
 */
export function buildSliceCountsQuery(scope: Scope, range: TimeRange): BoundQuery {
  const end = typed(Math.ceil(range.to), "Int64");
  const width = typed(bucketWidth(range), "Int64");
  return sql`SELECT toUInt8(intDiv(${end} - toUnixTimestamp64Milli(Timestamp), ${width})) AS bucket, count() AS n
FROM ${raw(TABLE[scope.signal])}
WHERE ${where(conditions(scope, range))}
GROUP BY bucket
${CAPS}`;
}

/**
 * The newest slice of the range, in whole buckets, that holds at least `rows` rows (the whole
 * range when it holds fewer); null when the range holds none. The sample is then the slice's
 * newest `rows` rows: reading and sorting it costs about the same whatever the range holds.
 */
export function sampleWindow(
  range: TimeRange,
  counts: readonly { bucket: number; n: number }[],
  rows: number,
): LogWindow | null {
  const byBucket = new Map(counts.map((c) => [c.bucket, c.n]));
  let seen = 0;
  for (let b = 0; b < SLICE_BUCKETS; b++) {
    seen += byBucket.get(b) ?? 0;
    if (seen >= rows)
      return { from: Math.max(range.from, Math.ceil(range.to) - (b + 1) * bucketWidth(range) + 1), to: range.to };
  }
  return seen === 0 ? null : { from: range.from, to: range.to };
}

/** Attribute keys of the sample with the times each was seen, most frequent first. */
export function buildKeysQuery(scope: Scope, window: LogWindow, prefix: string, limit: number): BoundQuery {
  const cols = ATTRIBUTES[scope.signal];
  // The maps' key subcolumns, named: mapKeys() under this ORDER BY read whole maps (5x slower, measured).
  const own = raw(`${cols.own}.keys`);
  const res = raw(`${cols.resource as string}.keys`);
  const has = (keys: RawSql) => sql`arrayExists(k -> ${startsWithPrefix(sql`k`, prefix)}, ${keys})`;
  const c = conditions(scope, window);
  if (prefix !== "") c.push(sql`(${has(own)} OR ${has(res)})`);
  return sql`SELECT name, argMax(source, n) AS source, sum(n) AS count
FROM (
  SELECT kv.1 AS name, kv.2 AS source, count() AS n
  FROM (
    SELECT ${own} AS ownKeys, ${res} AS resKeys
    FROM ${raw(TABLE[scope.signal])}
    WHERE ${where(c)}
    ORDER BY Timestamp DESC
    LIMIT ${typed(SUGGEST_SAMPLE_ROWS, "UInt32")}
  )
  ARRAY JOIN arrayConcat(arrayMap(k -> (k, 'attribute'), ownKeys), arrayMap(k -> (k, 'resource'), resKeys)) AS kv
  WHERE ${prefix === "" ? sql`1` : startsWithPrefix(sql`name`, prefix)}
  GROUP BY name, source
)
GROUP BY name
ORDER BY count DESC, name
LIMIT ${typed(limit, "UInt32")}
${CAPS}`;
}

/**
 * The most frequent non-empty values of a column over the whole range, or of an attribute key
 * (own, else resource attribute, as search reads it) in the sample.
 */
export function buildValuesQuery(
  scope: Scope,
  window: LogWindow,
  field: { column: string } | { key: string },
  prefix: string,
  limit: number,
): BoundQuery {
  const c = conditions(scope, window);
  let value: BoundQuery;
  let sample = sql``;
  if ("column" in field) value = sql`toString(${raw(field.column)})`;
  else {
    const cols = ATTRIBUTES[scope.signal];
    value = attributeValue(cols, field.key);
    c.push(
      sql`(mapContains(${raw(cols.own)}, ${field.key}) OR mapContains(${raw(cols.resource as string)}, ${field.key}))`,
    );
    sample = sql`ORDER BY Timestamp DESC LIMIT ${typed(SUGGEST_SAMPLE_ROWS, "UInt32")}`;
  }
  c.push(sql`${value} != ''`);
  if (prefix !== "") c.push(startsWithPrefix(value, prefix));
  return sql`SELECT value, count() AS count
FROM (
  SELECT ${value} AS value
  FROM ${raw(TABLE[scope.signal])}
  WHERE ${where(c)}
  ${sample}
)
GROUP BY value
ORDER BY count DESC, value
LIMIT ${typed(limit, "UInt32")}
${CAPS}`;
}

type SliceCounts = { bucket: number; n: number }[];
/** Counts kept per transport and (signal, includeSelf, range) for SLICE_COUNTS_KEPT_MS: the next keystrokes' answers need no pass over the range. */
export const SLICE_COUNTS_KEPT_MS = 30_000;
const keptCounts = new WeakMap<ClickHouseTransport, Map<string, { at: number; counts: Promise<SliceCounts> }>>();

function sliceCounts(transport: ClickHouseTransport, scope: Scope, range: TimeRange): Promise<SliceCounts> {
  const kept = keptCounts.get(transport) ?? new Map<string, { at: number; counts: Promise<SliceCounts> }>();
  keptCounts.set(transport, kept);
  const id = JSON.stringify([scope.signal, scope.includeSelf, range.from, range.to]);
  const hit = kept.get(id);
  if (hit !== undefined && Date.now() - hit.at < SLICE_COUNTS_KEPT_MS) return hit.counts;
  for (const [key, entry] of kept) if (Date.now() - entry.at >= SLICE_COUNTS_KEPT_MS) kept.delete(key);
  const counts = transport
    .query<{ bucket: number; n: number | string }>(buildSliceCountsQuery(scope, range))
    .then((rows) => rows.map((c) => ({ bucket: Number(c.bucket), n: Number(c.n) })));
  counts.catch(() => kept.delete(id));
  kept.set(id, { at: Date.now(), counts });
  return counts;
}

async function sampledWindow(transport: ClickHouseTransport, scope: Scope, range: TimeRange, prefix: string) {
  const rows = SUGGEST_SAMPLE_ROWS * (prefix === "" ? 1 : PREFIX_SLICE_FACTOR);
  return sampleWindow(range, await sliceCounts(transport, scope, range), rows);
}

const startsWithCaseless = (text: string, prefix: string) => text.toLowerCase().startsWith(prefix.toLowerCase());

export async function suggestSearchFields(
  transport: ClickHouseTransport,
  q: SearchFieldsQuery,
): Promise<SearchFieldsResponse> {
  const builtin: SearchFieldSuggestion[] = SEARCH_FIELDS[q.signal]
    .filter((f) => startsWithCaseless(f.name, q.prefix))
    .map((f) => ({ name: f.name, source: "builtin", description: f.description }));
  const scope = { signal: q.signal, includeSelf: q.includeSelf, profile: await profileOf(transport) };
  const window = await sampledWindow(transport, scope, q.range, q.prefix);
  // One more than fits tells whether the answer is cut.
  const rows =
    window === null
      ? []
      : await transport.query<{ name: string; source: "attribute" | "resource"; count: number | string }>(
          buildKeysQuery(scope, window, q.prefix, q.limit + 1),
        );
  const keys = rows
    .filter((r) => searchFieldNamed(q.signal, r.name) === undefined)
    .map((r): SearchFieldSuggestion => ({ name: r.name, source: r.source, count: Number(r.count) }));
  const all = [...builtin, ...keys];
  return { fields: all.slice(0, q.limit), truncated: all.length > q.limit };
}

export async function suggestSearchValues(
  transport: ClickHouseTransport,
  q: SearchValuesQuery,
): Promise<SearchValuesResponse> {
  const builtin = searchFieldNamed(q.signal, q.field);
  if (builtin !== undefined && builtin.values !== "data") {
    const fixed = builtin.values === "none" ? [] : builtin.values.filter((v) => startsWithCaseless(v, q.prefix));
    return { values: fixed.slice(0, q.limit).map((value) => ({ value })), truncated: fixed.length > q.limit };
  }
  const scope = { signal: q.signal, includeSelf: q.includeSelf, profile: await profileOf(transport) };
  const column = builtin === undefined ? undefined : COLUMNS[builtin.name];
  const window =
    column !== undefined
      ? { from: q.range.from, to: q.range.to }
      : await sampledWindow(transport, scope, q.range, q.prefix);
  if (window === null) return { values: [], truncated: false };
  const field = column !== undefined ? { column } : { key: q.field };
  const rows = await transport.query<{ value: string; count: number | string }>(
    buildValuesQuery(scope, window, field, q.prefix, q.limit + 1),
  );
  const values = rows.map((r): SearchValueSuggestion => ({ value: r.value, count: Number(r.count) }));
  return { values: values.slice(0, q.limit), truncated: values.length > q.limit };
}
