// `npm run bench:query`: latency of the query API's lookups on the data set that
// `npm run bench:ingest` leaves (10 M spans and 10 M logs by default), through the real api
// over HTTP, then the same queries run in-process straight on the engine (no HTTP, no
// fastify) as the baseline. Each lookup targets a different trace, so caches do not help.
//
// Then the service map against a self-join of the spans (query-map.ts), the search language
// against the filter parameters (query-search.ts), and trace by ID idle, while 4 slow searches
// run and while ingest runs at half capacity (query-contention.ts).
//
// Env: BENCH_DATA_DIR (default ./data/bench), BENCH_QUERY_SAMPLES (default 300; also of the map),
// BENCH_SEARCH_SAMPLES (of each form of each search twin, default 200), BENCH_MAP_BASELINE_SAMPLES
// (self-joins, default 20), BENCH_MAP_PAIRING_WAIT_S (how long the map may take to hold every
// call, default 300), BENCH_CONTENTION_SAMPLES (trace by ID per condition, default 1,000),
// BENCH_QUERY_ONLY=lookups|search|map|contention (one part, or several comma-separated;
// BENCH_QUERY_CONTENTION_ONLY=1 is contention).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LogsQuerySchema, RedQuerySchema, ServicesQuerySchema, TraceSearchQuerySchema } from "@tracelight/contracts";
import {
  type ClickHouseTransport,
  openChdbTransport,
  queryRed,
  queryServices,
  queryTraceById,
  searchLogs,
  searchTraces,
} from "@tracelight/store";
import { waitForMerges } from "@tracelight/store/testing";
import { startApi } from "./lib/api-process.ts";
import { RARE_WORD, SPANS_PER_TRACE, traceIdHex, traceTemplate } from "./lib/dataset.ts";
import { reportContention } from "./lib/query-contention.ts";
import { measureSelfJoin, reportServiceMap } from "./lib/query-map.ts";
import { apiGet, line, measure, qs } from "./lib/query-measure.ts";
import { reportSearchLanguage } from "./lib/query-search.ts";
import { fmt, type LatencySummary } from "./lib/stats.ts";

const root = join(import.meta.dirname, "..");
const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(root, "data/bench");
const SAMPLES = Number(process.env.BENCH_QUERY_SAMPLES ?? 300);
const CONTENTION_SAMPLES = Number(process.env.BENCH_CONTENTION_SAMPLES ?? 1000);
const SEARCH_SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 200);
const MAP_BASELINE_SAMPLES = Number(process.env.BENCH_MAP_BASELINE_SAMPLES ?? 20);
const MAP_PAIRING_WAIT_S = Number(process.env.BENCH_MAP_PAIRING_WAIT_S ?? 300);
const PARTS = ["lookups", "search", "map", "contention"];
const ONLY =
  process.env.BENCH_QUERY_CONTENTION_ONLY === "1" ? "contention" : (process.env.BENCH_QUERY_ONLY ?? PARTS.join(","));
const parts = new Set(ONLY.split(",").map((p) => p.trim()));
for (const p of parts) {
  if (!PARTS.includes(p)) {
    console.error(`bench:query: BENCH_QUERY_ONLY names ${p}; the parts are ${PARTS.join(", ")}`);
    process.exit(1);
  }
}

const manifestPath = join(DATA_DIR, "bench-manifest.json");
if (!existsSync(manifestPath)) {
  console.error(`bench:query: no data set at ${DATA_DIR}; run \`npm run bench:ingest\` first (it leaves one there).`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
  spanRequests: number;
  logRequests: number;
  tracesPerRequest: number;
  templates: number;
  endNs: string;
};
const endMs = Number(BigInt(manifest.endNs) / 1_000_000n);
const HOUR = 3_600_000;

/** The i-th of `of` samples' trace ID: spread over the whole data set, each one different. */
function sampleTraceId(i: number, requests: number, of = SAMPLES): string {
  const k = Math.floor(((i * 7919) % of) * (requests / of));
  return traceIdHex((k % manifest.templates) + 1, (i * 31) % manifest.tracesPerRequest, k);
}

interface Case {
  name: string;
  goalP99Ms?: number;
  path: (i: number) => string;
  direct: (t: ClickHouseTransport, i: number) => Promise<unknown>;
}

const range = (hours: number) => ({ from: String(endMs - hours * HOUR), to: String(endMs) });

const cases: Case[] = [
  {
    name: "trace by ID",
    goalP99Ms: 15,
    path: (i) => `/api/v1/traces/${sampleTraceId(i, manifest.spanRequests)}`,
    direct: (t, i) => queryTraceById(t, sampleTraceId(i, manifest.spanRequests)),
  },
  {
    name: "logs by trace ID",
    goalP99Ms: 30,
    path: (i) => `/api/v1/logs?${qs({ traceId: sampleTraceId(i, manifest.logRequests) })}`,
    direct: (t, i) => searchLogs(t, LogsQuerySchema.parse({ traceId: sampleTraceId(i, manifest.logRequests) })),
  },
  ...[1, 24, 24 * 7].map((hours) => ({
    name: `log search "${RARE_WORD}", newest 100, last ${hours} h`,
    goalP99Ms: 100,
    path: () => `/api/v1/logs?${qs({ q: RARE_WORD, limit: "100", ...range(hours) })}`,
    direct: (t: ClickHouseTransport) =>
      searchLogs(t, LogsQuerySchema.parse({ q: RARE_WORD, limit: "100", ...range(hours) })),
  })),
  {
    name: "services, last 1 h",
    path: () => `/api/v1/services?${qs(range(1))}`,
    direct: (t) => queryServices(t, ServicesQuerySchema.parse(range(1))),
  },
  {
    name: "trace search service=checkout minDuration=30ms, last 1 h",
    path: () => `/api/v1/traces?${qs({ service: "checkout", minDurationMs: "30", ...range(1) })}`,
    direct: (t) =>
      searchTraces(t, TraceSearchQuerySchema.parse({ service: "checkout", minDurationMs: "30", ...range(1) })),
  },
  {
    name: "RED frontend, last 24 h",
    path: () => `/api/v1/red?${qs({ service: "frontend", ...range(24) })}`,
    direct: (t) => queryRed(t, RedQuerySchema.parse({ service: "frontend", ...range(24) })),
  },
];
const lookups = parts.has("lookups") ? cases : [];
/** The data set's whole day (issue 14: the map within 200 ms over 24 hours of 10 M spans). */
const mapRange = { from: endMs - 24 * HOUR, to: endMs };

console.log(
  `bench:query — data set ${DATA_DIR} (${fmt(manifest.spanRequests * manifest.tracesPerRequest * 10, 0)} spans, ${fmt(manifest.logRequests * manifest.tracesPerRequest * 10, 0)} logs), ${SAMPLES} samples per query`,
);
// The engine first: it also waits for background merges left by the ingest run, so both sides
// measure the settled table a long-running service would have.
const onEngine = new Map<string, LatencySummary>();
let mapBaseline: Awaited<ReturnType<typeof measureSelfJoin>> | undefined;
const transport = openChdbTransport(join(DATA_DIR, "clickhouse"));
try {
  await waitForMerges(transport);
  for (const c of lookups) {
    const summary = await measure((i) => c.direct(transport, i), c.goalP99Ms ? SAMPLES : Math.min(SAMPLES, 50));
    onEngine.set(c.name, summary);
    console.log(`engine ${c.name}: ${line(summary)}`);
  }
  if (parts.has("map")) mapBaseline = await measureSelfJoin(transport, mapRange, MAP_BASELINE_SAMPLES);
} finally {
  await transport.close();
}

console.log("");
const api = await startApi(DATA_DIR);
try {
  for (const c of lookups) {
    const summary = await measure((i) => apiGet(api, c.path(i)), c.goalP99Ms ? SAMPLES : Math.min(SAMPLES, 50));
    const engine = onEngine.get(c.name)!;
    const goal = c.goalP99Ms ? `; goal p99 <= ${c.goalP99Ms} ms: ${summary.p99 <= c.goalP99Ms ? "met" : "MISSED"}` : "";
    console.log(`api    ${c.name}: ${line(summary)}; api/engine p50 ${fmt(summary.p50 / engine.p50, 2)}x${goal}`);
  }
  // The map first: the api pairs the last calls of a data set only while they are under an hour old.
  if (mapBaseline)
    await reportServiceMap({
      api: api.api,
      headers: api.headers,
      range: mapRange,
      baseline: mapBaseline,
      samples: SAMPLES,
      goalP99Ms: 200,
      pairingWaitS: MAP_PAIRING_WAIT_S,
    });
  if (parts.has("search"))
    await reportSearchLanguage({
      api: api.api,
      headers: api.headers,
      endMs,
      traceId: (i) => sampleTraceId(i, manifest.logRequests, SEARCH_SAMPLES),
      samples: SEARCH_SAMPLES,
    });
  if (parts.has("contention"))
    await reportContention("trace by ID", {
      api: api.api,
      headers: api.headers,
      otlpHttp: api.otlpHttp,
      // Each condition looks up traces of its own: 3 conditions of CONTENTION_SAMPLES.
      lookupPath: (i) => `/api/v1/traces/${sampleTraceId(i, manifest.spanRequests, 3 * CONTENTION_SAMPLES)}`,
      samples: CONTENTION_SAMPLES,
      // The heaviest read of the UI: the trace scatter over 7 days reads every span.
      slowPath: `/api/v1/traces/scatter?${qs(range(24 * 7))}`,
      templates: Array.from({ length: manifest.templates }, (_, i) => traceTemplate(manifest.tracesPerRequest, i + 1)),
      itemsPerRequest: manifest.tracesPerRequest * SPANS_PER_TRACE,
      baseNs: BigInt(manifest.endNs) - 3_600_000_000_000n,
    });
} finally {
  await api.stop();
}
