// `npm run bench:ingest`: OTLP/HTTP protobuf ingest through the real api, end to end (a 200
// means stored), against the raw engine baseline — the same rows encoded ahead of time and
// inserted straight into chDB by the fastest path. Also runs a short overload to show the
// api's memory stays bounded. Leaves the data set for `npm run bench:query`.
//
// Env: BENCH_SPANS (default 10,000,000), BENCH_LOGS (default = spans), BENCH_CONCURRENCY (16),
// BENCH_REQUEST_ITEMS (spans or logs per request, default 1,000), BENCH_DATA_DIR (./data/bench).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ProgressBar } from "@tracelight/progress-bar";
import { openChdbTransport } from "@tracelight/store";
import { mainThreadCpuNs, processCpuNs } from "./lib/agent-cpu.ts";
import { startApi } from "./lib/api-process.ts";
import { countRows } from "./lib/count-rows.ts";
import { logTemplate, SPANS_PER_TRACE, traceTemplate } from "./lib/dataset.ts";
import { measureEngineBaseline } from "./lib/engine-baseline.ts";
import { type LoadResult, runLoad } from "./lib/load.ts";
import { fmt, processMemoryMiB } from "./lib/stats.ts";

const root = join(import.meta.dirname, "..");
const SPANS = Number(process.env.BENCH_SPANS ?? 10_000_000);
const LOGS = Number(process.env.BENCH_LOGS ?? SPANS);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
// More requests in flight than the default queue limit (200,000 rows) holds, so some must be refused.
const OVERLOAD_CONCURRENCY = 320;
const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(root, "data/bench");
// 1,000 items per request by default; the Collector's batch processor sends up to 8,192.
const TRACES_PER_REQUEST = Math.max(1, Math.round(Number(process.env.BENCH_REQUEST_ITEMS ?? 1000) / SPANS_PER_TRACE));
const TEMPLATES = 16;
const ITEMS_PER_REQUEST = TRACES_PER_REQUEST * SPANS_PER_TRACE;
const DAY_NS = 86_400_000_000_000n;

export const templateSeed = (k: number) => (k % TEMPLATES) + 1;

const traceTemplates = Array.from({ length: TEMPLATES }, (_, i) => traceTemplate(TRACES_PER_REQUEST, i + 1));
const logTemplates = Array.from({ length: TEMPLATES }, (_, i) => logTemplate(TRACES_PER_REQUEST, i + 1));
const spanRequests = Math.ceil(SPANS / ITEMS_PER_REQUEST);
const logRequests = Math.ceil(LOGS / ITEMS_PER_REQUEST);
// The data set spans the last 24 hours, oldest first, as a day of traffic would.
const endNs = BigInt(Date.now()) * 1_000_000n;
const startNs = endNs - DAY_NS;
const baseNs = (requests: number) => (k: number) => startNs + (DAY_NS * BigInt(k)) / BigInt(requests);

/** CPU time per acknowledged item: the whole api (engine included) and its main thread (its JavaScript). */
interface CpuPerItem {
  totalUs: number;
  mainUs: number;
}

/** Runs `load` against the api, measuring the api's CPU time over it (load-independent, unlike rates). */
async function measured(
  pid: number,
  load: () => Promise<LoadResult>,
): Promise<{ result: LoadResult; cpu: CpuPerItem }> {
  const total = processCpuNs(pid);
  const main = mainThreadCpuNs(pid);
  const result = await load();
  const items = Math.max(1, result.acknowledgedItems);
  const cpu = {
    totalUs: (processCpuNs(pid) - total) / 1000 / items,
    mainUs: (mainThreadCpuNs(pid) - main) / 1000 / items,
  };
  return { result, cpu };
}

function report(label: string, result: LoadResult, cpu: CpuPerItem, memory: { rss: number; peak: number }): number {
  const rate = result.acknowledgedItems / result.seconds;
  console.log(
    `${label}: ${fmt(result.acknowledgedItems, 0)} acknowledged in ${fmt(result.seconds, 1)} s = ${fmt(rate, 0)}/s; ` +
      `refused ${result.refused}, failed ${result.failed}; api CPU ${fmt(cpu.totalUs, 2)} µs per item ` +
      `(main thread ${fmt(cpu.mainUs, 2)} µs); api RSS ${fmt(memory.rss, 0)} MiB, peak ${fmt(memory.peak, 0)} MiB`,
  );
  for (const e of result.errors) console.log(`  error: ${e}`);
  return rate;
}

async function ingestThroughService() {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const api = await startApi(DATA_DIR);
  try {
    const spanBar = new ProgressBar("spans", spanRequests * ITEMS_PER_REQUEST);
    const spans = await measured(api.pid, () =>
      runLoad({
        url: `${api.otlpHttp}/v1/traces`,
        templates: traceTemplates,
        requests: spanRequests,
        concurrency: CONCURRENCY,
        baseNs: baseNs(spanRequests),
        onProgress: (n) => spanBar.update(n),
      }),
    );
    spanBar.done();
    const spanRate = report("service ingest, traces", spans.result, spans.cpu, processMemoryMiB(api.pid));
    const logBar = new ProgressBar("logs", logRequests * ITEMS_PER_REQUEST);
    const logs = await measured(api.pid, () =>
      runLoad({
        url: `${api.otlpHttp}/v1/logs`,
        templates: logTemplates,
        requests: logRequests,
        concurrency: CONCURRENCY,
        baseNs: baseNs(logRequests),
        onProgress: (n) => logBar.update(n),
      }),
    );
    logBar.done();
    const logRate = report("service ingest, logs", logs.result, logs.cpu, processMemoryMiB(api.pid));
    return { spanRate, logRate, spanCpu: spans.cpu, logCpu: logs.cpu };
  } finally {
    await api.stop();
  }
}

async function overload() {
  const dir = `${DATA_DIR}-overload`;
  rmSync(dir, { recursive: true, force: true });
  const api = await startApi(dir);
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, processMemoryMiB(api.pid).rss);
  }, 100);
  try {
    const result = await runLoad({
      url: `${api.otlpHttp}/v1/traces`,
      templates: traceTemplates,
      requests: Number.MAX_SAFE_INTEGER,
      concurrency: OVERLOAD_CONCURRENCY,
      baseNs: () => endNs,
      deadlineMs: 20_000,
    });
    clearInterval(sampler);
    const rate = result.acknowledgedItems / result.seconds;
    console.log(
      `overload (${OVERLOAD_CONCURRENCY} requests of ${ITEMS_PER_REQUEST} spans in flight, 20 s): ${fmt(rate, 0)} spans/s acknowledged, ` +
        `${result.refused} answered 429/503, ${result.failed} failed; api RSS peak ${fmt(peak, 0)} MiB`,
    );
    return { peakMiB: peak, refused: result.refused };
  } finally {
    clearInterval(sampler);
    await api.stop();
  }
}

console.log(
  `bench:ingest — ${fmt(SPANS, 0)} spans and ${fmt(LOGS, 0)} logs, ${CONCURRENCY} requests in flight, ${ITEMS_PER_REQUEST} items per request`,
);
const service = await ingestThroughService();
{
  const transport = openChdbTransport(join(DATA_DIR, "clickhouse"));
  console.log(`service stored: ${await countRows(transport)}`);
  await transport.close();
}
writeFileSync(
  join(DATA_DIR, "bench-manifest.json"),
  JSON.stringify({
    spanRequests,
    logRequests,
    tracesPerRequest: TRACES_PER_REQUEST,
    templates: TEMPLATES,
    startNs: String(startNs),
    endNs: String(endNs),
  }),
);
const baseline = await measureEngineBaseline({
  traceTemplates,
  logTemplates,
  // As many rows as the service run, so background merges weigh on both alike.
  rows: SPANS,
  baseNs: startNs,
  dir: `${DATA_DIR}-baseline`,
});
console.log(
  `engine baseline (pre-encoded Native blocks straight into chDB): spans ${fmt(baseline.spanRate, 0)}/s, logs ${fmt(baseline.logRate, 0)}/s; ` +
    `CPU ${fmt(baseline.spanCpuUs, 2)} µs per span, ${fmt(baseline.logCpuUs, 2)} µs per log`,
);
const over = await overload();
console.log("\nsummary");
console.log(
  `  spans/s end to end ${fmt(service.spanRate, 0)} (goal >= 150,000); ratio to engine ${fmt(service.spanRate / baseline.spanRate, 2)} (goal >= 0.75)`,
);
console.log(
  `  logs/s end to end ${fmt(service.logRate, 0)}; ratio to engine ${fmt(service.logRate / baseline.logRate, 2)}`,
);
// CPU per item does not depend on what else the machine runs, as rates do: engine CPU over
// service CPU is what the rate ratio would be if both had the machine to themselves.
console.log(
  `  CPU per span: service ${fmt(service.spanCpu.totalUs, 2)} µs (JavaScript ${fmt(service.spanCpu.mainUs, 2)} µs), ` +
    `engine ${fmt(baseline.spanCpuUs, 2)} µs: ratio ${fmt(baseline.spanCpuUs / service.spanCpu.totalUs, 2)}`,
);
console.log(
  `  CPU per log: service ${fmt(service.logCpu.totalUs, 2)} µs (JavaScript ${fmt(service.logCpu.mainUs, 2)} µs), ` +
    `engine ${fmt(baseline.logCpuUs, 2)} µs: ratio ${fmt(baseline.logCpuUs / service.logCpu.totalUs, 2)}`,
);
console.log(`  api RSS peak under overload ${fmt(over.peakMiB, 0)} MiB with ${over.refused} requests refused`);
