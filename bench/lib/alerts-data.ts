// The data set `npm run bench:alerts` evaluates against: alerts-dataset.ts's metrics (every
// tick of the ~2 h window), background logs, and the exemplars' traces and logs for the last
// 20 minutes, sent through the real api's OTLP/HTTP protobuf receiver (as bench:ingest and
// bench:ui load), then background merges waited out. A directory already loaded for the same
// size, holding exactly the rows its manifest says and still ending far enough ahead of now,
// is reused as it is.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import { type ClickHouseTransport, openChdbTransport, sql } from "@tracelight/store";
import { waitForMerges } from "@tracelight/store/testing";
import { type AlertsTemplate, alertsTemplate, PARTS, phaseOf, SERIES, TICK_MS, VARIANTS } from "./alerts-dataset.ts";
import { stamp, type Template } from "./dataset.ts";
import { post } from "./load.ts";
import { fmt, ProgressBar } from "./stats.ts";
import { startUiApi } from "./ui-servers.ts";

const CONCURRENCY = 8;
/** Exemplars of this last stretch have their traces and logs stored (evidence reads only recent windows). */
const TRACED_TICKS = 120;
const MANIFEST = "bench-alerts-manifest.json";

export interface AlertsManifest {
  targetPoints: number;
  ticks: number;
  points: number;
  spans: number;
  logs: number;
  /** Epoch ms: the first tick's start and the last tick's end. */
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
 * real clock, so its last minutes (the incidents) must still lie ahead when the cycles run. A
 * fresh one is placed to end `aheadMs` after its load, whose length is guessed from the last.
 */
export async function prepareAlertsData(dir: string, targetPoints: number, aheadMs: number): Promise<AlertsManifest> {
  const last = readManifest(dir);
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
  const started = performance.now();
  const templates: AlertsTemplate[][][] = Array.from({ length: PARTS }, (_, p) =>
    [0, 1, 2].map((phase) => Array.from({ length: VARIANTS }, (_, v) => alertsTemplate(p, phase, v))),
  );
  console.log(
    `  ${SERIES} series × ${ticks} ticks of ${TICK_MS / 1000} s; templates built in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  // Points ahead of now are stored as any other: ingest refuses only those over a day ahead. The
  // load is guessed from the last of its size with room to spare (a busy machine loads slower),
  // the first at 10,000 points/s; a cycle that would come early waits.
  const loadMs = last?.targetPoints === targetPoints ? 1.5 * last.loadSeconds * 1000 : (ticks * SERIES) / 10;
  const endMs = Math.ceil((Date.now() + loadMs + aheadMs) / TICK_MS) * TICK_MS;
  const startMs = endMs - ticks * TICK_MS;
  const metrics: Job[] = [];
  const traced: Job[] = [];
  const logs: Job[] = [];
  for (let tick = 0; tick < ticks; tick++) {
    const baseNs = BigInt(startMs + tick * TICK_MS) * 1_000_000n;
    for (let p = 0; p < PARTS; p++) {
      const t = templates[p]![phaseOf(tick, ticks)]![tick % VARIANTS]!;
      const seq = tick * PARTS + p;
      metrics.push({ template: t.metrics, seq, baseNs });
      logs.push({ template: t.logs, seq, baseNs });
      // Traces only for the last stretch; older exemplars point at traces no longer kept.
      if (tick >= ticks - TRACED_TICKS) traced.push({ template: t.traces, seq, baseNs });
    }
  }
  const expected = {
    points: metrics.reduce((n, j) => n + j.template.items, 0),
    spans: traced.reduce((n, j) => n + j.template.items, 0),
    logs: logs.reduce((n, j) => n + j.template.items, 0),
  };

  rmSync(dir, { recursive: true, force: true });
  // Its own self-metrics would be counted with the points sent below.
  const api = await startUiApi(dir, { TRACELIGHT_SELF_METRICS_INTERVAL_S: "0" });
  try {
    await send(`${api.otlpHttp}/v1/traces`, traced, "spans");
    await send(`${api.otlpHttp}/v1/logs`, logs, "logs");
    await send(`${api.otlpHttp}/v1/metrics`, metrics, "metric points");
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
