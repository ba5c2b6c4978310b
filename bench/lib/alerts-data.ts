// The data set `npm run bench:alerts` evaluates against: alerts-dataset.ts's metrics (every
// tick of the ~2 h window), background logs, and the exemplars' traces and logs for the last
// 20 minutes, sent through the real api's OTLP/HTTP protobuf receiver (as bench:ingest and
// bench:ui load), then background merges waited out. A directory already loaded for the same
// size, holding exactly the rows its manifest says and still ending far enough ahead of now,
// is reused as it is.
//
// The api's evaluator reads on the real clock, so the data's last minutes must lie just ahead
// of the run when loading ends, and a load's length cannot be known before it (one under load
// took 340 s where 1.5 × the last load was guessed). So the bulk (every tick but the last 20
// minutes, read by no rule's window) goes first, placed to end before the load began, and
// only then is the tail placed: after a gap, to end `aheadMs` after its own load, guessed from
// the rate the bulk was just sent at. (Points ahead of now are stored as any other: ingest
// refuses only those over a day ahead.)
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import { ProgressBar } from "@tracelight/progress-bar";
import { type ClickHouseTransport, openChdbTransport, sql } from "@tracelight/store";
import { waitForMerges } from "@tracelight/store/testing";
import { type AlertsTemplate, alertsTemplate, PARTS, phaseOf, SERIES, TICK_MS, VARIANTS } from "./alerts-dataset.ts";
import { stamp, type Template } from "./dataset.ts";
import { post } from "./load.ts";
import { fmt } from "./stats.ts";
import { startUiApi } from "./ui-servers.ts";

const CONCURRENCY = 8;
/**
 * The tail: its exemplars have their traces and logs stored (evidence reads only recent
 * windows), and it holds both incidents and every window the measured cycles read.
 */
const TRACED_TICKS = 120;
/** Items (points, logs, spans) per second assumed when there is no bulk to measure (a small data set). */
const GUESSED_RATE = 5_000;
const MANIFEST = "bench-alerts-manifest.json";

export interface AlertsManifest {
  targetPoints: number;
  ticks: number;
  points: number;
  spans: number;
  logs: number;
  /** Epoch ms: the first tick's start and the last tick's end (a gap lies before the tail's 20 minutes). */
  startMs: number;
  endMs: number;
  loadSeconds: number;
  loadedAt: string;
}

export interface StoredRows {
  points: number;
  histogram: number;
  sum: number;
  gauge: number;
  exemplars: number;
  spans: number;
  logs: number;
}

export async function storedRows(t: ClickHouseTransport): Promise<StoredRows> {
  const [row] = await t.query<Record<string, string>>(
    sql`SELECT (SELECT count() FROM otel_metrics_histogram) AS histogram, (SELECT count() FROM otel_metrics_sum) AS sum,
      (SELECT count() FROM otel_metrics_gauge) AS gauge, (SELECT count() FROM tracelight_exemplars) AS exemplars,
      (SELECT count() FROM otel_traces) AS spans, (SELECT count() FROM otel_logs) AS logs`,
  );
  const n = (k: string) => Number(row?.[k] ?? 0);
  return {
    points: n("histogram") + n("sum") + n("gauge"),
    histogram: n("histogram"),
    sum: n("sum"),
    gauge: n("gauge"),
    exemplars: n("exemplars"),
    spans: n("spans"),
    logs: n("logs"),
  };
}

function readManifest(dir: string): AlertsManifest | undefined {
  const path = join(dir, MANIFEST);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as AlertsManifest) : undefined;
}

async function checkReuse(dir: string, targetPoints: number, aheadMs: number): Promise<string | AlertsManifest> {
  const m = readManifest(dir);
  if (m === undefined) return "no data set there yet";
  if (m.targetPoints !== targetPoints) return `it holds ${fmt(m.targetPoints, 0)} points, not ${fmt(targetPoints, 0)}`;
  if (m.endMs - Date.now() < aheadMs) return `it ends before the run's last cycle (${new Date(m.endMs).toISOString()})`;
  const t = openChdbTransport(join(dir, "clickhouse"));
  try {
    const rows = await storedRows(t);
    if (rows.points !== m.points || rows.spans !== m.spans || rows.logs !== m.logs)
      return `row counts differ from its manifest (${fmt(rows.points, 0)} points, ${fmt(rows.spans, 0)} spans, ${fmt(rows.logs, 0)} logs stored)`;
    await waitForMerges(t);
  } finally {
    await t.close();
  }
  return m;
}

interface Job {
  template: Template;
  seq: number;
  baseNs: bigint;
}

/**
 * Sends every job (load.ts's runLoad numbers requests 0..n; here each job names its own
 * request number, so a trace request carries the same trace IDs as its metrics request).
 * A 429/503 is retried after a pause: every row must land.
 */
async function send(url: string, jobs: Job[], label: string): Promise<{ items: number; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(url);
  const bar = new ProgressBar(
    label,
    jobs.reduce((n, j) => n + j.template.items, 0),
  );
  const started = performance.now();
  let items = 0;
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const body = stamp(job.template, job.seq, job.baseNs);
      for (let attempt = 0; ; attempt++) {
        const { status, text } = await post(agent, target, body);
        if (status === 200) break;
        if ((status === 429 || status === 503) && attempt < 50) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        throw new Error(`${label}: ${status} ${text.slice(0, 300)}`);
      }
      items += job.template.items;
      bar.update(items);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  bar.done();
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label}: ${fmt(items, 0)} in ${fmt(seconds, 1)} s = ${fmt(items / seconds, 0)}/s`);
  return { items, seconds };
}

/**
 * The data set in `dir`, ending at least `aheadMs` from now: the api's evaluator reads it on the
 * real clock, so its last minutes (the incidents) must still lie ahead when the cycles run.
 */
export async function prepareAlertsData(dir: string, targetPoints: number, aheadMs: number): Promise<AlertsManifest> {
  const reuse = await checkReuse(dir, targetPoints, aheadMs);
  if (typeof reuse !== "string") {
    console.log(
      `data: reusing ${dir} (${fmt(reuse.points, 0)} metric points, ${fmt(reuse.spans, 0)} spans, ${fmt(reuse.logs, 0)} logs; ` +
        `loaded ${reuse.loadedAt} in ${fmt(reuse.loadSeconds, 0)} s; row counts match its manifest). Delete the directory to reload.`,
    );
    return reuse;
  }
  console.log(`data: loading ${dir} afresh: ${reuse}`);
  const ticks = Math.max(60, Math.round(targetPoints / SERIES));
  const tail = Math.min(ticks, TRACED_TICKS);
  const started = performance.now();
  const templates: AlertsTemplate[][][] = Array.from({ length: PARTS }, (_, p) =>
    [0, 1, 2].map((phase) => Array.from({ length: VARIANTS }, (_, v) => alertsTemplate(p, phase, v))),
  );
  console.log(
    `  ${SERIES} series × ${ticks} ticks of ${TICK_MS / 1000} s (the last ${tail} placed after the rest has loaded); ` +
      `templates built in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  /** Jobs for ticks [from, to), tick `from` starting at `startMs`. */
  const jobs = (from: number, to: number, startMs: number) => {
    const out = { metrics: [] as Job[], traced: [] as Job[], logs: [] as Job[] };
    for (let tick = from; tick < to; tick++) {
      const baseNs = BigInt(startMs + (tick - from) * TICK_MS) * 1_000_000n;
      for (let p = 0; p < PARTS; p++) {
        const t = templates[p]![phaseOf(tick, ticks)]![tick % VARIANTS]!;
        const seq = tick * PARTS + p;
        out.metrics.push({ template: t.metrics, seq, baseNs });
        out.logs.push({ template: t.logs, seq, baseNs });
        // Traces only for the tail; older exemplars point at traces no longer kept.
        if (tick >= ticks - tail) out.traced.push({ template: t.traces, seq, baseNs });
      }
    }
    return out;
  };
  const items = (js: Job[]) => js.reduce((n, j) => n + j.template.items, 0);

  rmSync(dir, { recursive: true, force: true });
  // Its own self-metrics would be counted with the points sent below.
  const api = await startUiApi(dir, { TRACELIGHT_SELF_METRICS_INTERVAL_S: "0" });
  const expected = { points: 0, spans: 0, logs: 0 };
  let startMs: number;
  let endMs: number;
  try {
    // The bulk ends where the tail would start if it took no time to load: the tail comes later.
    const bulkTicks = ticks - tail;
    const bulk = jobs(0, bulkTicks, Date.now() + aheadMs - ticks * TICK_MS);
    let rate = GUESSED_RATE;
    if (bulkTicks > 0) {
      const sent = [
        await send(`${api.otlpHttp}/v1/logs`, bulk.logs, "logs (bulk)"),
        await send(`${api.otlpHttp}/v1/metrics`, bulk.metrics, "metric points (bulk)"),
      ];
      rate = sent.reduce((n, x) => n + x.items, 0) / sent.reduce((n, x) => n + x.seconds, 0);
    }
    const unplaced = jobs(bulkTicks, ticks, 0);
    const tailMs = (1.5 * 1000 * (items(unplaced.metrics) + items(unplaced.logs) + items(unplaced.traced))) / rate;
    endMs = Math.ceil((Date.now() + tailMs + aheadMs) / TICK_MS) * TICK_MS;
    const placed = jobs(bulkTicks, ticks, endMs - tail * TICK_MS);
    startMs = Number((bulk.metrics[0] ?? placed.metrics[0]!).baseNs / 1_000_000n);
    console.log(
      `  tail: the last ${tail} ticks, guessed to load in ${fmt(tailMs / 1000, 0)} s ` +
        `(${bulkTicks > 0 ? `the bulk went at ${fmt(rate, 0)} items/s` : `no bulk: ${fmt(rate, 0)} items/s assumed`}), ` +
        `placed to end ${fmt(aheadMs / 1000, 0)} s after that`,
    );
    await send(`${api.otlpHttp}/v1/traces`, placed.traced, "spans (tail)");
    await send(`${api.otlpHttp}/v1/logs`, placed.logs, "logs (tail)");
    await send(`${api.otlpHttp}/v1/metrics`, placed.metrics, "metric points (tail)");
    for (const part of [bulk, placed]) {
      expected.points += items(part.metrics);
      expected.spans += items(part.traced);
      expected.logs += items(part.logs);
    }
  } finally {
    await api.stop();
  }
  const t = openChdbTransport(join(dir, "clickhouse"));
  let rows: StoredRows;
  try {
    await waitForMerges(t);
    rows = await storedRows(t);
  } finally {
    await t.close();
  }
  const loadSeconds = (performance.now() - started) / 1000;
  console.log(
    `stored: ${fmt(rows.points, 0)} metric points (${fmt(rows.histogram, 0)} histogram, ${fmt(rows.sum, 0)} sum, ` +
      `${fmt(rows.gauge, 0)} gauge), ${fmt(rows.exemplars, 0)} exemplars, ${fmt(rows.spans, 0)} spans, ${fmt(rows.logs, 0)} logs; ` +
      `loaded in ${fmt(loadSeconds, 0)} s`,
  );
  if (rows.points !== expected.points || rows.spans !== expected.spans || rows.logs !== expected.logs)
    throw new Error(
      `stored rows differ from what was sent (${fmt(expected.points, 0)} points, ${fmt(expected.spans, 0)} spans, ${fmt(expected.logs, 0)} logs)`,
    );
  const manifest: AlertsManifest = {
    targetPoints,
    ticks,
    points: rows.points,
    spans: rows.spans,
    logs: rows.logs,
    startMs,
    endMs,
    loadSeconds,
    loadedAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest));
  return manifest;
}
