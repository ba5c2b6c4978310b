// Autocomplete's reads (GET /api/v1/search/fields and /search/values) over a chDB store of
// 1 M spans and 1 M logs spread over 6 hours (20 services, 9 keys per row, a rare key on 1 row
// in 10,000): p50 / p99 of each lookup over the whole store, direct on the store (no cache),
// beside the same counts read from every row. The store is made once with INSERT ... SELECT in
// the engine (1-3 minutes) and kept in BENCH_SUGGEST_DIR.
// Run: npm run bench:suggest
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SearchFieldsQuerySchema, SearchValuesQuerySchema } from "@tracelight/contracts";
import {
  migrate,
  openChdbTransport,
  raw,
  sql,
  suggestSearchFields,
  suggestSearchValues,
  withQueryOptions,
} from "@tracelight/store";

const DIR = process.env.BENCH_SUGGEST_DIR ?? "/tmp/tracelight-bench-suggest";
const ROWS = Number(process.env.BENCH_SUGGEST_ROWS ?? 1_000_000);
const SPAN_MS = 6 * 3_600_000;
const BATCHES = 200;

const transport = openChdbTransport(join(DIR, "clickhouse"));
const count = async (table: string) =>
  Number((await transport.query<{ n: string }>(sql`SELECT count() AS n FROM ${raw(table)}`))[0]?.n ?? 0);

async function fill(): Promise<void> {
  await migrate(transport, { ttlDays: { traces: 3650, logs: 3650, metrics: 3650 } });
  if ((await count("otel_traces")) >= ROWS) return;
  const now = Date.now();
  // Row i: service i % 20, times spread evenly over the 6 hours before now, a rare key every
  // 10,000 rows; sent in time order, BATCHES inserts, as ingestion writes them (each part then
  // holds a stretch of time, which the newest-slice sample relies on).
  const common = `
    concat('svc-', toString(number % 20)) AS svc,
    fromUnixTimestamp64Milli(toInt64(${now - SPAN_MS} + intDiv(number * ${SPAN_MS}, ${ROWS}))) AS ts,
    map('service.name', svc, 'host.name', concat('host-', toString(number % 57)), 'k8s.pod.name', concat(svc, '-pod-', toString(number % 7)), 'deployment.environment', 'prod') AS res,
    mapUpdate(map('http.request.method', ['GET','POST','PUT'][number % 3 + 1], 'http.route', concat('/api/r', toString(number % 40)), 'http.response.status_code', toString([200,200,200,201,404,500][number % 6 + 1]), 'user.id', toString(number % 100000), 'net.peer.name', concat('peer-', toString(number % 13))),
      if(number % 10000 = 0, map('rare.key', 'rare'), map())) AS attrs`;
  const batch = ROWS / BATCHES;
  for (let b = 0; b < BATCHES; b++) {
    const rows = `SELECT number, ${common} FROM numbers(${b * batch}, ${batch})`;
    await transport.command(
      sql`${raw(`INSERT INTO otel_traces (Timestamp, TraceId, SpanId, SpanName, SpanKind, ServiceName, ResourceAttributes, SpanAttributes, Duration, StatusCode)
      SELECT ts, lower(hex(cityHash64(number, 1))) || lower(hex(cityHash64(number, 2))), lower(hex(cityHash64(number, 3))),
        concat('GET /api/r', toString(number % 40)), 'Server', svc, res, attrs, number % 1000 * 1000000, if(number % 50 = 0, 'Error', 'Unset')
      FROM (${rows})`)}`,
    );
    await transport.command(
      sql`${raw(`INSERT INTO otel_logs (Timestamp, TraceId, SpanId, SeverityText, SeverityNumber, ServiceName, Body, ResourceAttributes, LogAttributes)
      SELECT ts, '', '', 'INFO', [9, 9, 9, 13, 17][number % 5 + 1], svc, concat('order ', toString(number), ' placed'), res, attrs
      FROM (${rows})`)}`,
    );
  }
}

const started = Date.now();
if (!existsSync(DIR) || (await count("otel_traces").catch(() => 0)) < ROWS) await fill();
console.log(
  `store: ${await count("otel_traces")} spans, ${await count("otel_logs")} logs (${Date.now() - started} ms)`,
);

const ROUNDS = Number(process.env.BENCH_SUGGEST_ROUNDS ?? 30);
async function measure(name: string, run: () => Promise<unknown>): Promise<void> {
  await run();
  const ms: number[] = [];
  let answer: unknown;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    // As the api runs them: class search (its time limit, priority and nice).
    answer = await withQueryOptions({ class: "search" }, run);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => (ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] as number).toFixed(1);
  console.log(
    `${name.padEnd(44)} p50 ${at(0.5).padStart(7)} ms  p99 ${at(0.99).padStart(7)} ms  ${JSON.stringify(answer).slice(0, 90)}`,
  );
}

// The whole store: its newest row is when it was made.
const newest = Number(
  (await transport.query<{ t: string }>(sql`SELECT toUnixTimestamp64Milli(max(Timestamp)) AS t FROM otel_traces`))[0]
    ?.t,
);
// Each call a range 1 ms longer than the one before, so none finds the slice counts of another
// (kept for 30 s per range, as while typing: see "(counts kept)").
let shift = 0;
const range = (kept = false) => ({
  from: String(newest - SPAN_MS - 60_000),
  to: String(newest + 1000 + (kept ? 0 : ++shift)),
});
const fields = (signal: string, prefix = "", kept = false) =>
  SearchFieldsQuerySchema.parse({ ...range(kept), signal, prefix, limit: "20" });
const values = (signal: string, field: string, prefix = "") =>
  SearchValuesQuerySchema.parse({ ...range(), signal, field, prefix, limit: "20" });

const allKeys = (table: string, own: string) =>
  transport.query(
    sql`SELECT k, count() AS n FROM ${raw(table)} ARRAY JOIN arrayConcat(mapKeys(${raw(own)}), mapKeys(ResourceAttributes)) AS k GROUP BY k ORDER BY n DESC LIMIT 20`,
  );
const allValues = (table: string, own: string, key: string) =>
  transport.query(
    sql`SELECT ${raw(own)}[${key}] AS v, count() AS n FROM ${raw(table)} WHERE mapContains(${raw(own)}, ${key}) GROUP BY v ORDER BY n DESC LIMIT 20`,
  );

await measure("fields traces", () => suggestSearchFields(transport, fields("traces")));
await measure("fields traces prefix=rare (1 row in 10,000)", () =>
  suggestSearchFields(transport, fields("traces", "rare")),
);
await measure("fields traces (counts kept)", () => suggestSearchFields(transport, fields("traces", "", true)));
await measure("fields logs", () => suggestSearchFields(transport, fields("logs")));
await measure("values traces service (whole range)", () => suggestSearchValues(transport, values("traces", "service")));
await measure("values traces name (whole range)", () => suggestSearchValues(transport, values("traces", "name")));
await measure("values traces http.route", () => suggestSearchValues(transport, values("traces", "http.route")));
await measure("values traces user.id prefix=99", () =>
  suggestSearchValues(transport, values("traces", "user.id", "99")),
);
await measure("values logs k8s.pod.name (resource)", () =>
  suggestSearchValues(transport, values("logs", "k8s.pod.name")),
);
await measure("baseline: keys of every span", () => allKeys("otel_traces", "SpanAttributes"));
await measure("baseline: http.route of every span", () => allValues("otel_traces", "SpanAttributes", "http.route"));
await transport.close();
