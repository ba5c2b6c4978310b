// Measures the lookup designs on generated data (SQL numbers(), no encoder involved):
// trace by ID, logs by trace ID and full-text log search, on the exporter schema as is and
// with Tracelight's extra projections / text index. Prints p50/p99 and disk per variant.
// Usage: node --import tsx bench/lookup-design.ts [spans=5000000] [logs=5000000] [dir]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { type BoundQuery, raw, sql } from "../src/sql.ts";

const SPANS = Number(process.argv[2] ?? 5_000_000);
const LOGS = Number(process.argv[3] ?? 5_000_000);
const dir = process.argv[4] ?? mkdtempSync(join(tmpdir(), "tracelight-lookup-"));
const BATCH = 250_000; // rows per INSERT, so tables have parts like a live ingest produces
const SPAN_WINDOW_S = 2 * 3600; // dense: 5 M spans in 2 h crossing midnight (2 partitions)
const BASE = "2026-03-01 23:00:00";
const RUNS = Number(process.env.RUNS ?? 200);

const t = openChdbTransport(dir);
await migrate(t, { ttlDays: { traces: 3650, logs: 3650, metrics: 3650 } });
const run = (q: BoundQuery) => t.command(q);

// Variant tables: the exporter's DDL (read back from the migrated table) under another name,
// optionally with other table settings, plus the candidate projections / indexes.
interface Variant {
  name: string;
  base: "otel_traces" | "otel_logs";
  extra?: string;
  settings?: string;
}
const LIGHT = "ADD PROJECTION IF NOT EXISTS p_trace_id (SELECT _part_offset ORDER BY TraceId)";
const TEXT = "ADD INDEX IF NOT EXISTS idx_body_text Body TYPE text(tokenizer = splitByNonAlpha)";
const VARIANTS: { traces: Variant[]; logs: Variant[] } = {
  traces: [
    { name: "otel_traces", base: "otel_traces" },
    { name: "v_traces_lightproj", base: "otel_traces", extra: LIGHT },
    {
      name: "v_traces_fullproj",
      base: "otel_traces",
      extra: "ADD PROJECTION IF NOT EXISTS p_trace_full (SELECT * ORDER BY TraceId)",
    },
    { name: "v_traces_g1024", base: "otel_traces", settings: "index_granularity = 1024" },
    { name: "v_traces_g1024_light", base: "otel_traces", extra: LIGHT, settings: "index_granularity = 1024" },
  ],
  logs: [
    { name: "otel_logs", base: "otel_logs" },
    { name: "v_logs_light_text", base: "otel_logs", extra: `${LIGHT}, ${TEXT}` },
    {
      name: "v_logs_fullproj_text",
      base: "otel_logs",
      extra: `ADD PROJECTION IF NOT EXISTS p_trace_full (SELECT * ORDER BY TraceId), ${TEXT}`,
    },
    { name: "v_logs_g1024_text", base: "otel_logs", extra: TEXT, settings: "index_granularity = 1024" },
  ],
};
// ONLY=regex limits the measured variants (tables are still created and filled).
const only = new RegExp(process.env.ONLY ?? ".");
for (const v of [...VARIANTS.traces, ...VARIANTS.logs]) {
  if (v.name === v.base) continue;
  const [ddl] = await t.query<{ statement: string }>(sql`SHOW CREATE TABLE ${raw(v.base)}`);
  let text = (ddl?.statement ?? "")
    .replace(`default.${v.base}`, v.name)
    .replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS");
  if (v.settings) text = text.replace("index_granularity = 8192", v.settings);
  await run(sql`${raw(text)}`);
  if (v.extra) await run(sql`ALTER TABLE ${raw(v.name)} ${raw(v.extra)}`);
}
const insertMs = new Map<string, number>();
const timed = async (name: string, q: BoundQuery) => {
  const s = performance.now();
  await run(q);
  insertMs.set(name, (insertMs.get(name) ?? 0) + performance.now() - s);
};

const SERVICES =
  "['frontend','cart','checkout','payment','shipping','email','ads','recommendation','currency','quote','auth','search','inventory','catalog','gateway','billing','notify','profile','orders','fraud']";
const spanSelect = (from: number, count: number) => `
  SELECT
    toDateTime64('${BASE}', 9) + toIntervalNanosecond(intDiv(number, 10) * ${Math.floor((SPAN_WINDOW_S * 1e9) / (SPANS / 10))} + (number % 10) * 1000000) AS Timestamp,
    lower(hex(MD5(toString(intDiv(number, 10))))) AS TraceId,
    substring(lower(hex(MD5(toString(number)))), 1, 16) AS SpanId,
    if(number % 10 = 0, '', substring(lower(hex(MD5(toString(number - 1)))), 1, 16)) AS ParentSpanId,
    '' AS TraceState,
    concat('op-', toString(cityHash64(number) % 10)) AS SpanName,
    if(number % 10 = 0, 'Server', 'Internal') AS SpanKind,
    ${SERVICES}[1 + (cityHash64(intDiv(number, 10), 7) + number % 10) % 20] AS ServiceName,
    map('service.name', ServiceName, 'host.name', concat('host-', toString(cityHash64(number, 3) % 50)), 'telemetry.sdk.language', 'nodejs') AS ResourceAttributes,
    'scope' AS ScopeName, '1.0.0' AS ScopeVersion,
    map('http.route', concat('/api/', toString(cityHash64(number, 5) % 30)), 'http.method', 'GET', 'user.id', toString(cityHash64(number, 9) % 100000)) AS SpanAttributes,
    1000000 + cityHash64(number, 11) % 500000000 AS Duration,
    if(cityHash64(number, 13) % 100 = 0, 'Error', 'Unset') AS StatusCode,
    '' AS StatusMessage,
    [Timestamp] AS \`Events.Timestamp\`, ['log'] AS \`Events.Name\`, [map('k', 'v')] AS \`Events.Attributes\`,
    [] AS \`Links.TraceId\`, [] AS \`Links.SpanId\`, [] AS \`Links.TraceState\`, [] AS \`Links.Attributes\`
  FROM numbers(${from}, ${count})`;

// Logs: 10 per trace for the first LOGS/10 traces; Body = 8 words from a 1000-word vocabulary
// plus marker words of known frequency: "checkout" 10 %, "timeout" 1 %, "deadlock" 0.01 %.
const logSelect = (from: number, count: number) => `
  SELECT
    toDateTime64('${BASE}', 9) + toIntervalNanosecond(intDiv(number, 10) * ${Math.floor((SPAN_WINDOW_S * 1e9) / (LOGS / 10))} + (number % 10) * 1000000 + 500000) AS Timestamp,
    lower(hex(MD5(toString(intDiv(number, 10))))) AS TraceId,
    substring(lower(hex(MD5(toString(number)))), 1, 16) AS SpanId,
    1 AS TraceFlags, 'INFO' AS SeverityText, 9 AS SeverityNumber,
    ${SERVICES}[1 + (cityHash64(intDiv(number, 10), 7) + number % 10) % 20] AS ServiceName,
    concat(arrayStringConcat(arrayMap(i -> concat('w', toString(cityHash64(number, i) % 1000)), range(8)), ' '),
      if(number % 10 = 3, ' checkout', ''), if(number % 100 = 7, ' timeout', ''), if(number % 10000 = 77, ' deadlock', '')) AS Body,
    '' AS ResourceSchemaUrl,
    map('service.name', ServiceName, 'host.name', concat('host-', toString(cityHash64(number, 3) % 50))) AS ResourceAttributes,
    '' AS ScopeSchemaUrl, 'logger' AS ScopeName, '' AS ScopeVersion, map() AS ScopeAttributes,
    map('code.lineno', toString(number % 500)) AS LogAttributes, '' AS EventName
  FROM numbers(${from}, ${count})`;

const spanCols =
  "Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage, `Events.Timestamp`, `Events.Name`, `Events.Attributes`, `Links.TraceId`, `Links.SpanId`, `Links.TraceState`, `Links.Attributes`";
const logCols =
  "Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body, ResourceSchemaUrl, ResourceAttributes, ScopeSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, LogAttributes, EventName";

const [{ n: existing } = { n: 0 }] = await t.query<{ n: number }>(sql`SELECT count() AS n FROM otel_traces`);
if (existing === 0) {
  const t0 = performance.now();
  for (let from = 0; from < SPANS; from += BATCH) {
    for (const v of VARIANTS.traces)
      await timed(
        v.name,
        sql`INSERT INTO ${raw(v.name)} (${raw(spanCols)}) ${raw(spanSelect(from, Math.min(BATCH, SPANS - from)))}`,
      );
  }
  for (let from = 0; from < LOGS; from += BATCH) {
    for (const v of VARIANTS.logs)
      await timed(
        v.name,
        sql`INSERT INTO ${raw(v.name)} (${raw(logCols)}) ${raw(logSelect(from, Math.min(BATCH, LOGS - from)))}`,
      );
  }
  console.log(
    `generated ${SPANS} spans + ${LOGS} logs per variant in ${((performance.now() - t0) / 1000).toFixed(0)} s (dir ${dir})`,
  );
}

for (const v of [...VARIANTS.traces, ...VARIANTS.logs].filter((x) => only.test(x.name))) {
  const [d] = await t.query<{ parts: number; rows: number; bytes: number }>(
    sql`SELECT count() AS parts, sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts WHERE active AND table = ${v.name}`,
  );
  const [p] = await t.query<{ bytes: number }>(
    sql`SELECT sum(bytes_on_disk) AS bytes FROM system.projection_parts WHERE active AND table = ${v.name}`,
  );
  const [ix] = await t.query<{ bytes: number }>(
    sql`SELECT sum(data_compressed_bytes) AS bytes FROM system.data_skipping_indices WHERE table = ${v.name} AND name = 'idx_body_text'`,
  );
  console.log(
    `${v.name.padEnd(24)} insert ${((insertMs.get(v.name) ?? 0) / 1000).toFixed(1)} s, parts ${d?.parts} rows ${d?.rows} disk ${mb(d?.bytes)} (projections ${mb(p?.bytes)}, text index ${mb(ix?.bytes)})`,
  );
}

const traceIds = (
  await t.query<{ id: string }>(
    sql`SELECT lower(hex(MD5(toString(number)))) AS id FROM numbers(${Math.floor(SPANS / 10)}) ORDER BY rand() LIMIT ${RUNS}`,
  )
).map((r) => r.id);

async function measure(label: string, make: (id: string) => BoundQuery, check?: (rows: unknown[]) => boolean) {
  for (const id of traceIds.slice(0, 20)) await t.query(make(id)); // warm caches
  const times: number[] = [];
  let bad = 0;
  for (const id of traceIds) {
    const s = performance.now();
    const rows = await t.query(make(id));
    times.push(performance.now() - s);
    if (check && !check(rows)) bad++;
  }
  report(label, times, bad);
}

function report(label: string, times: number[], bad = 0) {
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]?.toFixed(1);
  console.log(`${label.padEnd(58)} p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms${bad ? `  WRONG ${bad}` : ""}`);
}

const bounds = (id: string) =>
  sql`(SELECT min(Start) FROM otel_traces_trace_id_ts WHERE TraceId = ${id}) AND Timestamp <= (SELECT max(End) + 1 FROM otel_traces_trace_id_ts WHERE TraceId = ${id})`;
const tenSpans = (rows: unknown[]) => rows.length === 10;
const PROJ_ON = raw("SETTINGS min_table_rows_to_use_projection_index = 0");

console.log(`\ntrace by ID (all columns, ${RUNS} random traces, warm)`);
await measure(
  "bounds table only",
  (id) => sql`SELECT min(Start), max(End) FROM otel_traces_trace_id_ts WHERE TraceId = ${id}`,
);
for (const v of VARIANTS.traces.filter((x) => only.test(x.name))) {
  const tbl = raw(v.name);
  await measure(`${v.name}: TraceId only`, (id) => sql`SELECT * FROM ${tbl} WHERE TraceId = ${id}`, tenSpans);
  await measure(
    `${v.name}: bounds subquery + TraceId`,
    (id) => sql`SELECT * FROM ${tbl} WHERE TraceId = ${id} AND Timestamp >= ${bounds(id)}`,
    tenSpans,
  );
  if (v.extra?.includes("_part_offset")) {
    await measure(
      `${v.name}: TraceId only, proj index forced`,
      (id) => sql`SELECT * FROM ${tbl} WHERE TraceId = ${id} ${PROJ_ON}`,
      tenSpans,
    );
    await measure(
      `${v.name}: bounds + TraceId, proj index forced`,
      (id) => sql`SELECT * FROM ${tbl} WHERE TraceId = ${id} AND Timestamp >= ${bounds(id)} ${PROJ_ON}`,
      tenSpans,
    );
  }
}

console.log(`\nlogs by trace ID (${RUNS} random traces with 10 logs each)`);
const logBounds = (id: string) =>
  sql`TimestampTime >= (SELECT min(Start) - 60 FROM otel_traces_trace_id_ts WHERE TraceId = ${id}) AND TimestampTime <= (SELECT max(End) + 60 FROM otel_traces_trace_id_ts WHERE TraceId = ${id})`;
for (const v of VARIANTS.logs.filter((x) => only.test(x.name))) {
  const tbl = raw(v.name);
  await measure(
    `${v.name}: TraceId only`,
    (id) => sql`SELECT * FROM ${tbl} WHERE TraceId = ${id} ORDER BY Timestamp LIMIT 1000`,
  );
  await measure(
    `${v.name}: bounds ±60 s + TraceId`,
    (id) => sql`SELECT * FROM ${tbl} WHERE TraceId = ${id} AND ${logBounds(id)} ORDER BY Timestamp LIMIT 1000`,
  );
  if (v.extra?.includes("_part_offset")) {
    await measure(
      `${v.name}: TraceId only, proj forced`,
      (id) => sql`SELECT * FROM ${tbl} WHERE TraceId = ${id} ORDER BY Timestamp LIMIT 1000 ${PROJ_ON}`,
    );
    await measure(
      `${v.name}: bounds + TraceId, proj forced`,
      (id) =>
        sql`SELECT * FROM ${tbl} WHERE TraceId = ${id} AND ${logBounds(id)} ORDER BY Timestamp LIMIT 1000 ${PROJ_ON}`,
    );
  }
}

console.log("\nfull-text search: newest 100 logs containing a word, whole range");
for (const v of VARIANTS.logs.filter((x) => only.test(x.name))) {
  for (const word of ["checkout", "timeout", "deadlock", "w17", "nosuchword"]) {
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < Math.min(RUNS, 50); i++) {
      const s = performance.now();
      const rows = await t.query(
        sql`SELECT * FROM ${raw(v.name)} WHERE hasToken(Body, ${word}) ORDER BY Timestamp DESC LIMIT 100`,
      );
      times.push(performance.now() - s);
      n = rows.length;
    }
    report(`${v.name}: hasToken '${word}' (${n} rows)`, times);
  }
}

await t.close();
if (!process.argv[4] && process.env.KEEP !== "1") rmSync(dir, { recursive: true, force: true });

function mb(bytes: number | undefined): string {
  return `${((bytes ?? 0) / 1048576).toFixed(1)} MB`;
}
